import Foundation
import SwiftCSV

/// A column of non-negative numbers from CSV text: an empirical distribution's
/// values in a plant file, or observed durations to fit.
public struct NumberColumn: Sendable {
    /// The column's header (nil for a headerless list of numbers).
    public let name: String?
    /// The numbers, in file order (empty cells skipped).
    public let values: [Double]
    /// Each value's cell in the second column read with it (a grouping column, censoring flags), when one was named.
    public let companions: [String]?
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
    /// value's cell in that column too.
    public static func read(csvText text: String, column: String?, cells: Cells = .numbers, alongside: String? = nil) throws(Problem) -> NumberColumn {
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
            return NumberColumn(name: nil, values: values, companions: nil, lines: lines)
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
        if let alongside, !csv.header.contains(alongside) { throw .noColumn(alongside, columns: csv.header) }
        var values: [Double] = []
        var companions: [String] = []
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
            if let alongside { companions.append((row[alongside] ?? "").trimmingCharacters(in: .whitespaces)) }
            lines.append(i + 2)
        }
        guard !values.isEmpty else { throw .empty }
        return NumberColumn(name: name, values: values, companions: alongside == nil ? nil : companions, lines: lines)
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
    }

    /// The times between consecutive values in increasing order, within each group when the column
    /// was read with a grouping column alongside (a group of one value gives none); with `end`
    /// (at or after every value), each group's last value to `end` too, censored, unless it is zero.
    public func gaps(until end: Double? = nil) -> Gaps {
        var order: [String] = []
        var byGroup: [String: [Double]] = [:]
        for (i, value) in values.enumerated() {
            let key = companions?[i] ?? ""
            if byGroup[key] == nil { order.append(key) }
            byGroup[key, default: []].append(value)
        }
        var gaps: [Double] = [], censored: [Bool] = [], limits: [Double] = []
        for key in order {
            let times = byGroup[key]!.sorted()
            for (start, next) in zip(times, times.dropFirst()) {
                gaps.append(next - start); censored.append(false); limits.append((end ?? next) - start)
            }
            if let end, let last = times.last, end > last {
                gaps.append(end - last); censored.append(true); limits.append(end - last)
            }
        }
        return end == nil ? Gaps(values: gaps, censored: [], limits: nil) : Gaps(values: gaps, censored: censored, limits: limits)
    }
}
