import Foundation
import Synchronization

/// Quantiles of Student's t distribution, for confidence intervals.
public enum StudentT {
    /// The `p`-quantile of t with `df` degrees of freedom (0 < p < 1, df ≥ 1).
    ///
    /// Inverts the CDF, written with the regularized incomplete beta function
    /// (Abramowitz & Stegun 26.7.1), by bisection to 1e-12: exact enough for
    /// any table, but some 20 µs (about a hundred beta evaluations). Each
    /// quantile is computed once per process and remembered: a summary asks for
    /// the same one for every figure, and the thousands of robot figures of a
    /// plant made it a fifth of a sweep's CPU.
    public static func quantile(_ p: Double, degreesOfFreedom df: Double) -> Double {
        precondition(p > 0 && p < 1 && df > 0)
        let key = Key(p: p.bitPattern, df: df.bitPattern)
        if let known = known.withLock({ $0[key] }) { return known }
        let t = bisected(p, degreesOfFreedom: df)
        known.withLock { $0[key] = t }
        return t
    }

    /// A quantile's arguments, exactly.
    private struct Key: Hashable {
        let p: UInt64
        let df: UInt64
    }

    /// The quantiles computed so far.
    private static let known = Mutex<[Key: Double]>([:])

    /// The `p`-quantile by bisection of the CDF.
    private static func bisected(_ p: Double, degreesOfFreedom df: Double) -> Double {
        if p == 0.5 { return 0 }
        if p < 0.5 { return -bisected(1 - p, degreesOfFreedom: df) }
        var lo = 0.0, hi = 1.0
        while cdf(hi, degreesOfFreedom: df) < p { hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if cdf(mid, degreesOfFreedom: df) < p { lo = mid } else { hi = mid }
            if hi - lo < 1e-12 * max(1, hi) { break }
        }
        return (lo + hi) / 2
    }

    /// P(T ≤ t) for t with `df` degrees of freedom.
    public static func cdf(_ t: Double, degreesOfFreedom df: Double) -> Double {
        let x = df / (df + t * t)
        let tail = 0.5 * IncompleteBeta.regularized(x, a: df / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }
}

/// The regularized incomplete beta function I_x(a, b).
enum IncompleteBeta {
    /// I_x(a, b) by its continued fraction (modified Lentz), using the symmetry
    /// I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges faster.
    static func regularized(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * fraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * fraction(1 - x, a: b, b: a) / b
    }

    private static func fraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }
}
