/// Parses lengths (`40m`, `6.5 m`, `800mm`) and speeds (`0.2m/s`, `12m/min`).
public enum LengthText {
    /// Length units, with their size in metres (the first is the one an error message suggests).
    public static let lengthUnits: [(suffix: String, metres: Double)] = [("m", 1), ("mm", 0.001), ("cm", 0.01), ("km", 1000)]
    /// Speed units, with their size in metres per second.
    public static let speedUnits: [(suffix: String, metresPerSecond: Double)] = [
        ("m/s", 1), ("m/min", 1.0 / 60), ("mm/s", 0.001), ("m/h", 1.0 / 3600), ("km/h", 1.0 / 3.6),
    ]

    /// The length in metres: positive, finite, at most 100 km.
    public static func metres(_ raw: String) throws(DurationText.ParseError) -> Double {
        let metres = try DurationText.measure(raw, quantity: "length", example: "40m or 800mm", units: lengthUnits.map { ($0.suffix, $0.metres) })
        guard metres.isFinite, metres > 0, metres <= 100_000 else {
            throw DurationText.ParseError(message: "length '\(raw)' must be greater than 0 and at most 100 km")
        }
        return metres
    }

    /// The speed in metres per second: positive, finite, at most 100 m/s.
    public static func metresPerSecond(_ raw: String) throws(DurationText.ParseError) -> Double {
        let speed = try DurationText.measure(raw, quantity: "speed", example: "0.2m/s or 12m/min",
                                             units: speedUnits.map { ($0.suffix, $0.metresPerSecond) })
        guard speed.isFinite, speed > 0, speed <= 100 else {
            throw DurationText.ParseError(message: "speed '\(raw)' must be greater than 0 and at most 100 m/s")
        }
        return speed
    }
}
