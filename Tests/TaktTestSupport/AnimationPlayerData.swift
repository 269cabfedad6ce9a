import Foundation

/// The player's data of a `takt animate` page, read back from its script.
public enum AnimationPlayerData {
    /// The object assigned to `TAKT_TIMELINE`, or nil when the page has none.
    public static func read(_ html: String) throws -> [String: Any]? {
        guard let start = html.range(of: "var TAKT_TIMELINE = "),
              let end = html.range(of: ";\n", range: start.upperBound..<html.endIndex) else { return nil }
        return try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as? [String: Any]
    }
}
