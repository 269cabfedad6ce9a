import Foundation

/// A map from data values to pixel positions, linear or logarithmic, with its tick values.
struct Scale: Sendable {
    /// The data interval shown.
    let domain: ClosedRange<Double>
    /// The pixel interval it maps to (may run backwards, e.g. a y axis).
    let range: (Double, Double)
    /// Whether positions follow log10 of the value (domain must be positive).
    let logarithmic: Bool
    /// Values that get a tick, inside the domain.
    let ticks: [Double]

    /// A linear scale over `low…high`, widened to round tick values (about `count` ticks).
    static func linear(_ low: Double, _ high: Double, to range: (Double, Double), count: Int = 5, includeZero: Bool = false) -> Scale {
        var lo = low, hi = high
        if includeZero { lo = min(lo, 0); hi = max(hi, 0) }
        if !(lo.isFinite && hi.isFinite) { lo = 0; hi = 1 }
        if lo == hi {
            let pad = lo == 0 ? 1 : abs(lo) * 0.05
            lo -= pad; hi += pad
        }
        let step = niceStep((hi - lo) / Double(max(1, count)))
        // A hair of tolerance, so 41.2 ÷ 0.2 = 205.99999999999997 still ends at 206 steps.
        let niceLow = (lo / step + 1e-9).rounded(.down) * step, niceHigh = (hi / step - 1e-9).rounded(.up) * step
        var ticks: [Double] = []
        var k = (niceLow / step).rounded()
        while k * step <= niceHigh + step * 1e-9 {
            ticks.append(clean(k * step, step: step))
            k += 1
        }
        return Scale(domain: niceLow...niceHigh, range: range, logarithmic: false, ticks: ticks)
    }

    /// A logarithmic scale over `low…high` (both > 0), widened to the enclosing
    /// 1-2-5 values; ticks at 1, 2 and 5 × 10ᵏ, only powers of ten when that gives too many.
    /// With `sparse` values (e.g. 1 s, 10 s, 1 min, 10 min, 1 h), those replace the powers of ten when thinning.
    static func log(_ low: Double, _ high: Double, to range: (Double, Double), candidates: [Double]? = nil, sparse: [Double]? = nil,
                    maxTicks: Int = 9) -> Scale {
        let lo = max(low, 1e-12), hi = max(high, lo * 1.0001)
        let all = candidates ?? oneTwoFive(from: lo / 10, to: hi * 10)
        let below = all.last { $0 <= lo } ?? lo, above = all.first { $0 >= hi } ?? hi
        var ticks = all.filter { $0 >= below && $0 <= above }
        var domain = below...above
        if ticks.count > maxTicks, let sparse {
            let low = sparse.last { $0 <= lo } ?? lo, high = sparse.first { $0 >= hi } ?? hi
            ticks = sparse.filter { $0 >= low && $0 <= high }
            domain = low...high
        } else if ticks.count > maxTicks {
            // Only powers of ten, the domain widened to the enclosing ones so both ends carry a tick.
            let low = pow(10, log10(below).rounded(.down)), high = pow(10, log10(above).rounded(.up))
            let decades = oneTwoFive(from: low, to: high).filter { $0 >= low * 0.999 && $0 <= high * 1.001 && abs(log10($0) - log10($0).rounded()) < 1e-9 }
            if decades.count >= 2 {
                ticks = decades
                domain = low...high
            } else {
                ticks = stride(from: 0, to: ticks.count, by: 2).map { ticks[$0] }
            }
        }
        return Scale(domain: domain, range: range, logarithmic: true, ticks: ticks)
    }

    /// The pixel position of `value` (clamped to the domain).
    func position(_ value: Double) -> Double {
        let v = min(max(value, domain.lowerBound), domain.upperBound)
        let t: Double
        if logarithmic {
            let a = Foundation.log10(domain.lowerBound), b = Foundation.log10(domain.upperBound)
            t = b > a ? (Foundation.log10(max(v, domain.lowerBound)) - a) / (b - a) : 0.5
        } else {
            let span = domain.upperBound - domain.lowerBound
            t = span > 0 ? (v - domain.lowerBound) / span : 0.5
        }
        return range.0 + t * (range.1 - range.0)
    }

    /// The step among 1, 2, 5 × 10ᵏ nearest above `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let power = pow(10, (log10(rough)).rounded(.down))
        let fraction = rough / power
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * power
    }

    /// 1, 2, 5 × 10ᵏ from `low` to `high`.
    static func oneTwoFive(from low: Double, to high: Double) -> [Double] {
        var out: [Double] = []
        var power = pow(10, log10(low).rounded(.down))
        while power <= high * 10 {
            for m in [1.0, 2, 5] { out.append(clean(m * power, step: power)) }
            power *= 10
        }
        return out
    }

    /// `x` rounded to the precision of `step`, so 0.1 × 3 prints as 0.3.
    static func clean(_ x: Double, step: Double) -> Double {
        let digits = max(0, -Int(log10(step).rounded(.down)) + 2)
        let scale = pow(10, Double(min(digits, 15)))
        let r = (x * scale).rounded() / scale
        return r == 0 ? 0 : r
    }
}
