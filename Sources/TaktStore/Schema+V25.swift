import GRDB

extension Schema {
    /// The migrations from v25 on (`Schema.swift` holds the earlier ones).
    static let migrationsFromV25: [Migration] = [
        Migration("v25: a run's robots stored as one row, read through a view of their old table") { db in
            // The EV plant's 702 robots wrote 702 rows a run, most of the store's work
            // on short replications. One row of JSON per run, and the old table a view
            // with the same columns, so queries and readers written for it keep working.
            // Reals go through 17 digits: json_array writes 15 and would round them.
            // A robot figure declared later appends its column here, as json_extract(r.value, '$[7]'):
            // NULL for runs stored before it.
            try db.execute(sql: """
                CREATE TABLE run_robot_figures (
                    run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
                    robots TEXT NOT NULL              -- JSON array, a robot each in plant order:
                                                      -- [position, station, robot, failures, failed, energy_kwh, maintenances]
                );
                INSERT INTO run_robot_figures
                    SELECT run_id, json_group_array(json_array(position, station, robot, failures,
                                                               json(printf('%!.17g', failed)), json(printf('%!.17g', energy_kwh)), maintenances))
                    FROM (SELECT * FROM robot_stats ORDER BY run_id, position, robot) GROUP BY run_id;
                DROP TABLE robot_stats;
                CREATE VIEW robot_stats AS
                    SELECT f.run_id AS run_id,
                           json_extract(r.value, '$[0]') AS position, json_extract(r.value, '$[1]') AS station,
                           json_extract(r.value, '$[2]') AS robot, json_extract(r.value, '$[3]') AS failures,
                           json_extract(r.value, '$[4]') AS failed, json_extract(r.value, '$[5]') AS energy_kwh,
                           json_extract(r.value, '$[6]') AS maintenances
                    FROM run_robot_figures f, json_each(f.robots) r;
                """)
        },
        Migration("v26: a run's plant figures stored as one row, read through a view of their old table") { db in
            // Sixteen to twenty rows a run were a third of the store's work on short
            // replications. As for the robots (v25): one row of JSON per run, by name,
            // and the old table a view with the same columns. Reals through 17 digits;
            // a value that is not finite (JSON has none) becomes NULL.
            try db.execute(sql: """
                CREATE TABLE run_metric_values (
                    run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
                    metrics TEXT NOT NULL             -- JSON array, a figure each by name: [name, value, unit]
                );
                INSERT INTO run_metric_values
                    SELECT run_id, json_group_array(json_array(
                        name, CASE WHEN abs(value) <= 1.7976931348623157e308 THEN json(printf('%!.17g', value)) END, unit))
                    FROM (SELECT * FROM run_metrics ORDER BY run_id, name) GROUP BY run_id;
                DROP TABLE run_metrics;
                CREATE VIEW run_metrics AS
                    SELECT v.run_id AS run_id, json_extract(m.value, '$[0]') AS name, json_extract(m.value, '$[1]') AS value,
                           json_extract(m.value, '$[2]') AS unit
                    FROM run_metric_values v, json_each(v.metrics) m;
                """)
        },
    ]
}
