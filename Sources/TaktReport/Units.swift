import Foundation

/// How the values of one figure are written: the unit they are shown in and
/// how many decimals, chosen once for all variants so a column reads evenly.
///
/// Durations are shown in µs, ms, s, min or h, energies in µJ…MJ, shares in
/// percent. When a column's values span more than three orders of magnitude
/// (2 ms against 3 s), each value gets its own unit instead.
struct DisplayUnit: Sendable {
    /// The unit as stored (`s`, `h`, `J`, `share`, `jobs/h`, …).
    let stored: String
    /// The unit shown and the divisor from stored to shown (nil: each value chooses its own).
    let symbol: String?
    let divisor: Double
    /// Decimals for every value (nil: four significant digits each).
    let decimals: Int?

    /// The display unit for `values` in stored unit `unit`.
    init(unit: String, values: [Double]) {
        stored = unit
        let magnitudes = values.filter(\.isFinite).map(abs)
        let largest = magnitudes.max() ?? 0
        let smallest = magnitudes.filter { $0 > 0 }.min() ?? largest
        let wide = smallest > 0 && largest / smallest > 1000
        if wide, let _ = Self.prefixes(for: unit) {
            symbol = nil
            divisor = 1
            decimals = nil
            return
        }
        let (symbol, divisor) = Self.choose(unit: unit, largest: largest)
        self.symbol = symbol
        self.divisor = divisor
        // Percentages read best with three significant digits, everything else with four.
        decimals = wide ? nil : Format.significantDecimals(largest / divisor, digits: symbol == "%" ? 3 : 4)
    }

    /// A display unit with a fixed symbol and divisor (e.g. an axis already chosen).
    init(stored: String, symbol: String, divisor: Double, decimals: Int?) {
        self.stored = stored
        self.symbol = symbol
        self.divisor = divisor
        self.decimals = decimals
    }

    /// The value in the shown unit, without the unit.
    func number(_ x: Double, decimals override: Int? = nil) -> String {
        guard symbol != nil else { return Self.withOwnUnit(x, unit: stored).number }
        let d = override ?? decimals
        return d.map { Format.fixed(x / divisor, decimals: $0) } ?? Format.significant(x / divisor, digits: 4)
    }

    /// The value with its unit, e.g. `21.85 h`, `40.77 jobs/h`, `5.3%`.
    func text(_ x: Double) -> String {
        guard let symbol else {
            let own = Self.withOwnUnit(x, unit: stored)
            return Self.join(own.number, own.symbol)
        }
        return Self.join(number(x), symbol)
    }

    /// `mean ± half-width` with the unit once at the end (`showUnit`); `signed` writes `+` before a
    /// positive mean (a difference). Zero with no spread is written `0`.
    func interval(_ mean: Double, _ halfWidth: Double?, signed: Bool = false, showUnit: Bool = true) -> String {
        let hw = halfWidth.map { $0.isFinite ? $0 : .infinity }
        let symbol: String, divisor: Double, decimals: Int
        if let chosen = self.symbol {
            symbol = chosen
            divisor = self.divisor
            decimals = self.decimals ?? Format.significantDecimals(mean / divisor, digits: 4)
        } else {
            let own = Self.withOwnUnit(max(abs(mean), hw.map { $0.isFinite ? $0 : 0 } ?? 0), unit: stored)
            (symbol, divisor) = (own.symbol, own.divisor)
            decimals = Format.significantDecimals(mean / divisor, digits: 4)
        }
        if mean == 0 && (hw ?? 0) == 0 { return showUnit && symbol == "%" ? "0%" : "0" }
        let sign = signed ? Format.sign(mean) : (mean < 0 ? "−" : "")
        var text = sign + Format.fixed(abs(mean) / divisor, decimals: decimals)
        if let hw { text += " ± " + Format.fixed(hw / divisor, decimals: decimals) }
        return showUnit ? Self.join(text, symbol) : text
    }

