import Foundation
import GRDB
import TaktKernel
@testable import TaktStore
import Testing

@Suite("Series and histograms, one row each")
struct BinRowsTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("bins-\(UUID().uuidString).sqlite").path
    }

    let run = RunRecord(batch: "b", startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:01Z", plantName: "p",
                        plantPath: "p.yaml", plantHash: String(repeating: "a", count: 64), seed: 1, replication: 0,
                        taktVersion: "test", durationS: 10, warmupS: 1, wallSeconds: 0.5, events: 100)

    @Test("The store's histogram edges are the simulator's, bin for bin")
    func edges() throws {
        let store = try RunStore(path: temporaryPath())
        let rows = try store.queue.read { db in
            try Row.fetchAll(db, sql: "SELECT bin, lower_s, upper_s FROM histogram_edges ORDER BY bin")
        }
        #expect(rows.count == DurationHistogram.binCount)
        for row in rows {
            let bin: Int = row["bin"]
            #expect(row["lower_s"] as Double == DurationHistogram.lowerSeconds(bin), "bin \(bin)")
            #expect(row["upper_s"] as Double? == DurationHistogram.upperSeconds(bin), "bin \(bin)")
        }
    }

    @Test("Bins are written as JSON that reads back to the same numbers, integers and reals as Swift writes them")
    func binObjectText() throws {
        var generator = SystemRandomNumberGenerator()
        var reals: [(Int, Double)] = [(0, 0), (1, -0.0), (2, 3), (3, -5), (4, 2.5), (5, 1e15), (6, 1e15 - 1), (7, 9.999999999999998e15),
                                      (8, 1e300), (9, .leastNonzeroMagnitude), (10, -123456789.125)]
        for bin in 11..<400 {
            let integral = Double(Int64.random(in: -2_000_000_000...2_000_000_000, using: &generator))
            reals.append((bin, bin.isMultiple(of: 2) ? integral : Double.random(in: -1e6...1e6, using: &generator)))
        }
        let written = BinRows.json(reals)
        let expected = "{" + reals.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
        #expect(written == expected)
        let decoded = try JSONSerialization.jsonObject(with: Data(written.utf8)) as? [String: Double]
        #expect(decoded?.count == reals.count)
        let integers: [(Int, Int)] = [(0, 0), (7, -12), (161, Int.max), (162, Int.min + 1)]
        #expect(BinRows.json(integers) == "{" + integers.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
        #expect(BinRows.json([(0, Double.nan), (1, 1.0), (2, .infinity)]) == "{\"1\":1.0}", "values that are not finite are left out")
        #expect(BinRows.json([(Int, Int)]()) == "{}")
    }

    @Test("A run's series and histograms are one row each, and the views show their bins as rows")
    func oneRowEach() throws {
        let store = try RunStore(path: temporaryPath())
        let id = try store.record(run, metrics: [], stations: [],
                                  series: [2, 0, 1].map { RunSeriesRecord(series: "s", bin: $0, value: Double($0) + 0.25) }
                                      + [RunSeriesRecord(series: "t", bin: 0, value: .nan)],
                                  histograms: [0, 21, 161].map { RunHistogramRecord(histogram: "h", bin: $0, lowerS: 0, upperS: nil, count: $0 + 1) })
        let (seriesRows, histogramRows) = try store.queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM run_series_bins"), try Int.fetchOne(db, sql: "SELECT count(*) FROM run_histogram_bins"))
        }
        #expect(seriesRows == 2 && histogramRows == 1)
        let series = try store.series(runIDs: [id])
        #expect(series.map(\.bin) == [0, 1, 2], "a value that is not finite is left out")
        #expect(series.map(\.value) == [0.25, 1.25, 2.25])
        let histogram = try store.histograms(runIDs: [id])
        #expect(histogram.map(\.bin) == [0, 21, 161])
        #expect(histogram.map(\.count) == [1, 22, 162])
        #expect(histogram.map(\.lowerS) == [0, 21, 161].map(DurationHistogram.lowerSeconds))
        #expect(histogram.map(\.upperS) == [0, 21, 161].map(DurationHistogram.upperSeconds))
    }

    @Test("A store of schema v15 moves its series and histograms to one row each, and reads the same afterwards")
    func upgradeFromV15() throws {
        let path = temporaryPath()
        let queue = try DatabaseQueue(path: path)
        try Schema.migrate(queue, upTo: "v15: policy processes' fallbacks")
        try queue.write { db in
            var record = run
            try record.insert(db)
            for bin in 0..<30 {
                try db.execute(sql: "INSERT INTO run_series (run_id, series, bin, value) VALUES (1, 'completed_per_shift_hour', ?, ?)",
                               arguments: [bin, Double(40 + bin % 3)])
            }
            for (name, bins) in [("lead_time", [3, 90, 161]), ("interdeparture", [0, 40])] {
                for bin in bins {
                    try db.execute(sql: "INSERT INTO run_histograms (run_id, histogram, bin, lower_s, upper_s, count) VALUES (1, ?, ?, ?, ?, ?)",
                                   arguments: [name, bin, DurationHistogram.lowerSeconds(bin), DurationHistogram.upperSeconds(bin), bin + 5])
                }
            }
        }
        try queue.close()
        let store = try RunStore(path: path)
        let series = try store.series(runIDs: [1])
        #expect(series.map(\.bin) == Array(0..<30))
        #expect(series.map(\.value) == (0..<30).map { Double(40 + $0 % 3) })
        let histograms = try store.histograms(runIDs: [1])
        #expect(histograms.map(\.histogram) == ["interdeparture", "interdeparture", "lead_time", "lead_time", "lead_time"])
        #expect(histograms.map(\.bin) == [0, 40, 3, 90, 161])
        #expect(histograms.map(\.count) == [5, 45, 8, 95, 166])
        #expect(histograms.map(\.upperS) == [0, 40, 3, 90, 161].map(DurationHistogram.upperSeconds))
        let tables = try store.queue.read { db in
            try String.fetchAll(db, sql: "SELECT name || ':' || type FROM sqlite_master WHERE name IN ('run_series', 'run_histograms') ORDER BY name")
        }
        #expect(tables == ["run_histograms:view", "run_series:view"])
    }

    @Test("Bins are written as a JSON object SQLite reads")
    func json() throws {
        #expect(BinRows.json([(0, 1), (7, 12)]) == #"{"0":1,"7":12}"#)
        #expect(BinRows.json([(Int, Int)]()) == "{}")
        #expect(BinRows.json([(0, 0.5), (1, .infinity), (2, 1e-300)]) == #"{"0":0.5,"2":1e-300}"#)
        let queue = try DatabaseQueue()
        let valid = try queue.read { db in try Bool.fetchOne(db, sql: "SELECT json_valid(?)", arguments: [BinRows.json([(0, 0.5), (2, 1e-300)])]) }
        #expect(valid == true)
    }

    @Test("A run's row is written with every column of `runs` and reads back equal")
    func runRow() throws {
        let store = try RunStore(path: temporaryPath())
        var record = run
        record.experimentId = try store.experimentID(ExperimentRecord(name: "e", hash: "h", file: "e.yaml", baseline: "a", variants: ["a"],
                                                                      createdAt: "2026-01-01T00:00:00Z", figures: []))
        record.variant = "a"
        record.taktS = 76
        let id = try store.record(record, metrics: [], stations: [])
        record.id = id
        #expect(try store.runs(ids: [id]) == [record])
        let columns = try store.queue.read { db in try db.columns(in: "runs").map(\.name) }
        #expect(Set(columns) == Set(RunStore.runColumns))
    }
}
