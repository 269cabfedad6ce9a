import Foundation
import SwiftCSV

/// A column of non-negative numbers from CSV text: an empirical distribution's
/// values in a plant file, or observed durations to fit.
public struct NumberColumn: Sendable {
    /// The column's header (nil for a headerless list of numbers).
    public let name: String?
    /// The numbers, in file order (empty cells skipped).
    public let values: [Double]
    /// The file line of each value (1 is the header's line when there is one).
    public let lines: [Int]

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
        /// No cell holds a value.
        case empty
    }

    /// Reads `column` of CSV `text` with a header row; when the first line is a
    /// number, the text is read as a headerless list of numbers, one per line.
    /// With `column` nil, a file of one column is read.
    public static func read(csvText text: String, column: String?) throws(Problem) -> NumberColumn {
        let firstLine = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        if column == nil, Double(firstLine) != nil {
            var values: [Double] = []
            var lines: [Int] = []
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let cell = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if cell.isEmpty { continue }
                guard let x = Double(cell), x.isFinite, x >= 0 else { throw .badCell(line: i + 1, text: cell) }
                values.append(x)
                lines.append(i + 1)
            }
            return NumberColumn(name: nil, values: values, lines: lines)
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
        var values: [Double] = []
        var lines: [Int] = []
        for (i, row) in csv.rows.enumerated() {
            let cell = (row[name] ?? "").trimmingCharacters(in: .whitespaces)
            if cell.isEmpty { continue }
            guard let x = Double(cell), x.isFinite, x >= 0 else { throw .badCell(line: i + 2, text: cell) }
            values.append(x)
            lines.append(i + 2)
        }
        guard !values.isEmpty else { throw .empty }
        return NumberColumn(name: name, values: values, lines: lines)
    }
}
