import Foundation

/// The special functions the estimators and the distribution functions need:
/// digamma, trigamma, the regularized incomplete gamma function (and the
/// logarithm of its complement) and the standard normal distribution function
/// (and the logarithm of its upper tail).
///
/// Each is written from its textbook series (Abramowitz & Stegun 6.3.18,
/// 6.4.12, 6.5.29 and the Legendre continued fraction 6.5.31) to double
/// precision; the tests check them against exact values.
enum SpecialFunctions {
    /// ψ(x) = d/dx ln Γ(x), for x > 0.
    ///
    /// Shifts x above 12 by ψ(x) = ψ(x + 1) − 1/x, then sums the asymptotic series.
    static func digamma(_ x: Double) -> Double {
        var x = x
        var result = 0.0
        while x < 12 {
            result -= 1 / x
            x += 1
        }
        let f = 1 / (x * x)
        let series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))))
        return result + log(x) - 0.5 / x - series
    }

    /// ψ′(x), the derivative of the digamma function, for x > 0.
    static func trigamma(_ x: Double) -> Double {
        var x = x
        var result = 0.0
        while x < 12 {
            result += 1 / (x * x)
            x += 1
        }
        let f = 1 / (x * x)
        let series = (1 + (0.5 + (1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42 - f / 30))) / x) / x) / x
        return result + series
    }

    /// P(a, x) = γ(a, x)/Γ(a), the regularized lower incomplete gamma function, for a > 0, x ≥ 0.
    ///
    /// The power series below x < a + 1, the continued fraction for Q = 1 − P above (evaluated by
    /// the modified Lentz method); both converge to a relative 1e-15 within a few hundred terms.
    static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        if x.isInfinite { return 1 }
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 { return min(1, gammaSeries(a, x) * exp(logPrefix)) }
        return max(0, 1 - exp(logPrefix) * gammaContinuedFraction(a, x))
    }

    /// ln Q(a, x) = ln(1 − P(a, x)), the logarithm of the regularized upper incomplete gamma
    /// function, for a > 0, x ≥ 0: accurate where Q itself underflows (a censored value far in the tail).
    /// `logGammaA`, ln Γ(a), may be given when many values share one a.
    static func logRegularizedGammaQ(_ a: Double, _ x: Double, logGammaA: Double? = nil) -> Double {
        if x <= 0 { return 0 }
        if x.isInfinite { return -.infinity }
        let logPrefix = a * log(x) - x - (logGammaA ?? lgamma(a))
        if x < a + 1 { return log1p(-min(1, gammaSeries(a, x) * exp(logPrefix))) }
        return logPrefix + log(gammaContinuedFraction(a, x))
    }

    /// Σ xⁿ / (a (a + 1) ⋯ (a + n)): P(a, x) = this × xᵃ e⁻ˣ / Γ(a) (A&S 6.5.29).
    private static func gammaSeries(_ a: Double, _ x: Double) -> Double {
        var term = 1 / a
        var sum = term
        var n = a
        for _ in 0..<10_000 {
            n += 1
            term *= x / n
            sum += term
            if abs(term) < abs(sum) * 1e-16 { break }
        }
        return sum
    }

    /// Legendre's continued fraction for x ≥ a + 1: Q(a, x) = this × xᵃ e⁻ˣ / Γ(a) (A&S 6.5.31), by modified Lentz.
    private static func gammaContinuedFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }

    /// Φ(z), the standard normal distribution function.
    static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// ln(1 − Φ(z)), accurate far in the upper tail, where 1 − Φ(z) underflows (z above about 37):
    /// there the asymptotic series ln φ(z) − ln z + ln(1 − 1/z² + 3/z⁴ − 15/z⁶) (A&S 26.2.12).
    static func logNormalSurvival(_ z: Double) -> Double {
        if z < 30 { return log(0.5 * erfc(z / 2.0.squareRoot())) }
        let w = 1 / (z * z)
        return logNormalDensity(z) - log(z) + log1p(-w * (1 - w * (3 - 15 * w)))
    }

    /// ln φ(z), the logarithm of the standard normal density.
    static func logNormalDensity(_ z: Double) -> Double {
        -0.5 * z * z - 0.5 * log(2 * Double.pi)
    }
}
