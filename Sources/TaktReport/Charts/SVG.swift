/// An SVG drawing under construction: shapes appended as markup, every
/// attribute and text escaped, coordinates rounded to 0.1 px.
struct SVG {
    let width: Double
    let height: Double
    private(set) var body = ""

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// A coordinate or length as SVG text (one decimal, no trailing zero).
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// Appends raw markup (already escaped).
    mutating func raw(_ markup: String) { body += markup }

    /// A shape element with numeric geometry, extra attributes, and an optional tooltip (`<title>`).
    mutating func shape(_ name: String, _ geometry: [(String, Double)], _ attributes: [(String, String)] = [], tooltip: String? = nil) {
        let attrs = geometry.map { ($0.0, Self.number($0.1)) } + attributes
        body += Markup.element(name, attrs, content: tooltip.map { Markup.text("title", [], $0) } ?? "", selfClosing: true)
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, _ attributes: [(String, String)] = [], tooltip: String? = nil) {
        shape("rect", [("x", x), ("y", y), ("width", max(0, width)), ("height", max(0, height))], attributes, tooltip: tooltip)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, _ attributes: [(String, String)] = [], tooltip: String? = nil) {
        shape("line", [("x1", x1), ("y1", y1), ("x2", x2), ("y2", y2)], attributes, tooltip: tooltip)
    }

    mutating func circle(cx: Double, cy: Double, r: Double, _ attributes: [(String, String)] = [], tooltip: String? = nil) {
        shape("circle", [("cx", cx), ("cy", cy), ("r", r)], attributes, tooltip: tooltip)
    }

    /// A polyline or polygon path through `points` (`closed`: back to the first).
    mutating func path(_ points: [(Double, Double)], closed: Bool = false, _ attributes: [(String, String)] = [], tooltip: String? = nil) {
        guard let first = points.first else { return }
        var d = "M\(Self.number(first.0)),\(Self.number(first.1))"
        for p in points.dropFirst() { d += " L\(Self.number(p.0)),\(Self.number(p.1))" }
        if closed { d += " Z" }
        body += Markup.element("path", [("d", d)] + attributes, content: tooltip.map { Markup.text("title", [], $0) } ?? "", selfClosing: true)
    }

    /// Text at (x, y); `anchor` is start, middle or end.
    mutating func text(_ text: String, x: Double, y: Double, anchor: String = "start", _ attributes: [(String, String)] = []) {
        body += Markup.text("text", [("x", Self.number(x)), ("y", Self.number(y)), ("text-anchor", anchor)] + attributes, text)
    }

    /// Opens a group; close it with `close()`.
    mutating func open(_ attributes: [(String, String)]) {
        body += "<g" + attributes.map { " \($0.0)=\"\(Markup.escape($0.1))\"" }.joined() + ">"
    }

    mutating func close() { body += "</g>" }

    /// The finished `<svg>` element of CSS class `cls` (a chart scales to the page width), `title` for screen readers.
    func markup(title: String, attributes: [(String, String)] = [], cls: String = "chart") -> String {
        Markup.element("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(Self.number(width)) \(Self.number(height))"),
                               ("width", Self.number(width)), ("role", "img"), ("class", cls)] + attributes,
                       content: Markup.text("title", [], title) + body)
    }
}
