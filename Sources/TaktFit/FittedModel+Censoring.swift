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
    /// Nelder–Mead from the fit that ignores the censoring. The uniform, the triangular
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
            let best = NelderMead.minimize(from: [mean, log(sd)], steps: [0.1 * sd, 0.1]) { -terms.normalLogLikelihood(mu: $0[0], sigma: exp($0[1])) }
            return .normal(mean: best[0], sd: exp(best[1]))
        case .lognormal:
            guard case let .lognormal(mu, sigma) = try estimate(.lognormal, from: sample.ignoringCensoring) else { preconditionFailure() }
            let terms = CensoredTerms(sample, logarithms: true)
            let best = NelderMead.minimize(from: [mu, log(sigma)], steps: [0.1 * sigma, 0.1]) { -terms.normalLogLikelihood(mu: $0[0], sigma: exp($0[1])) }
            return .lognormal(mu: best[0], sigma: exp(best[1]))
        default:
            guard case let .gamma(shape, scale) = try estimate(.gamma, from: sample.ignoringCensoring) else { preconditionFailure() }
            let terms = CensoredTerms(sample, logarithms: false)
            let best = NelderMead.minimize(from: [log(shape), log(scale)], steps: [0.1, 0.1]) { -terms.gammaLogLikelihood(shape: exp($0[0]), scale: exp($0[1])) }
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
        var total = (shape - 1) * sumOfLogs - sum / scale - finished * (shape * log(scale) + lgamma(shape))
        for x in censored { total += SpecialFunctions.logRegularizedGammaQ(shape, x / scale) }
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

/// Nelder and Mead's simplex search for a minimum, for the few-parameter likelihoods
/// that have no closed form; standard coefficients (reflection 1, expansion 2,
/// contraction ½, shrink ½), restarted once from its answer so a collapsed simplex
/// does not stop it short.
enum NelderMead {
    /// The point near `start` where `f` is least; `steps` sets the first simplex's size in each coordinate.
    static func minimize(from start: [Double], steps: [Double], maxEvaluations: Int = 4000, _ f: ([Double]) -> Double) -> [Double] {
        var best = start
        for _ in 0..<2 { best = search(from: best, steps: steps, maxEvaluations: maxEvaluations / 2, f) }
        return best
    }

    private static func search(from start: [Double], steps: [Double], maxEvaluations: Int, _ f: ([Double]) -> Double) -> [Double] {
        let n = start.count
        func value(_ p: [Double]) -> Double {
            let v = f(p)
            return v.isNaN ? .infinity : v
        }
        var points = [start] + (0..<n).map { i -> [Double] in
            var p = start
            p[i] += steps[i] == 0 ? 1e-3 : steps[i]
            return p
        }
        var values = points.map(value)
        var evaluations = n + 1
        func mix(_ a: [Double], _ b: [Double], _ t: Double) -> [Double] { zip(a, b).map { $0 + t * ($1 - $0) } }
        while evaluations < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            points = order.map { points[$0] }
            values = order.map { values[$0] }
            let spread = abs(values[n] - values[0])
            let size = (1...n).map { j in zip(points[j], points[0]).map { abs($0 - $1) / (1 + abs($1)) }.max()! }.max()!
            if spread <= 1e-13 * (abs(values[0]) + 1e-300) && size <= 1e-9 { break }
            let centroid = (0..<n).map { i in points[0..<n].reduce(0) { $0 + $1[i] } / Double(n) }
            let reflected = mix(centroid, points[n], -1)
            let r = value(reflected); evaluations += 1
            if r < values[0] {
                let expanded = mix(centroid, points[n], -2)
                let e = value(expanded); evaluations += 1
                (points[n], values[n]) = e < r ? (expanded, e) : (reflected, r)
            } else if r < values[n - 1] {
                (points[n], values[n]) = (reflected, r)
            } else {
                let contracted = r < values[n] ? mix(centroid, reflected, 0.5) : mix(centroid, points[n], 0.5)
                let c = value(contracted); evaluations += 1
                if c < min(r, values[n]) {
                    (points[n], values[n]) = (contracted, c)
                } else {
                    for j in 1...n {
                        points[j] = mix(points[0], points[j], 0.5)
                        values[j] = value(points[j])
                    }
                    evaluations += n
                }
            }
        }
        return points[values.indices.min { values[$0] < values[$1] }!]
    }
}
