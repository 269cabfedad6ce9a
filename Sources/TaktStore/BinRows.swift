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
    /// Into `run_series_bins` or `run_histogram_bins`.
    let insert: RowsInsert
    /// Each row's name and bins, as JSON.
    let rows: [(name: String, bins: String)]

    /// The run's time series: jobs completed per on-shift hour after warm-up.
    static func series(_ r: ReplicationResult) -> BinRows {
        BinRows(insert: Self.seriesInsert,
                rows: [("completed_per_shift_hour", json(r.completedPerShiftHour.enumerated().map { ($0, Double($1)) }))])
    }

    /// The run's lead-time and interdeparture histograms, their non-empty bins.
    static func histograms(_ r: ReplicationResult) -> BinRows {
        BinRows(insert: Self.histogramInsert,
                rows: [("lead_time", r.leadTimeHistogram), ("interdeparture", r.interdepartureHistogram)].map { name, counts in
                    var object = BinObject()
                    for (bin, count) in counts.enumerated() where count > 0 { object.add(bin, Int64(count)) }
                    return (name, object.text)
                })
    }

    /// Series given bin by bin, one row per series.
    init(series: [RunSeriesRecord]) {
        self.init(insert: Self.seriesInsert,
                  rows: Self.grouped(series.map { ($0.series, $0.bin, $0.value) }).map { ($0, Self.json($1)) })
    }

    /// Histograms given bin by bin, one row per histogram (the edges are the store's, `histogram_edges`).
    init(histograms: [RunHistogramRecord]) {
        self.init(insert: Self.histogramInsert,
                  rows: Self.grouped(histograms.map { ($0.histogram, $0.bin, $0.count) }).map { ($0, Self.json($1)) })
    }

    private init(insert: RowsInsert, rows: [(name: String, bins: String)]) {
        self.insert = insert
        self.rows = rows
    }

    private static let seriesInsert = RowsInsert(table: "run_series_bins", columns: ["series", "bins"])
    private static let histogramInsert = RowsInsert(table: "run_histogram_bins", columns: ["histogram", "bins"])

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

    /// `{"bin": value, …}`.
    static func json<Value: BinaryInteger>(_ bins: [(Int, Value)]) -> String {
        var object = BinObject()
        for (bin, value) in bins { object.add(bin, Int64(value)) }
        return object.text
    }

    /// `{"bin": value, …}`; a value that is not finite (JSON has no NaN) is left out.
    static func json(_ bins: [(Int, Double)]) -> String {
        var object = BinObject()
        for (bin, value) in bins where value.isFinite { object.add(bin, value) }
        return object.text
    }
}

/// A JSON object of bins (`{"bin": value, …}`), written byte by byte
/// (`JSONBytes`), so the rows are the same as when Swift wrote them.
struct BinObject {
    private var json = JSONBytes()
    private var isFirst = true

    init() {
        json.append("{")
    }

    /// The object, closed.
    var text: String {
        var closed = json
        closed.append("}")
        return closed.text
    }

    /// Adds `"bin":value` for an integer value.
    mutating func add(_ bin: Int, _ value: Int64) {
        key(bin)
        json.integer(value)
    }

    /// Adds `"bin":value` for a finite real value, written as `Double.description` writes it.
    mutating func add(_ bin: Int, _ value: Double) {
        key(bin)
        json.real(value)
    }

    private mutating func key(_ bin: Int) {
        if !isFirst { json.append(",") }
        isFirst = false
        json.append("\"")
        json.integer(Int64(bin))
        json.append("\"")
        json.append(":")
    }
}

extension Database {
    /// Inserts `rows` as rows of run `runId`, through one cached statement.
    func insert(_ rows: BinRows, runId: Int64) throws {
        try insert(rows.rows.map { [StoreValue($0.name), StoreValue($0.bins)] }, rows.insert, runId: runId)
    }
}
