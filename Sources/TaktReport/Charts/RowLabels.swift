/// The labels of a chart's rows, fitted to their column.
///
/// The column grows with the widest label up to `maximum`; a label wider
/// than that is wrapped at spaces onto more lines (at most three; a word
/// longer than a line is cut, the rest elided), with the whole label as its
/// tooltip, and every row is made as tall as the most lines need. Long
/// variant names (an optimization's `form.buffer=4 weld.buffer=15 …`) stay
/// on the page instead of running off its left edge.
struct RowLabels {
    /// The distance between the lines of one label.
    static let lineHeight = 14.0
    /// Each label's lines.
    let lines: [[String]]
    /// The whole labels, for tooltips.
    let labels: [String]
    /// The column's width, from the chart's left edge to where its rows begin (`padding` included).
    let width: Double
    /// The height of a row: the chart's own, or more for wrapped labels.
    let rowHeight: Double

    /// `labels` in a column of at most `maximum` pixels, `padding` of it beside the text (a swatch, a gap).
    init(_ labels: [String], padding: Double, rowHeight minimum: Double, maximum: Double = 220, size: Double = 12.5) {
        let widest = labels.map { Axis.textWidth($0, size: size) }.max() ?? 60
        width = min(maximum, widest + padding)
        let perLine = max(4, Int((width - padding) / (size * 0.58)))
        lines = labels.map { Self.wrap($0, perLine: perLine) }
        self.labels = labels
        rowHeight = max(minimum, Double(lines.map(\.count).max() ?? 1) * Self.lineHeight + 10)
    }

    /// `label` in lines of at most `perLine` characters, broken at spaces.
    static func wrap(_ label: String, perLine: Int, maximumLines: Int = 3) -> [String] {
        guard label.count > perLine else { return [label] }
        var lines: [String] = [], line = ""
        for part in label.split(separator: " ") {
            var word = Substring(part)
            while word.count > perLine {
                if !line.isEmpty { lines.append(line) }
                lines.append(String(word.prefix(perLine)))
                line = ""
                word = word.dropFirst(perLine)
            }
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= perLine {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        guard lines.count > maximumLines else { return lines }
        return lines.prefix(maximumLines - 1) + [String(lines[maximumLines - 1].prefix(perLine - 1)) + "…"]
    }

    /// Draws row `row`'s label, its lines right-aligned at `right` and centred on `y` (the whole label as the tooltip of a wrapped one).
    func draw(_ svg: inout SVG, row: Int, right: Double, y: Double) {
        let rows = lines[row]
        guard rows.count > 1 else { return svg.text(labels[row], x: right, y: y + 4, anchor: "end", [("class", "row-label")]) }
        let first = y + 4 - Double(rows.count - 1) * Self.lineHeight / 2
        let spans = rows.enumerated().map { i, line in
            Markup.text("tspan", [("x", SVG.number(right)), ("y", SVG.number(first + Double(i) * Self.lineHeight))], line)
        }.joined()
        svg.raw(Markup.element("text", [("text-anchor", "end"), ("class", "row-label")], content: Markup.text("title", [], labels[row]) + spans))
    }

    /// Draws row `row`'s label with a small square of `colour` after it (text stays dark: readable on paper).
    func draw(_ svg: inout SVG, row: Int, swatch colour: String, right: Double, y: Double) {
        svg.rect(x: right - 10, y: y - 5, width: 10, height: 10, [("fill", colour), ("rx", "2")])
        draw(&svg, row: row, right: right - 16, y: y)
    }
}
