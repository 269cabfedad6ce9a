import Foundation
import TaktKernel

/// Writes a distribution in the plant file's syntax, as `readDistribution` reads it:
/// `{dist: lognormal, mean: 62.41s, cv: 0.1813}`.
public enum DistributionText {
    /// The flow-style YAML of `kind` moved up by `shift`, numbers to `digits` significant digits, its durations
    /// in one unit that keeps its typical value readable. Empirical distributions have no inline form: nil.
    public static func yaml(_ kind: Distribution.Kind, shift: Double = 0, digits: Int = 4) -> String? {
        let typical: Double
        switch kind {
        case let .deterministic(value): typical = value
        case let .exponential(mean), let .normal(mean, _), let .lognormal(mean, _), let .gamma(_, mean): typical = mean
        case let .uniform(lo, hi): typical = (lo + hi) / 2
        case let .triangular(lo, mode, hi): typical = (lo + mode + hi) / 3
        case let .weibull(_, scale): typical = scale
        case .empirical: return nil
        }
        let unit = unit(for: typical + shift)
        func d(_ seconds: Double) -> String { number(seconds / unit.size, digits: digits) + unit.suffix }
        func n(_ x: Double) -> String { number(x, digits: digits) }
        let shifted = shift == 0 ? "" : ", shift: \(d(shift))"
        switch kind {
        case let .deterministic(value): return d(value)
        case let .exponential(mean): return "{dist: exponential, mean: \(d(mean))\(shifted)}"
        case let .uniform(lo, hi): return "{dist: uniform, min: \(d(lo)), max: \(d(hi))}"
        case let .triangular(lo, mode, hi): return "{dist: triangular, min: \(d(lo)), mode: \(d(mode)), max: \(d(hi))}"
        case let .normal(mean, sd): return "{dist: normal, mean: \(d(mean)), sd: \(d(sd))}"
        case let .lognormal(mean, cv): return "{dist: lognormal, mean: \(d(mean)), cv: \(n(cv))\(shifted)}"
        case let .gamma(shape, mean): return "{dist: gamma, mean: \(d(mean)), shape: \(n(shape))\(shifted)}"
        case let .weibull(shape, scale): return "{dist: weibull, shape: \(n(shape)), scale: \(d(scale))\(shifted)}"
        case .empirical: return nil
        }
    }

    /// A duration to `digits` significant digits in ms, s, min, h or d, whichever keeps
    /// the number between about 1 and 1000.
    public static func duration(_ seconds: Double, digits: Int = 4) -> String {
        let unit = unit(for: seconds)
        return number(seconds / unit.size, digits: digits) + unit.suffix
    }

    /// The unit a duration reads best in: ms below 1 s, s below 2 min, min below 2 h, h below 2 d, else d.
    public static func unit(for seconds: Double) -> (size: Double, suffix: String) {
        seconds == 0 ? (1, "s") : seconds < 1 ? (0.001, "ms") : seconds < 120 ? (1, "s")
            : seconds < 7_200 ? (60, "min") : seconds < 172_800 ? (3_600, "h") : (86_400, "d")
    }

    /// A plain decimal number to `digits` significant digits, without an exponent or trailing zeros.
    public static func number(_ x: Double, digits: Int = 4) -> String {
        if x == 0 || !x.isFinite { return x == 0 ? "0" : "\(x)" }
        let decimals = max(0, digits - 1 - Int(floor(log10(abs(x)))))
        var text = String(format: "%.\(decimals)f", x)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
