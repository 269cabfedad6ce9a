import Foundation
/// Parses human durations: a number and a unit, such as `76s`, `1.5h`, `500ms`, `20us`.
public enum DurationText {
    /// Units accepted, with their length in seconds.
    public static let units: [(suffix: String, seconds: Double)] = [
        ("µs", 0.000_001), ("us", 0.000_001), ("ms", 0.001), ("s", 1), ("min", 60), ("h", 3600), ("d", 86_400), ("w", 604_800),
    ]

    /// Why a text is not a duration.
    public struct ParseError: Error, Equatable {
        /// A sentence for the user.
        public let message: String
    }

    /// Splits "12.5 kW" into its number and unit, with messages that name the quantity.
    ///
    /// - Parameters:
    ///   - quantity: what is expected, for messages ("duration", "power").
    ///   - example: a valid example ("76s").
    ///   - units: the unit suffixes and their sizes.
    static func measure(_ raw: String, quantity: String, example: String,
                        units: [(suffix: String, size: Double)]) throws(ParseError) -> Double {
        let text = raw.trimmingCharacters(in: .whitespaces)
        // "e" starts no unit we know, so a trailing exponent is part of the number.
        let numberEnd = text.firstIndex { !($0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E") } ?? text.endIndex
        let numberText = String(text[..<numberEnd])
        let unitText = String(text[numberEnd...]).trimmingCharacters(in: .whitespaces)
        let names = units.map(\.suffix)
        guard let number = Double(numberText) else {
            throw ParseError(message: "expected a \(quantity) such as \(example), got '\(raw)'")
        }
        if unitText.isEmpty {
            // Zero is zero in every unit: `warmup: 0` needs none.
            guard number == 0 else {
                throw ParseError(message: "\(quantity) '\(raw)' needs a unit (\(names.joined(separator: ", "))), e.g. '\(numberText)\(names.contains("s") ? "s" : names[0])'")
            }
            return 0
        }
        guard let unit = units.first(where: { $0.suffix == unitText }) else {
            throw ParseError(message: "unknown \(quantity) unit '\(unitText)' in '\(raw)'\(Suggestion.hint(for: unitText, in: names)); use \(names.joined(separator: ", "))")
        }
        return number * unit.size
    }

    /// The duration in seconds. Rejects negative, non-finite and unit-less values (a bare 0 aside).
    public static func seconds(_ raw: String) throws(ParseError) -> Double {
        let seconds = try measure(raw, quantity: "duration", example: "76s, 12min or 8h", units: units.map { ($0.suffix, $0.seconds) })
        guard seconds.isFinite else { throw ParseError(message: "duration '\(raw)' is not finite") }
        guard seconds >= 0 else { throw ParseError(message: "duration '\(raw)' must not be negative") }
        guard seconds <= 1e11 else { throw ParseError(message: "duration '\(raw)' is too long (the limit is about 3,000 years)") }
        return seconds
    }

    /// A reading of any duration for people: `42.0s`, `12.5min`, `3.12h`.
    public static func describe(_ seconds: Double) -> String {
        if seconds < 120 { return String(format: "%.1fs", seconds) }
        if seconds < 7_200 { return String(format: "%.1fmin", seconds / 60) }
        return String(format: "%.2fh", seconds / 3_600)
    }

    /// A compact human rendering: `76s`, `12min`, `8h`, `1.5d`.
    public static func format(_ seconds: Double) -> String {
        if seconds == 0 { return "0s" }
        // A whole number of the unit, small enough to be an Int (a damaged trace can hold times near Int64.max µs).
        for (suffix, size) in units.reversed() where suffix != "w" && seconds >= size && seconds / size < 1e15
            && seconds.truncatingRemainder(dividingBy: size) == 0 {
            return "\(Int(seconds / size))\(suffix)"
        }
        return "\(seconds)s"
    }

    /// A time of a run on its clock, day 1 starting at the run's start: "day 2 08:15:00" (whole seconds).
    public static func runClock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.down))
        return String(format: "day %d %02d:%02d:%02d", s / 86_400 + 1, s % 86_400 / 3_600, s % 3_600 / 60, s % 60)
    }
}
