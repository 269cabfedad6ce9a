/// Escaping and a small element writer for XHTML and SVG.
///
/// Every text that reaches a report (names from plant and experiment files,
/// file paths, numbers) goes through `Markup.escape`, so a plant named
/// `<script>…` shows as text and the document stays well-formed XML.
enum Markup {
    /// `text` with `&`, `<`, `>`, `"` and `'` escaped, and characters XML 1.0
    /// does not allow (most control characters) replaced by U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                let allowed = (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }

    /// An element with escaped attributes (in the given order) and raw `content`
    /// (already markup); empty content closes the tag itself when `selfClosing`.
    static func element(_ name: String, _ attributes: [(String, String)] = [], content: String = "", selfClosing: Bool = false) -> String {
        let attrs = attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
        if content.isEmpty && selfClosing { return "<\(name)\(attrs)/>" }
        return "<\(name)\(attrs)>\(content)</\(name)>"
    }

    /// An element holding escaped `text`.
    static func text(_ name: String, _ attributes: [(String, String)] = [], _ text: String) -> String {
        element(name, attributes, content: escape(text))
    }
}
