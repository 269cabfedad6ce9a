import GRDB

/// The store's schema, as append-only migrations.
///
/// Never edit a migration that has shipped: add a new one. Migrations use SQL
/// only, never application types, so they stay valid as the code changes.
enum Schema {
    static let migrations: [Migration] = [
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
    ]
}
