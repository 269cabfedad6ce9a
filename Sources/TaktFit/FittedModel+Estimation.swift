import Foundation

extension FittedModel {
    /// Why a family cannot be fitted to a sample.
    public struct NotApplicable: Error, Equatable, Sendable {
        /// A short reason for the user ("values include zeros").
        public let reason: String
    }

    /// Fits `family` to the sample.
    ///
    /// Maximum likelihood for the exponential, normal, lognormal, gamma and Weibull
    /// families (the normal's is the untruncated one; the truncation at zero is then
    /// part of the model the tests judge). The uniform's and the triangular's
    /// endpoints are the sample's extremes widened by range/(n − 1) each side (the
    /// uniform's unbiased estimator; their maximum-likelihood endpoints would put
    /// the extremes on the support's edge), kept at zero or above; the
    /// triangular's mode is then the maximum-likelihood one, which lies at an order
    /// statistic (Oliver 1972), found in O(n) with prefix sums.
    ///
    /// A shifted family's shift: see `shiftedEstimate`.
    public static func estimate(_ family: Family, from sample: ObservedSample) throws(NotApplicable) -> FittedModel {
        if sample.isConstant { throw NotApplicable(reason: "all values are equal: use a deterministic duration") }
        if sample.isCensored { return try censoredEstimate(family, sample) }
        if family.isShifted { return try shiftedEstimate(family.base, sample) }
        let positive = sample.meanLog
        switch family {
        case .exponential:
            return .exponential(mean: sample.mean)
        case .normal:
            let n = Double(sample.count)
            return .normal(mean: sample.mean, sd: sample.standardDeviation * ((n - 1) / n).squareRoot())
        case .lognormal:
            guard let meanLog = positive else { throw NotApplicable(reason: "values include zeros") }
            return .lognormal(mu: meanLog, sigma: sample.logStandardDeviation)
        case .gamma:
            guard let meanLog = positive else { throw NotApplicable(reason: "values include zeros") }
            let shape = gammaShape(logOfMeanMinusMeanLog: log(sample.mean) - meanLog)
            return .gamma(shape: shape, scale: sample.mean / shape)
        case .weibull:
            guard positive != nil else { throw NotApplicable(reason: "values include zeros") }
            return weibull(sample)
        case .uniform:
            let (lo, hi) = widenedRange(sample)
            return .uniform(min: lo, max: hi)
        case .triangular:
            let (lo, hi) = widenedRange(sample)
            return .triangular(min: lo, mode: triangularMode(sample.sorted, lo, hi), max: hi)
        case .shiftedExponential, .shiftedLognormal, .shiftedGamma, .shiftedWeibull:
            return try shiftedEstimate(family.base, sample)
        }
    }

    /// The gamma shape k solving ln k − ψ(k) = s, s = ln x̄ − mean(ln x) > 0.
    ///
    /// Starts from Minka's (2002) closed-form approximation and refines by Newton's
    /// method (ln k − ψ(k) is decreasing and convex, so the iteration converges).
    static func gammaShape(logOfMeanMinusMeanLog s: Double) -> Double {
        var k = (3 - s + ((s - 3) * (s - 3) + 24 * s).squareRoot()) / (12 * s)
        for _ in 0..<100 {
            let f = log(k) - SpecialFunctions.digamma(k) - s
            let slope = 1 / k - SpecialFunctions.trigamma(k)
            var next = k - f / slope
            if next <= 0 { next = k / 2 }
            if abs(next - k) <= 1e-13 * k { return next }
            k = next
        }
        return k
    }

    /// Weibull maximum likelihood: the shape k solves
    /// Σ xᵏ ln x / Σ xᵏ − 1/k − mean(ln x) = 0 (increasing in k), by Newton's method
    /// kept inside a bracket that bisection narrows; then λ = (Σ xᵏ / n)^(1/k).
    static func weibull(_ sample: ObservedSample) -> FittedModel { weibull(logs: sample.values.map { log($0) }) }

