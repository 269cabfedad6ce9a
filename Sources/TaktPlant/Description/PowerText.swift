import Foundation

/// Parses electrical power: a number and a unit, such as `500W`, `85kW`, `1.2MW`.
public enum PowerText {
    /// Units accepted, with their size in watts.
    public static let units: [(suffix: String, watts: Double)] = [("W", 1), ("kW", 1e3), ("MW", 1e6)]

    /// The power in watts. Rejects negative, non-finite and unit-less values.
    public static func watts(_ raw: String) throws(DurationText.ParseError) -> Double {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let numberEnd = text.firstIndex { !($0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E") } ?? text.endIndex
        let numberText = String(text[..<numberEnd])
        let unitText = String(text[numberEnd...]).trimmingCharacters(in: .whitespaces)
        guard let number = Double(numberText) else {
            throw DurationText.ParseError(message: "expected a power such as 85kW or 1.2MW, got '\(raw)'")
        }
        guard !unitText.isEmpty else {
            throw DurationText.ParseError(message: "power '\(raw)' needs a unit (W, kW, MW), e.g. '\(numberText)kW'")
        }
        guard let unit = units.first(where: { $0.suffix == unitText }) else {
            throw DurationText.ParseError(message: "unknown power unit '\(unitText)' in '\(raw)'\(Suggestion.hint(for: unitText, in: units.map(\.suffix))); use W, kW or MW")
        }
        let watts = number * unit.watts
        guard watts.isFinite, watts >= 0, watts <= 1e10 else {
            throw DurationText.ParseError(message: "power '\(raw)' must be between 0 and 10 GW")
        }
        return watts
    }
}
