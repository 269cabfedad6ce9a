import Foundation

/// The Kolmogorov–Smirnov and Anderson–Darling statistics of sorted values against a model.
public struct GoodnessOfFit: Sendable, Equatable, Codable {
    /// Kolmogorov–Smirnov D: the largest distance between the empirical and the model's distribution function.
    public let ks: Double
    /// Anderson–Darling A²: the squared distance weighted towards the tails.
    public let ad: Double

    /// Computes both statistics; `sorted` must be in increasing order.
    ///
    /// D = max over i of max(i/n − F(x₍ᵢ₎), F(x₍ᵢ₎) − (i − 1)/n);
    /// A² = −n − (1/n) Σ (2i − 1) [ln F(x₍ᵢ₎) + ln(1 − F(x₍ₙ₊₁₋ᵢ₎))], with F kept
    /// within [10⁻¹⁵, 1 − 10⁻¹⁵] so a value on the support's edge counts as far off, not infinitely.
    public init(sorted: [Double], model: FittedModel) {
        let n = sorted.count
        var cdf = [Double](repeating: 0, count: n)
        for i in 0..<n { cdf[i] = min(max(model.cdf(sorted[i]), 1e-15), 1 - 1e-15) }
        let count = Double(n)
        var d = 0.0
        var sum = 0.0
        for i in 0..<n {
            let rank = Double(i + 1)
            d = max(d, rank / count - cdf[i], cdf[i] - (rank - 1) / count)
            sum += (2 * rank - 1) * (log(cdf[i]) + log1p(-cdf[n - 1 - i]))
        }
        ks = d
        ad = -count - sum / count
    }

    /// Computes both statistics of a sample, censored values included, against the model: the
    /// distances between the model's F and the Kaplan–Meier estimate 1 − S.
    ///
    /// D is the largest |1 − S(t) − F(t)| up to the largest value; A² is
    /// n ∫ (1 − S − F)² / (F (1 − F)) dF over the same range (to F = 1 when the largest
    /// value is finished), which is the usual A² when nothing is censored. Between event
    /// times 1 − S is a constant c, and the integral from F = a to b is
    /// c² ln(b/a) + (1 − c)² ln((1 − a)/(1 − b)) − (b − a).
    public init(censored sample: ObservedSample, model: FittedModel) {
        let estimate = KaplanMeier(sample)
        func clamped(_ x: Double) -> Double { min(max(model.cdf(x), 1e-15), 1 - 1e-15) }
        func piece(_ c: Double, _ a: Double, _ b: Double) -> Double {
            guard b > a else { return 0 }
            return (c > 0 ? c * c * log(b / a) : 0) + (c < 1 ? (1 - c) * (1 - c) * (log1p(-a) - log1p(-b)) : 0) - (b - a)
        }
        var d = 0.0, integral = 0.0
        var c = 0.0, a = 1e-15
        for (t, s) in zip(estimate.times, estimate.survival) {
            let b = clamped(t)
            integral += piece(c, a, b)
            d = max(d, abs(c - b), abs(1 - s - b))
            c = 1 - s
            a = b
        }
        let top = estimate.survival.last == 0 ? 1 - 1e-15 : clamped(estimate.end)
        integral += piece(c, a, max(a, top))
        d = max(d, abs(c - max(a, top)))
        ks = d
        ad = Double(sample.count) * integral
    }
}
