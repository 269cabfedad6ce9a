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
}
