import GRDB

/// The store's schema, as append-only migrations.
///
/// Never edit a migration that has shipped: add a new one. Migrations use SQL
/// only, never application types, so they stay valid as the code changes.
enum Schema {
    /// Every migration, in order.
    static let migrations = migrationsV1toV24 + migrationsFromV25

    static let migrationsV1toV24: [Migration] = [
        Migration("v1: runs, run metrics, station statistics") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    batch TEXT NOT NULL,              -- one id per command invocation
                    started_at TEXT NOT NULL,         -- ISO 8601, UTC
                    finished_at TEXT NOT NULL,
                    plant_name TEXT NOT NULL,
                    plant_path TEXT NOT NULL,
                    plant_hash TEXT NOT NULL,         -- SHA-256 of the plant file and its CSVs
                    seed INTEGER NOT NULL,
                    replication INTEGER NOT NULL,
                    takt_version TEXT NOT NULL,
                    duration_s REAL NOT NULL,
                    warmup_s REAL NOT NULL,
                    wall_seconds REAL NOT NULL,
                    events INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('completed'))
                );
                CREATE INDEX runs_plant ON runs(plant_hash, seed, replication);
                CREATE TABLE run_metrics (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    value REAL,
                    unit TEXT NOT NULL,
                    PRIMARY KEY (run_id, name)
                ) WITHOUT ROWID;
                CREATE TABLE station_stats (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    station TEXT NOT NULL,
                    servers INTEGER NOT NULL,
                    jobs INTEGER NOT NULL,
                    mean_wait_s REAL NOT NULL,
                    mean_time_in_station_s REAL NOT NULL,
                    prob_wait REAL NOT NULL,
                    mean_queue_length REAL NOT NULL,
                    utilization REAL NOT NULL,
                    working REAL NOT NULL,
                    starved REAL NOT NULL,
                    blocked REAL NOT NULL,
                    failed REAL NOT NULL,
                    PRIMARY KEY (run_id, position)
                ) WITHOUT ROWID;
                """)
        },
        Migration("v2: station shop and energy") { db in
            try db.execute(sql: """
                ALTER TABLE station_stats ADD COLUMN shop TEXT;
                ALTER TABLE station_stats ADD COLUMN energy_kwh REAL NOT NULL DEFAULT 0;
                """)
        },
        Migration("v3: off-shift time") { db in
            try db.execute(sql: "ALTER TABLE station_stats ADD COLUMN off_shift REAL NOT NULL DEFAULT 0")
        },
        Migration("v4: bottleneck shares") { db in
            try db.execute(sql: """
                ALTER TABLE station_stats ADD COLUMN bottleneck_sole REAL NOT NULL DEFAULT 0;
                ALTER TABLE station_stats ADD COLUMN bottleneck_shifting REAL NOT NULL DEFAULT 0;
                """)
        },
        Migration("v5: defects found by inspection") { db in
            try db.execute(sql: "ALTER TABLE station_stats ADD COLUMN defects INTEGER NOT NULL DEFAULT 0")
        },
        Migration("v6: robot statistics") { db in
            try db.execute(sql: """
                CREATE TABLE robot_stats (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,        -- the station's position in the plant file
                    station TEXT NOT NULL,
                    robot TEXT NOT NULL,
                    failures INTEGER NOT NULL,
                    failed REAL NOT NULL,             -- share of measured time
                    PRIMARY KEY (run_id, position, robot)
                ) WITHOUT ROWID;
                """)
        },
        Migration("v7: changeovers") { db in
            try db.execute(sql: """
                ALTER TABLE station_stats ADD COLUMN changeovers INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE station_stats ADD COLUMN changeover_share REAL NOT NULL DEFAULT 0;
                """)
        },
        Migration("v8: kits, vehicle fleets, robot energy") { db in
            try db.execute(sql: """
                ALTER TABLE station_stats ADD COLUMN kit_stockout REAL NOT NULL DEFAULT 0;
                ALTER TABLE station_stats ADD COLUMN kit_shortages INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE robot_stats ADD COLUMN energy_kwh REAL NOT NULL DEFAULT 0;
                CREATE TABLE fleet_stats (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,        -- the fleet's position in the plant file
                    fleet TEXT NOT NULL,
                    vehicles INTEGER NOT NULL,
                    deliveries INTEGER NOT NULL,
                    mean_response_s REAL NOT NULL,    -- request to delivery
                    idle REAL NOT NULL,               -- shares of vehicle time
                    busy REAL NOT NULL,
                    charging REAL NOT NULL,
                    charges INTEGER NOT NULL,
                    PRIMARY KEY (run_id, position)
                ) WITHOUT ROWID;
                """)
        },
        Migration("v9: decision statistics") { db in
            try db.execute(sql: """
                CREATE TABLE decision_stats (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,        -- the site's position: stations first, then sources
                    point TEXT NOT NULL,              -- pick, release, dispatch, rework, maintenance
                    at TEXT NOT NULL,                 -- the station or source
                    rule TEXT NOT NULL,               -- oracle, or the policy's precision and file
                    decisions INTEGER NOT NULL,
                    mean_ns REAL NOT NULL,            -- wall-clock nanoseconds per decision
                    teacher_compared INTEGER NOT NULL,
                    teacher_agreement REAL,           -- share, when compared
                    PRIMARY KEY (run_id, position)
                ) WITHOUT ROWID;
                """)
        },
        Migration("v10: robot maintenance") { db in
            try db.execute(sql: "ALTER TABLE robot_stats ADD COLUMN maintenances INTEGER NOT NULL DEFAULT 0")
        },
        Migration("v11: experiments") { db in
            try db.execute(sql: """
                CREATE TABLE experiments (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    hash TEXT NOT NULL,               -- SHA-256 of the experiment file and every variant's plant hash
                    file TEXT NOT NULL,
                    baseline TEXT NOT NULL,
                    variants TEXT NOT NULL,           -- names in file order, one per line
                    created_at TEXT NOT NULL,
                    UNIQUE (name, hash)
                );
                ALTER TABLE runs ADD COLUMN experiment_id INTEGER REFERENCES experiments(id);
                ALTER TABLE runs ADD COLUMN variant TEXT;
                CREATE INDEX runs_by_experiment ON runs(experiment_id, variant, replication);
                """)
        },
        Migration("v12: decision audit trail") { db in
            try db.execute(sql: """
                CREATE TABLE decision_audit (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,             -- order within the run
                    time_s REAL NOT NULL,             -- simulated time of the decision
                    point TEXT NOT NULL,              -- pick, release, dispatch, rework, maintenance
                    at TEXT NOT NULL,                 -- the station, source or fleet
                    policy TEXT NOT NULL,             -- oracle, a rule, or the policy's precision and file
                    model_hash TEXT,                  -- the model file's checksum (sha256:…), NULL for the teacher
                    precision TEXT,                   -- fp32, int8
                    deployment TEXT NOT NULL,
                    features TEXT NOT NULL,           -- JSON array of numbers
                    mask TEXT NOT NULL,               -- JSON array of 0/1, one per action
                    chosen INTEGER NOT NULL,
                    teacher INTEGER,                  -- the teacher's choice, when it was asked
                    latency_s REAL NOT NULL,          -- simulated time the decision took
                    inference_ns INTEGER NOT NULL,    -- wall-clock cost of the inference
                    fallback INTEGER NOT NULL,        -- 1 when a fallback decided
                    PRIMARY KEY (run_id, seq)
                ) WITHOUT ROWID;
                CREATE INDEX decision_audit_by_point ON decision_audit(point, at);
                """)
        },
        Migration("v13: deployed decisions") { db in
            try db.execute(sql: """
                ALTER TABLE decision_stats ADD COLUMN deployment TEXT;          -- NULL: in process
                ALTER TABLE decision_stats ADD COLUMN deployment_kind TEXT;     -- edge, server, cloud, hybrid
                ALTER TABLE decision_stats ADD COLUMN requests INTEGER;         -- after warm-up, like the rest below
                ALTER TABLE decision_stats ADD COLUMN calls INTEGER;            -- calls made (refused ones are not)
                ALTER TABLE decision_stats ADD COLUMN refused INTEGER;          -- by the rate limit
                ALTER TABLE decision_stats ADD COLUMN timed_out INTEGER;
                ALTER TABLE decision_stats ADD COLUMN fallbacks INTEGER;
                ALTER TABLE decision_stats ADD COLUMN latency_p50_s REAL;       -- asking to applying, simulated
                ALTER TABLE decision_stats ADD COLUMN latency_p95_s REAL;
                ALTER TABLE decision_stats ADD COLUMN latency_p99_s REAL;
                ALTER TABLE decision_stats ADD COLUMN wait_hours REAL;          -- time servers and sources waited for answers
                ALTER TABLE decision_stats ADD COLUMN cost REAL;
                ALTER TABLE decision_stats ADD COLUMN energy_j REAL;
                """)
        },
        Migration("v14: report data: takt, experiment figures, output series, histograms") { db in
            try db.execute(sql: """
                ALTER TABLE runs ADD COLUMN takt_s REAL;                -- the plant's takt, seconds (NULL: none)
                ALTER TABLE experiments ADD COLUMN figures TEXT;        -- figures compared, one per line, the first ranks
                CREATE TABLE run_series (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    series TEXT NOT NULL,             -- completed_per_shift_hour
                    bin INTEGER NOT NULL,             -- hour k after warm-up, on the on-shift clock
                    value REAL NOT NULL,
                    PRIMARY KEY (run_id, series, bin)
                ) WITHOUT ROWID;
                CREATE TABLE run_histograms (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    histogram TEXT NOT NULL,          -- lead_time, interdeparture
                    bin INTEGER NOT NULL,             -- fixed bins: 20 per decade from 0.1 s, the same for every run
                    lower_s REAL NOT NULL,            -- the bin holds lower_s <= x < upper_s
                    upper_s REAL,                     -- NULL: no upper edge
                    count INTEGER NOT NULL,           -- after warm-up; empty bins are not stored
                    PRIMARY KEY (run_id, histogram, bin)
                ) WITHOUT ROWID;
                """)
        },
        Migration("v15: policy processes' fallbacks") { db in
            try db.execute(sql: """
                ALTER TABLE decision_stats ADD COLUMN process_fallbacks INTEGER NOT NULL DEFAULT 0;  -- decided by the fallback after the process failed
                ALTER TABLE decision_stats ADD COLUMN process_failure TEXT;                          -- why the site's policy process failed
                """)
        },
        Migration("v16: series and histograms stored as one row each, read through views of their old tables") { db in
            // A short replication wrote some 150 rows of bins; a row per histogram
            // and per series makes the store's write a small part of a run. The
            // old tables become views with the same columns, so queries and
            // readers written for them keep working.
            try db.execute(sql: """
                CREATE TABLE histogram_edges (
                    bin INTEGER PRIMARY KEY,          -- 0 … 161: 20 per decade from 0.1 s, the same for every run
                    lower_s REAL NOT NULL,            -- the bin holds lower_s <= x < upper_s
                    upper_s REAL                      -- NULL: no upper edge
                );
                WITH edge(bin, lower_us) AS (VALUES
                    (0, 0), (1, 100000), (2, 112202), (3, 125893), (4, 141254), (5, 158489), (6, 177828), (7, 199526), (8,
                    223872), (9, 251189), (10, 281838), (11, 316228), (12, 354813), (13, 398107), (14, 446684), (15, 501187), (16,
                    562341), (17, 630957), (18, 707946), (19, 794328), (20, 891251), (21, 1000000), (22, 1122018), (23, 1258925),
                    (24, 1412538), (25, 1584893), (26, 1778279), (27, 1995262), (28, 2238721), (29, 2511886), (30, 2818383), (31,
                    3162278), (32, 3548134), (33, 3981072), (34, 4466836), (35, 5011872), (36, 5623413), (37, 6309573), (38,
                    7079458), (39, 7943282), (40, 8912509), (41, 10000000), (42, 11220185), (43, 12589254), (44, 14125375), (45,
                    15848932), (46, 17782794), (47, 19952623), (48, 22387211), (49, 25118864), (50, 28183829), (51, 31622777),
                    (52, 35481339), (53, 39810717), (54, 44668359), (55, 50118723), (56, 56234133), (57, 63095734), (58,
                    70794578), (59, 79432823), (60, 89125094), (61, 100000000), (62, 112201845), (63, 125892541), (64, 141253754),
                    (65, 158489319), (66, 177827941), (67, 199526231), (68, 223872114), (69, 251188643), (70, 281838293), (71,
                    316227766), (72, 354813389), (73, 398107171), (74, 446683592), (75, 501187234), (76, 562341325), (77,
                    630957344), (78, 707945784), (79, 794328235), (80, 891250938), (81, 1000000000), (82, 1122018454), (83,
                    1258925412), (84, 1412537545), (85, 1584893192), (86, 1778279410), (87, 1995262315), (88, 2238721139), (89,
                    2511886432), (90, 2818382931), (91, 3162277660), (92, 3548133892), (93, 3981071706), (94, 4466835922), (95,
                    5011872336), (96, 5623413252), (97, 6309573445), (98, 7079457844), (99, 7943282347), (100, 8912509381), (101,
                    10000000000), (102, 11220184543), (103, 12589254118), (104, 14125375446), (105, 15848931925), (106,
                    17782794100), (107, 19952623150), (108, 22387211386), (109, 25118864315), (110, 28183829313), (111,
                    31622776602), (112, 35481338923), (113, 39810717055), (114, 44668359215), (115, 50118723363), (116,
                    56234132519), (117, 63095734448), (118, 70794578438), (119, 79432823472), (120, 89125093813), (121,
                    100000000000), (122, 112201845430), (123, 125892541179), (124, 141253754462), (125, 158489319246), (126,
                    177827941004), (127, 199526231497), (128, 223872113857), (129, 251188643151), (130, 281838293126), (131,
                    316227766017), (132, 354813389234), (133, 398107170553), (134, 446683592151), (135, 501187233627), (136,
                    562341325190), (137, 630957344480), (138, 707945784384), (139, 794328234724), (140, 891250938134), (141,
                    1000000000000), (142, 1122018454302), (143, 1258925411794), (144, 1412537544623), (145, 1584893192461), (146,
                    1778279410039), (147, 1995262314969), (148, 2238721138568), (149, 2511886431510), (150, 2818382931264), (151,
                    3162277660168), (152, 3548133892336), (153, 3981071705535), (154, 4466835921510), (155, 5011872336273), (156,
                    5623413251903), (157, 6309573444802), (158, 7079457843841), (159, 7943282347243), (160, 8912509381337), (161,
                    10000000000000))
                INSERT INTO histogram_edges SELECT a.bin, a.lower_us / 1e6, b.lower_us / 1e6 FROM edge a LEFT JOIN edge b ON b.bin = a.bin + 1;

                CREATE TABLE run_histogram_bins (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    histogram TEXT NOT NULL,          -- lead_time, interdeparture
                    bins TEXT NOT NULL,               -- JSON object: bin (histogram_edges) -> count, non-empty bins only
                    PRIMARY KEY (run_id, histogram)
                ) WITHOUT ROWID;
                INSERT INTO run_histogram_bins
                    SELECT run_id, histogram, json_group_object(CAST(bin AS TEXT), count) FROM run_histograms GROUP BY run_id, histogram;
                DROP TABLE run_histograms;
                CREATE VIEW run_histograms AS
                    SELECT h.run_id, h.histogram, e.bin, e.lower_s, e.upper_s, j.value AS count
                    FROM run_histogram_bins h, json_each(h.bins) j JOIN histogram_edges e ON e.bin = CAST(j.key AS INTEGER);

                CREATE TABLE run_series_bins (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    series TEXT NOT NULL,             -- completed_per_shift_hour
                    bins TEXT NOT NULL,               -- JSON object: bin -> value
                    PRIMARY KEY (run_id, series)
                ) WITHOUT ROWID;
                INSERT INTO run_series_bins
                    SELECT run_id, series, json_group_object(CAST(bin AS TEXT), value) FROM run_series GROUP BY run_id, series;
                DROP TABLE run_series;
                CREATE VIEW run_series AS
                    SELECT s.run_id, s.series, CAST(j.key AS INTEGER) AS bin, j.value AS value
                    FROM run_series_bins s, json_each(s.bins) j;
                """)
        },
        Migration("v17: energy per decision, as the deployment declares it") { db in
            try db.execute(sql: """
                ALTER TABLE decision_stats ADD COLUMN energy_per_decision_j REAL;   -- energy_j / requests (NULL: no deployment)
                UPDATE decision_stats SET energy_per_decision_j = CASE WHEN requests > 0 THEN energy_j / requests ELSE 0 END
                    WHERE deployment IS NOT NULL;
                """)
        },
        Migration("v18: worker pools") { db in
            try db.execute(sql: """
                ALTER TABLE station_stats ADD COLUMN waiting_worker REAL NOT NULL DEFAULT 0;   -- share of server time
                CREATE TABLE worker_stats (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,        -- the pool's position in the plant file
                    pool TEXT NOT NULL,
                    workers INTEGER NOT NULL,
                    utilization REAL NOT NULL,        -- time-average share of the workers at work
                    on_duty REAL NOT NULL,            -- time-average share of the workers on duty
                    assignments INTEGER NOT NULL,     -- requests served
                    mean_wait_s REAL NOT NULL,        -- a job's request to its workers, zero waits included
                    repairs INTEGER NOT NULL,         -- repairs whose crew came from the pool
                    mean_repair_wait_s REAL NOT NULL, -- a failure to its crew, zero waits included
                    mean_waiting REAL NOT NULL,       -- time-average requests waiting
                    PRIMARY KEY (run_id, position)
                ) WITHOUT ROWID;
                """)
        },
        Migration("v19: carrier loops") { db in
            try db.execute(sql: """
                ALTER TABLE station_stats ADD COLUMN carriers_in_use REAL NOT NULL DEFAULT 0;    -- at a load station: time-average share in use
                ALTER TABLE station_stats ADD COLUMN carrier_shortage REAL NOT NULL DEFAULT 0;   -- share of measured time with none free
                ALTER TABLE station_stats ADD COLUMN carrier_cycle_s REAL NOT NULL DEFAULT 0;    -- loading to free again, mean
                """)
        },
        Migration("v20: conveyors") { db in
            try db.execute(sql: """
                ALTER TABLE station_stats ADD COLUMN conveyor_fill REAL NOT NULL DEFAULT 0;       -- fed by a conveyor: time-average share of its places taken
                ALTER TABLE station_stats ADD COLUMN conveyor_backed_up REAL NOT NULL DEFAULT 0;  -- share of measured time a job waited at its end
                """)
        },
        Migration("v21: workers walking") { db in
            try db.execute(sql: """
                ALTER TABLE worker_stats ADD COLUMN walking REAL NOT NULL DEFAULT 0;   -- time-average share of the pool's workers walking to a task
                """)
        },
        Migration("v22: optimization searches") { db in
            try db.execute(sql: """
                CREATE TABLE optimization_searches (          -- the search behind a `takt optimize` selection (its experiment)
                    experiment_id INTEGER PRIMARY KEY REFERENCES experiments(id) ON DELETE CASCADE,
                    method TEXT NOT NULL,                     -- COMPASS
                    figure TEXT NOT NULL,
                    higher_is_better INTEGER NOT NULL,
                    budget INTEGER NOT NULL,                  -- replications the search could run
                    replications_per_sample INTEGER NOT NULL,
                    replications INTEGER NOT NULL,            -- replications it ran
                    stopped TEXT NOT NULL                     -- 'local optimum' or 'budget'
                );
                CREATE TABLE optimization_points (            -- every point the search visited, in the order it did
                    experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    point TEXT NOT NULL,                      -- label=value pairs, as the selection's variants are named
                    point_values TEXT NOT NULL,               -- JSON object: key path -> value (YAML text)
                    replications INTEGER NOT NULL,
                    mean REAL,                                -- the figure's mean in the search (optimistic for the best)
                    rank INTEGER,                             -- 1: best in the search; NULL: not run or failed
                    failure TEXT,                             -- why it could not be simulated
                    PRIMARY KEY (experiment_id, position)
                ) WITHOUT ROWID;
                CREATE TABLE optimization_iterations (        -- where the search stood after each iteration
                    experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
                    iteration INTEGER NOT NULL,
                    replications INTEGER NOT NULL,            -- run so far
                    visited INTEGER NOT NULL,                 -- points so far
                    best TEXT NOT NULL,
                    best_mean REAL NOT NULL,
                    best_replications INTEGER NOT NULL,
                    PRIMARY KEY (experiment_id, iteration)
                ) WITHOUT ROWID;
                """)
        },
        Migration("v23: constraints on figures in searches") { db in
            try db.execute(sql: """
                ALTER TABLE optimization_points ADD COLUMN constraint_means TEXT;      -- JSON object: constrained figure -> mean in the search
                ALTER TABLE optimization_points ADD COLUMN keeps_constraints INTEGER;  -- whether those means keep every bound (NULL: none)
                """)
        },
        Migration("v24: batch means of one-replication runs") { db in
            try db.execute(sql: """
                CREATE TABLE batch_means (                    -- a run of one replication: each mean figure's batch means
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    station TEXT NOT NULL,                    -- '' for a plant figure
                    figure TEXT NOT NULL,
                    half_width REAL,                          -- 95%; NULL: the batches stayed correlated
                    batches INTEGER NOT NULL,
                    lag1 REAL NOT NULL,                       -- the batch values' lag-1 autocorrelation
                    PRIMARY KEY (run_id, station, figure)
                ) WITHOUT ROWID;
                """)
        },
    ]
}
