import Foundation

extension FittedModel {
    /// ln(1 − F(x)), the logarithm of the probability of a duration longer than x,
    /// accurate far in the tail (a censored value there adds it to the likelihood).
    public func logSurvival(_ x: Double) -> Double {
        switch self {
        case let .shifted(base, shift):
            return base.logSurvival(x - shift)
        case let .exponential(mean):
            return x <= 0 ? 0 : -x / mean
        case let .normal(mean, sd):
            if x <= 0 { return 0 }
            return SpecialFunctions.logNormalSurvival((x - mean) / sd) - SpecialFunctions.logNormalSurvival(-mean / sd)
        case let .lognormal(mu, sigma):
            return x <= 0 ? 0 : SpecialFunctions.logNormalSurvival((log(x) - mu) / sigma)
        case let .gamma(shape, scale):
            return SpecialFunctions.logRegularizedGammaQ(shape, max(0, x) / scale)
        case let .weibull(shape, scale):
            return x <= 0 ? 0 : -pow(x / scale, shape)
        case .uniform, .triangular:
            return log1p(-cdf(x))
        }
    }

    /// The log-likelihood of `sample`: Σ ln f over finished values plus Σ ln(1 − F) over censored ones.
    public func logLikelihood(_ sample: ObservedSample) -> Double {
        guard sample.isCensored else { return logLikelihood(sample.values) }
        var sum = 0.0
        for (i, x) in sample.values.enumerated() { sum += sample.isCensored(i) ? logSurvival(x) : logDensity(x) }
        return sum
    }

    /// Fits `family` to a sample with censored values, by maximum likelihood.
    ///
    /// The exponential's mean is the total time over the number of finished values; the
    /// Weibull's shape solves Σ xᵏ ln x / Σ xᵏ − 1/k − (1/r) Σ_finished ln x = 0 (r finished
    /// values, sums over all), its scale (Σ xᵏ / r)^(1/k); the normal (untruncated, as
    /// without censoring), the lognormal and the gamma maximize Σ ln f + Σ ln(1 − F) by
    /// `LikelihoodSearch` from the fit that ignores the censoring. The uniform, the triangular
    /// and the shifted families are not fitted to censored data.
    static func censoredEstimate(_ family: Family, _ sample: ObservedSample) throws(NotApplicable) -> FittedModel {
        if family.isShifted || family == .uniform || family == .triangular {
            throw NotApplicable(reason: "not fitted to censored data")
        }
        let finished = Double(sample.count - sample.censoredCount)
        if family != .exponential && family != .normal && sample.sorted[0] <= 0 { throw NotApplicable(reason: "values include zeros") }
        switch family {
        case .exponential:
            return .exponential(mean: sample.values.reduce(0, +) / finished)
        case .weibull:
            let logs = sample.values.map { log($0) }
            let finishedMeanLog = logs.indices.reduce(0) { $0 + (sample.isCensored($1) ? 0 : logs[$1]) } / finished
            return weibull(logs: logs, eventMeanLog: finishedMeanLog, events: finished)
        case .normal:
            guard case let .normal(mean, sd) = try estimate(.normal, from: sample.ignoringCensoring) else { preconditionFailure() }
            let terms = CensoredTerms(sample, logarithms: false)
            let best = LikelihoodSearch.maximize(from: [mean, log(sd)], steps: [0.1 * sd, 0.1]) { terms.normalLogLikelihood(mu: $0[0], sigma: exp($0[1])) }
            return .normal(mean: best[0], sd: exp(best[1]))
        case .lognormal:
            guard case let .lognormal(mu, sigma) = try estimate(.lognormal, from: sample.ignoringCensoring) else { preconditionFailure() }
            let terms = CensoredTerms(sample, logarithms: true)
            let best = LikelihoodSearch.maximize(from: [mu, log(sigma)], steps: [0.1 * sigma, 0.1]) { terms.normalLogLikelihood(mu: $0[0], sigma: exp($0[1])) }
            return .lognormal(mu: best[0], sigma: exp(best[1]))
        default:
            guard case let .gamma(shape, scale) = try estimate(.gamma, from: sample.ignoringCensoring) else { preconditionFailure() }
            let terms = CensoredTerms(sample, logarithms: false)
            let best = LikelihoodSearch.maximize(from: [log(shape), log(scale)], steps: [0.1, 0.1]) { terms.gammaLogLikelihood(shape: exp($0[0]), scale: exp($0[1])) }
            return .gamma(shape: exp(best[0]), scale: exp(best[1]))
        }
    }
}

/// A censored sample reduced to what its likelihoods need: sums over the finished
/// values (so each evaluation costs one term per censored value, not per value) and
/// the censored values themselves.
private struct CensoredTerms {
    /// The number of finished values.
    let finished: Double
    /// Σ y, Σ y² and Σ ln y over the finished values y (y = ln x with `logarithms`, else x).
    let sum: Double, sumOfSquares: Double, sumOfLogs: Double
    /// The censored values (their logarithms with `logarithms`).
    let censored: [Double]

    init(_ sample: ObservedSample, logarithms: Bool) {
        var finished = 0.0, sum = 0.0, squares = 0.0, logs = 0.0
        var censored: [Double] = []
        for (i, x) in sample.values.enumerated() {
            let y = logarithms ? log(x) : x
            if sample.isCensored(i) { censored.append(y); continue }
            finished += 1; sum += y; squares += y * y
            if !logarithms && x > 0 { logs += log(x) }
        }
        (self.finished, self.sum, sumOfSquares, sumOfLogs, self.censored) = (finished, sum, squares, logs, censored)
    }

    /// The untruncated normal's log-likelihood of y (for the lognormal, without the constant −Σ ln x).
    func normalLogLikelihood(mu: Double, sigma: Double) -> Double {
        let squares = sumOfSquares - 2 * mu * sum + finished * mu * mu
        var total = -finished * (log(sigma) + 0.5 * log(2 * Double.pi)) - squares / (2 * sigma * sigma)
        for y in censored { total += SpecialFunctions.logNormalSurvival((y - mu) / sigma) }
        return total
    }

    /// The gamma's log-likelihood.
    func gammaLogLikelihood(shape: Double, scale: Double) -> Double {
        let logGamma: Double = lgamma(shape)
        var total = (shape - 1) * sumOfLogs - sum / scale - finished * (shape * log(scale) + logGamma)
        for x in censored { total += SpecialFunctions.logRegularizedGammaQ(shape, x / scale, logGammaA: logGamma) }
        return total
    }
}

extension ObservedSample {
    /// The same values, every one counted as finished: where a censored fit starts.
    var ignoringCensoring: ObservedSample {
        guard isCensored else { return self }
        // At least as many values as the finished ones, which passed the same checks.
        return try! ObservedSample(values)
    }
}
