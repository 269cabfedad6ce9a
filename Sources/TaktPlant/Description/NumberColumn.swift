import Foundation
import SwiftCSV

/// A column of non-negative numbers from CSV text: an empirical distribution's
/// values in a plant file, or observed durations to fit.
public struct NumberColumn: Sendable {
    /// The column's header (nil for a headerless list of numbers).
    public let name: String?
    /// The numbers, in file order (empty cells skipped).
    public let values: [Double]
    /// Each value's cells in the other columns read with it (a grouping column, censoring flags, downtimes), by column name.
    public let companions: [String: [String]]
    /// Each value's line in the file (1 for the first line).
    public let lines: [Int]

    /// What the column's cells hold.
    public enum Cells: Sendable {
        /// Non-negative numbers.
        case numbers
        /// Date-times (`TimestampText`), read as seconds, or numbers in units `numberUnit` seconds long.
        case timestamps(numberUnit: Double)
    }

    /// Largest CSV file read for a column of numbers (a few million rows).
    public static let maxBytes = 64 << 20

    /// Why the column cannot be read.
    public enum Problem: Error, Equatable, Sendable {
        /// The text is not CSV (the parser's message).
        case notCSV(String)
        /// No column has that name; the columns there are.
        case noColumn(String, columns: [String])
        /// The file has several columns and none was named.
        case columnNeeded(columns: [String])
        /// A cell is not a non-negative number.
        case badCell(line: Int, text: String)
        /// A cell is not a date-time or a number.
        case badTimestamp(line: Int, text: String)
        /// No cell holds a value.
        case empty
    }

    /// Reads `column` of CSV `text` with a header row; when the first line is a
    /// number, the text is read as a headerless list of numbers, one per line.
    /// With `column` nil, a file of one column is read. With `alongside`, each
    /// value's cells in those columns too.
    public static func read(csvText text: String, column: String?, cells: Cells = .numbers, alongside: [String] = []) throws(Problem) -> NumberColumn {
        let firstLine = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        if column == nil, Double(firstLine) != nil {
            var values: [Double] = []
            var lines: [Int] = []
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let cell = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if cell.isEmpty { continue }
                guard let x = number(cell) else { throw .badCell(line: i + 1, text: cell) }
                values.append(x)
                lines.append(i + 1)
            }
            return NumberColumn(name: nil, values: values, companions: [:], lines: lines)
        }
        let csv: NamedCSV
        do {
            csv = try NamedCSV(string: text, delimiter: .comma, loadColumns: false)
        } catch {
            throw .notCSV("\(error)")
        }
        let name: String
        if let column {
            guard csv.header.contains(column) else { throw .noColumn(column, columns: csv.header) }
            name = column
        } else {
            guard csv.header.count == 1 else { throw .columnNeeded(columns: csv.header) }
            name = csv.header[0]
        }
        if let missing = alongside.first(where: { !csv.header.contains($0) }) { throw .noColumn(missing, columns: csv.header) }
        var values: [Double] = []
        var companions = Dictionary(uniqueKeysWithValues: alongside.map { ($0, [String]()) })
        var lines: [Int] = []
        for (i, row) in csv.rows.enumerated() {
            let cell = (row[name] ?? "").trimmingCharacters(in: .whitespaces)
            if cell.isEmpty { continue }
            switch cells {
            case .numbers:
                guard let x = number(cell) else { throw .badCell(line: i + 2, text: cell) }
                values.append(x)
            case let .timestamps(numberUnit):
                guard let t = Double(cell).flatMap({ $0.isFinite ? $0 * numberUnit : nil }) ?? TimestampText.seconds(cell) else {
                    throw .badTimestamp(line: i + 2, text: cell)
                }
                values.append(t)
            }
            for other in alongside { companions[other]!.append((row[other] ?? "").trimmingCharacters(in: .whitespaces)) }
            lines.append(i + 2)
        }
        guard !values.isEmpty else { throw .empty }
        return NumberColumn(name: name, values: values, companions: companions, lines: lines)
    }

    /// A cell's non-negative, finite number, or nil.
    static func number(_ cell: String) -> Double? {
        guard let x = Double(cell), x.isFinite, x >= 0 else { return nil }
        return x
    }
}

extension NumberColumn {
    /// Times between events: the durations to fit, which of them were still running when the log ended, and how long each could have run.
    public struct Gaps: Sendable, Equatable {
        /// The times between consecutive events of a group, groups in order of first appearance; with an end, each
        /// group's time from its last event to the end after its others.
        public let values: [Double]
        /// Whether each value ran to the end of the log (nothing happened before it ended): a censored value. Empty without an end.
        public let censored: [Bool]
        /// With an end: each value's start to the end, the longest it could have been observed.
        public let limits: [Double]?
        /// With downtimes: the lines of events that came before the downtime of the event before them had ended; their gaps are left out.
        public let overlapping: [Int]
    }

    /// The times between consecutive values in increasing order, within each group of `group` (each
    /// value's group label; one group when nil; a group of one value gives none); with `end` (at or
    /// after every value), each group's last value to `end` too, censored, unless it is zero. With
    /// `downtimes` (seconds, one per value), a gap starts when its first event's downtime ends: the
    /// up-time between a repair and the next failure; an event inside the downtime before it is
    /// listed in `overlapping` and its gap left out.
    public func gaps(group: [String]? = nil, until end: Double? = nil, downtimes: [Double]? = nil) -> Gaps {
        var order: [String] = []
        var byGroup: [String: [Int]] = [:]
        for i in values.indices {
            let key = group?[i] ?? ""
            if byGroup[key] == nil { order.append(key) }
            byGroup[key, default: []].append(i)
        }
        var gaps: [Double] = [], censored: [Bool] = [], limits: [Double] = [], overlapping: [Int] = []
        for key in order {
            let events = byGroup[key]!.sorted { (values[$0], $0) < (values[$1], $1) }
            func up(_ i: Int) -> Double { values[i] + (downtimes?[i] ?? 0) }
            for (first, next) in zip(events, events.dropFirst()) {
                guard values[next] >= up(first) else { overlapping.append(lines[next]); continue }
                gaps.append(values[next] - up(first)); censored.append(false); limits.append((end ?? values[next]) - up(first))
            }
            if let end, let last = events.last, end > up(last) {
                gaps.append(end - up(last)); censored.append(true); limits.append(end - up(last))
            }
        }
        return Gaps(values: gaps, censored: end == nil ? [] : censored, limits: end == nil ? nil : limits, overlapping: overlapping.sorted())
    }
}