    /// Weibull maximum likelihood from the logarithms of positive values, of which `events` (all when nil)
    /// ended in the event, the logarithms of those averaging `eventMeanLog` (the rest were censored).
    static func weibull(logs: [Double], eventMeanLog: Double? = nil, events: Double? = nil) -> FittedModel {
        let top = logs.max()!
        let meanLog = eventMeanLog ?? logs.reduce(0, +) / Double(logs.count)
        let logStandardDeviation = (logs.reduce(0) { $0 + ($1 - meanLog) * ($1 - meanLog) } / Double(logs.count)).squareRoot()
        // Weights exp(k (ln x − max ln x)) keep xᵏ from overflowing; the ratios are unchanged.
        func score(_ k: Double) -> (value: Double, slope: Double) {
            var s0 = 0.0, s1 = 0.0, s2 = 0.0
            for l in logs {
                let w = exp(k * (l - top))
                s0 += w; s1 += w * l; s2 += w * l * l
            }
            let ratio = s1 / s0
            return (ratio - 1 / k - meanLog, s2 / s0 - ratio * ratio + 1 / (k * k))
        }
        var lo = 1e-3, hi = 1.0
        while score(hi).value < 0 && hi < 1e4 { lo = hi; hi *= 2 }
        var k = min(max(1.2825 / max(logStandardDeviation, 1e-12), lo), hi)
        for _ in 0..<200 {
            let (f, slope) = score(k)
            if f < 0 { lo = k } else { hi = k }
            var next = k - f / slope
            if !(next > lo && next < hi) { next = (lo + hi) / 2 }
            if abs(next - k) <= 1e-13 * k { k = next; break }
            k = next
        }
        let sumPower = logs.reduce(0) { $0 + exp(k * ($1 - top)) }
        let scale = exp(top + log(sumPower / (events ?? Double(logs.count))) / k)
        return .weibull(shape: k, scale: scale)
    }

    /// The sample's range widened by range/(n − 1) on each side, not below zero.
    static func widenedRange(_ sample: ObservedSample) -> (Double, Double) {
        let lo = sample.sorted[0], hi = sample.sorted[sample.count - 1]
        let margin = (hi - lo) / Double(sample.count - 1)
        return (max(0, lo - margin), hi + margin)
    }

    /// The triangular mode that maximizes the likelihood on [lo, hi]: the order statistic
    /// x₍ᵣ₎ maximizing Σ_{i<r} ln(xᵢ − lo) − (r−1) ln(x₍ᵣ₎ − lo) + Σ_{i>r} ln(hi − xᵢ) − (n−r) ln(hi − x₍ᵣ₎).
    static func triangularMode(_ sorted: [Double], _ lo: Double, _ hi: Double) -> Double {
        let n = sorted.count
        // A value at lo (possible only when lo was clamped at zero) adds ln 0 to every r past it:
        // shift by a tiny amount so the comparison stays finite and the ranking is unchanged.
        let tiny = (hi - lo) * 1e-12
        var below = [0.0]  // below[r] = Σ_{i<r} ln(xᵢ − lo)
        for x in sorted { below.append(below.last! + log(max(x - lo, tiny))) }
        var above = [Double](repeating: 0, count: n + 1)  // above[r] = Σ_{i≥r} ln(hi − xᵢ)
        for i in stride(from: n - 1, through: 0, by: -1) { above[i] = above[i + 1] + log(max(hi - sorted[i], tiny)) }
        var best = 0
        var bestScore = -Double.infinity
        for r in 0..<n {
            let x = sorted[r]
            let score = below[r] - Double(r) * log(max(x - lo, tiny)) + above[r + 1] - Double(n - 1 - r) * log(max(hi - x, tiny))
            if score > bestScore { bestScore = score; best = r }
        }
        return sorted[best]
    }
}

extension ObservedSample {
    /// The standard deviation of ln x (divisor n), or 0 when a value is zero.
    var logStandardDeviation: Double {
        guard let meanLog else { return 0 }
        return (values.reduce(0) { $0 + (log($1) - meanLog) * (log($1) - meanLog) } / Double(count)).squareRoot()
    }
}
