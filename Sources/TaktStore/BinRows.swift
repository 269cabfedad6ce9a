import GRDB
import TaktKernel
import TaktPlant

/// A run's series or histograms as the store keeps them: one row per series
/// or histogram, its bins in one JSON object (`{"bin": value, …}`).
///
/// A short replication has some 150 bins; a row each made writing them most
/// of the store's work. The views `run_series` and `run_histograms` (schema
/// v16) show the bins as rows again, one per bin, for every reader.
struct BinRows {
    /// `run_series_bins` or `run_histogram_bins`.
    let table: String
    /// `series` or `histogram`.
    let nameColumn: String
    /// Each row's name and bins, as JSON.
    let rows: [(name: String, bins: String)]

    /// The run's time series: jobs completed per on-shift hour after warm-up.
    static func series(_ r: ReplicationResult) -> BinRows {
        BinRows(table: "run_series_bins", nameColumn: "series",
                rows: [("completed_per_shift_hour", json(r.completedPerShiftHour.enumerated().map { ($0, Double($1)) }))])
    }

    /// The run's lead-time and interdeparture histograms, their non-empty bins.
    static func histograms(_ r: ReplicationResult) -> BinRows {
        BinRows(table: "run_histogram_bins", nameColumn: "histogram",
                rows: [("lead_time", r.leadTimeHistogram), ("interdeparture", r.interdepartureHistogram)].map { name, counts in
                    (name, json(counts.enumerated().filter { $0.element > 0 }.map { ($0.offset, $0.element) }))
                })
    }

    /// Series given bin by bin, one row per series.
    init(series: [RunSeriesRecord]) {
        self.init(table: "run_series_bins", nameColumn: "series",
                  rows: Self.grouped(series.map { ($0.series, $0.bin, $0.value) }).map { ($0, Self.json($1)) })
    }

    /// Histograms given bin by bin, one row per histogram (the edges are the store's, `histogram_edges`).
    init(histograms: [RunHistogramRecord]) {
        self.init(table: "run_histogram_bins", nameColumn: "histogram",
                  rows: Self.grouped(histograms.map { ($0.histogram, $0.bin, $0.count) }).map { ($0, Self.json($1)) })
    }

    private init(table: String, nameColumn: String, rows: [(name: String, bins: String)]) {
        self.table = table
        self.nameColumn = nameColumn
        self.rows = rows
    }

    /// Bins grouped by name, names in order of first appearance, bins in ascending order.
    private static func grouped<Value>(_ bins: [(String, Int, Value)]) -> [(String, [(Int, Value)])] {
        var order: [String] = []
        var byName: [String: [(Int, Value)]] = [:]
        for (name, bin, value) in bins {
            if byName[name] == nil { order.append(name) }
            byName[name, default: []].append((bin, value))
        }
        return order.map { name in (name, byName[name]!.sorted { $0.0 < $1.0 }) }
    }

    /// `{"bin": value, …}`; a value that is not finite (JSON has no NaN) is left out.
    static func json<Value: BinaryInteger>(_ bins: [(Int, Value)]) -> String {
        json(bins.map { ($0, "\($1)") })
    }

    /// `{"bin": value, …}`; a value that is not finite (JSON has no NaN) is left out.
    static func json(_ bins: [(Int, Double)]) -> String {
        json(bins.filter { $0.1.isFinite }.map { ($0, "\($1)") })
    }

    /// `{"bin": number, …}` from numbers already written as JSON.
    private static func json(_ bins: [(Int, String)]) -> String {
        "{" + bins.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }
}

extension Database {
    /// Inserts `rows` as rows of run `runId`, through one cached statement.
    func insert(_ rows: BinRows, runId: Int64) throws {
        try insert(into: rows.table, columns: [rows.nameColumn, "bins"], rows: rows.rows.map { [$0.name, $0.bins] }, runId: runId)
    }
}