    /// The axis label suffix, e.g. `(h)`; empty for a per-value unit.
    var axisUnit: String {
        switch (symbol, stored) {
        case (nil, _): return ""
        case ("", "count"): return " (count)"
        case ("", "per job"): return " (plant file's currency)"
        case let (s?, _): return s.isEmpty ? "" : " (\(s))"
        }
    }

    static func join(_ number: String, _ symbol: String) -> String {
        symbol.isEmpty ? number : symbol == "%" ? number + "%" : number + " " + symbol
    }

    /// The unit prefixes a stored unit may take, smallest first, as (symbol, divisor).
    static func prefixes(for unit: String) -> [(String, Double)]? {
        switch unit {
        case "s", "h": return [("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("min", 60), ("h", 3600)].map { ($0.0, unit == "h" ? $0.1 / 3600 : $0.1) }
        case "J": return [("µJ", 1e-6), ("mJ", 1e-3), ("J", 1), ("kJ", 1e3), ("MJ", 1e6)]
        default: return nil
        }
    }

    /// The shown unit for values up to `largest`.
    static func choose(unit: String, largest: Double) -> (String, Double) {
        switch unit {
        case "share": return ("%", 0.01)
        case "count": return ("", 1)
        case "per job": return ("", 1)
        case "s", "h":
            // Durations: seconds below 2 min, minutes below 2 h (but wait hours stay hours).
            let seconds = unit == "h" ? largest * 3600 : largest
            if unit == "h" && seconds >= 60 { return ("h", 1) }
            let table: [(String, Double)] = [("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("min", 60), ("h", 3600)]
            let pick = seconds == 0 ? ("s", 1.0) : seconds < 1e-3 ? table[0] : seconds < 1 ? table[1] : seconds < 120 ? table[2] : seconds < 7200 ? table[3] : table[4]
            return (pick.0, unit == "h" ? pick.1 / 3600 : pick.1)
        case "J":
            let table = prefixes(for: "J")!
            return table.last { largest >= $0.1 } ?? table[0]
        default: return (unit, 1)
        }
    }

    /// A single value written in the unit that suits it, four significant digits.
    static func withOwnUnit(_ x: Double, unit: String) -> (number: String, symbol: String, divisor: Double, decimals: Int) {
        let (symbol, divisor) = choose(unit: unit, largest: abs(x))
        let decimals = Format.significantDecimals(x / divisor, digits: 4)
        return (Format.fixed(x / divisor, decimals: decimals), symbol, divisor, decimals)
    }
}

/// Number formatting shared by the report's tables and charts.
enum Format {
    /// Decimals giving four significant digits to the largest value (0…6).
    static func decimals(forLargest largest: Double) -> Int {
        significantDecimals(largest, digits: 4)
    }

    /// Decimals giving `digits` significant digits to `x` (0…6).
    static func significantDecimals(_ x: Double, digits: Int) -> Int {
        guard x != 0, x.isFinite else { return 0 }
        return max(0, min(6, digits - 1 - Int(log10(abs(x)).rounded(.down))))
    }

    /// `x` with `decimals` decimals and a real minus sign.
    static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "—" : x > 0 ? "∞" : "−∞" }
        let text = String(format: "%.\(decimals)f", x)
        // -0.00 is 0.
        if text.hasPrefix("-"), Double(text) == 0 { return String(text.dropFirst()) }
        return text.replacingOccurrences(of: "-", with: "−")
    }

    /// `x` with `digits` significant digits.
    static func significant(_ x: Double, digits: Int) -> String {
        fixed(x, decimals: significantDecimals(x, digits: digits))
    }

    /// `text` without trailing zeros after its decimal point (`2.50` → `2.5`, `100` stays).
    static func trimZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var t = text
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }

    /// `+` or `−` for a difference.
    static func sign(_ x: Double) -> String { x < 0 ? "−" : "+" }

    /// A share as a percentage with one decimal, e.g. `5.3%`.
    static func percent(_ share: Double, decimals: Int = 1) -> String { fixed(share * 100, decimals: decimals) + "%" }

    /// A number for a `data-value` attribute: the shortest text that reads back as the same Double.
    static func exact(_ x: Double) -> String { "\(x)" }
}
