/// Where each field of each record of a CSV text starts: its 1-based line and
/// column, so an error in a cell can name `file.csv:line:column`.
///
/// Follows RFC 4180 as the parser does: a comma or a line break inside double
/// quotes belongs to the field, `""` inside quotes is a quote. Columns count
/// characters (grapheme clusters), as an editor shows them.
struct CSVPositions {
    /// Per record (the header is record 0), where each of its fields starts.
    private(set) var records: [[(line: Int, column: Int)]] = []

    init(_ text: String) {
        var line = 1, column = 1, quoted = false, atFieldStart = true
        var current = [(line: 1, column: 1)]
        var previous: Character?
        for c in text {
            defer { previous = c }
            let newline = c == "\n" || c == "\r\n" || c == "\r"
            if !quoted, c == "," || newline {
                // A field ends: the next starts after the comma, or on the next line with the next record.
                if newline {
                    records.append(current)
                    (line, column) = (line + 1, 1)
                    current = [(line, column)]
                } else {
                    column += 1
                    current.append((line, column))
                }
                atFieldStart = true
                continue
            }
            // A quote opens a quoted field at its start, or (doubled) stands for itself inside one.
            if c == "\"" { quoted = quoted ? false : atFieldStart || previous == "\"" }
            if newline { (line, column) = (line + 1, 1) } else { column += 1 }
            atFieldStart = false
        }
        if current.count > 1 || column > 1 { records.append(current) }
    }

    /// Line and column of field `field` of record `record`, or nil when there is no such field.
    func position(record: Int, field: Int) -> (line: Int, column: Int)? {
        guard records.indices.contains(record), records[record].indices.contains(field) else { return nil }
        return records[record][field]
    }
}
