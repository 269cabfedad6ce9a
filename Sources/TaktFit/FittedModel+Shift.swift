import Foundation

extension FittedModel {
    /// Fits `base` (exponential, lognormal, gamma or Weibull) moved up by a shift γ: X = γ + Y.
    ///
    /// The exponential's shift is the minimum-variance unbiased one, γ = x₍₁₎ − (x̄ − x₍₁₎)/(n − 1)
    /// (kept at zero or above). The others' is the one that maximizes the profile likelihood:
    /// for each γ the base family's maximum-likelihood fit to x − γ, searched on a grid of γ
    /// and refined by golden-section search. γ stays at least a gap below the smallest value
    /// (half the data's resolution, or the range over n): the lognormal's and the Weibull's
    /// likelihood grows without bound as γ reaches it (Cheng & Amin 1983), a spike no data
    /// support. The bootstrap refits each resample the same way, so its p-values hold for the
    /// whole procedure.
    static func shiftedEstimate(_ base: Family, _ sample: ObservedSample) throws(NotApplicable) -> FittedModel {
        let lowest = sample.sorted[0], n = Double(sample.count)
        guard lowest > 0 else { throw NotApplicable(reason: "values include zeros") }
        if base == .exponential {
            let shift = max(0, lowest - (sample.mean - lowest) / (n - 1))
            return .shifted(.exponential(mean: sample.mean - shift), shift: shift)
        }
        let gap = max((sample.resolution ?? 0) / 2, (sample.sorted[sample.count - 1] - lowest) / n)
        let top = lowest - gap
        guard top > 0 else { return .shifted(try estimate(base, from: sample), shift: 0) }
        func profile(_ shift: Double) -> (logLikelihood: Double, model: FittedModel) {
            let model = fitPositive(base, sample.values.map { $0 - shift })
            return (sample.values.reduce(0) { $0 + model.logDensity($1 - shift) }, model)
        }
        // A grid finds the highest hill; golden-section search climbs it.
        let steps = 16
        let grid = (0...steps).map { top * Double($0) / Double(steps) }
        let heights = grid.map { profile($0).logLikelihood }
        let best = heights.indices.max { heights[$0] < heights[$1] }!
        var a = grid[max(best - 1, 0)], b = grid[min(best + 1, steps)]
        let ratio = (5.0.squareRoot() - 1) / 2
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = profile(c).logLikelihood, fd = profile(d).logLikelihood
        for _ in 0..<40 where b - a > 1e-10 * top {
            if fc < fd {
                a = c; c = d; fc = fd
                d = a + ratio * (b - a); fd = profile(d).logLikelihood
            } else {
                b = d; d = c; fd = fc
                c = b - ratio * (b - a); fc = profile(c).logLikelihood
            }
        }
        let refined = (a + b) / 2, climbed = profile(refined)
        return climbed.logLikelihood >= heights[best] ? .shifted(climbed.model, shift: refined)
            : .shifted(profile(grid[best]).model, shift: grid[best])
    }

    /// The maximum-likelihood lognormal, gamma or Weibull fit to positive values: `estimate`'s, from the
    /// values alone, since the profile refits some fifty times and an `ObservedSample` would sort them each time.
    static func fitPositive(_ base: Family, _ values: [Double]) -> FittedModel {
        let logs = values.map { log($0) }
        let n = Double(values.count)
        let meanLog = logs.reduce(0, +) / n
        switch base {
        case .lognormal:
            return .lognormal(mu: meanLog, sigma: (logs.reduce(0) { $0 + ($1 - meanLog) * ($1 - meanLog) } / n).squareRoot())
        case .gamma:
            let mean = values.reduce(0, +) / n
            let shape = gammaShape(logOfMeanMinusMeanLog: max(log(mean) - meanLog, 1e-12))
            return .gamma(shape: shape, scale: mean / shape)
        default:
            return weibull(logs: logs)
        }
    }
}
