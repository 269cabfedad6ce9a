/// Where each record and field of a CSV text starts: its 1-based line and
/// column, so an error in a cell can name `file.csv:line:column`.
///
/// Follows RFC 4180 as the parser does: a comma or a line break inside double
/// quotes belongs to the field, `""` inside quotes is a quote. Columns count
/// characters (grapheme clusters), as an editor shows them.
struct CSVPositions {
    /// Per record (the header is record 0): its first line, and the column where each of its fields starts.
    private(set) var records: [(line: Int, columns: [Int])] = []

    init(_ text: String) {
        var line = 1, column = 1, quoted = false, atFieldStart = true
        var current: (line: Int, columns: [Int]) = (1, [1])
        var previous: Character?
        for c in text {
            if quoted {
                if c == "\"" { quoted = false }
            } else if c == "\"", atFieldStart || previous == "\"" {
                quoted = true
            } else if c == "," {
                current.columns.append(column + 1)
                atFieldStart = true
                previous = c
                column += 1
                continue
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                records.append(current)
                line += 1
                column = 1
                current = (line, [1])
                atFieldStart = true
                previous = c
                continue
            }
            if c == "\n" || c == "\r\n" || c == "\r" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            atFieldStart = false
            previous = c
        }
        if current.columns.count > 1 || column > 1 { records.append(current) }
    }

    /// Line and column of field `field` of record `record`, or nil when there is no such field.
    func position(record: Int, field: Int) -> (line: Int, column: Int)? {
        guard records.indices.contains(record), records[record].columns.indices.contains(field) else { return nil }
        return (records[record].line, records[record].columns[field])
    }
}
