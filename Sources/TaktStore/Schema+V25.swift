import GRDB

extension Schema {
    /// The migrations from v25 on (`Schema.swift` holds the earlier ones).
    static let migrationsFromV25: [Migration] = [
        Migration("v25: a run's robots stored as one row, read through a view of their old table") { db in
            // The EV plant's 702 robots wrote 702 rows a run, most of the store's work
            // on short replications. One row of JSON per run, and the old table a view
            // with the same columns, so queries and readers written for it keep working.
            // Reals go through 17 digits: json_array writes 15 and would round them.
            // (v27 groups the robots by station; a robot figure declared later recreates the view
            // there with its column, json_extract(r.value, '$[5]'): NULL for runs stored before it.)
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
        Migration("v27: a run's robots grouped by station, robots named by count written by their number") { db in
            // v25's rows wrote each robot's station and full name, two thirds of their bytes:
            // [[position, station, [[robot, failures, failed, energy_kwh, maintenances], …]], …]
            // writes the station once, and `<station>/r<i>` (i ≥ 0, no leading zero, at most 18
            // digits) as i. Each run's robots are regrouped in their order (window functions keep
            // it), their figures kept as the JSON text they were written as.
            try db.execute(sql: """
                UPDATE run_robot_figures SET robots = (
                  SELECT cells FROM (
                    SELECT json_group_array(json(cell)) OVER (ORDER BY position ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS cells
                    FROM (
                      SELECT position, nth, json_array(position, station, json(robots)) AS cell FROM (
                        SELECT position, station,
                               json_group_array(json(robot)) OVER (PARTITION BY position ORDER BY k
                                                                   ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS robots,
                               row_number() OVER (PARTITION BY position ORDER BY k) AS nth
                        FROM (
                          SELECT k, position, station,
                                 '[' || CASE WHEN substr(name, 1, length(station) + 2) = station || '/r' AND length(digits) BETWEEN 1 AND 18
                                                  AND digits NOT GLOB '*[^0-9]*' AND (digits = '0' OR digits NOT GLOB '0*')
                                             THEN digits ELSE json_quote(name) END
                                     || CASE WHEN figures = '[]' THEN '' ELSE ',' || substr(figures, 2, length(figures) - 2) END || ']' AS robot
                          FROM (
                            SELECT r.key AS k, json_extract(r.value, '$[0]') AS position, json_extract(r.value, '$[1]') AS station,
                                   json_extract(r.value, '$[2]') AS name,
                                   substr(json_extract(r.value, '$[2]'), length(json_extract(r.value, '$[1]')) + 3) AS digits,
                                   json_remove(r.value, '$[0]', '$[0]', '$[0]') AS figures
                            FROM json_each(run_robot_figures.robots) r))))
                    WHERE nth = 1)
                  LIMIT 1);
                """)
            try db.execute(sql: """
                DROP VIEW robot_stats;
                CREATE VIEW robot_stats AS
                    SELECT f.run_id AS run_id, json_extract(s.value, '$[0]') AS position, json_extract(s.value, '$[1]') AS station,
                           CASE json_type(r.value, '$[0]')
                               WHEN 'integer' THEN json_extract(s.value, '$[1]') || '/r' || json_extract(r.value, '$[0]')
                               ELSE json_extract(r.value, '$[0]') END AS robot,
                           json_extract(r.value, '$[1]') AS failures, json_extract(r.value, '$[2]') AS failed,
                           json_extract(r.value, '$[3]') AS energy_kwh, json_extract(r.value, '$[4]') AS maintenances
                    FROM run_robot_figures f, json_each(f.robots) s, json_each(s.value, '$[2]') r;
                """)
        },
    ]
}
