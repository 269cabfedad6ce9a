/// Parses electrical power: a number and a unit, such as `500W`, `85kW`, `1.2MW`.
public enum PowerText {
    /// Units accepted, with their size in watts.
    public static let units: [(suffix: String, watts: Double)] = [("W", 1), ("kW", 1e3), ("MW", 1e6)]

    /// The power in watts. Rejects negative, non-finite and unit-less values.
    public static func watts(_ raw: String) throws(DurationText.ParseError) -> Double {
        let watts = try DurationText.measure(raw, quantity: "power", example: "85kW or 1.2MW", units: units.map { ($0.suffix, $0.watts) })
        guard watts.isFinite, watts >= 0, watts <= 1e10 else {
            throw DurationText.ParseError(message: "power '\(raw)' must be between 0 and 10 GW")
        }
        return watts
    }
}
