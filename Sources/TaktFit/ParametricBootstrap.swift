import Foundation
import TaktKernel

/// P-values of goodness-of-fit statistics for a fitted model, by parametric bootstrap.
///
/// Each bootstrap sample has the data's size, is drawn from the fitted model by
/// the sampler Takt simulates with, is rounded as the data were (never to zero),
/// and is refitted by the same estimator; its statistics against its own fit
/// form the reference distribution. p = (1 + #{T* ≥ T}) / (B + 1) (Davison &
/// Hinkley 1997, §4.2), so p is never 0. With parameters estimated from the
/// data the test's level is α only approximately (asymptotically); the tests
/// and `tools/fit-calibration.py` measure how close it is.
///
/// A censored sample's resamples are censored as the data were, by Davison and
/// Hinkley's (1997, algorithm 3.6) conditional bootstrap: each value keeps its
/// own censoring time: a censored value's is the value itself, a finished
/// one's is its limit when the log gives it (`ObservedSample.limits`), else a
/// draw from the Kaplan–Meier estimate of the censoring times above the value
/// (where that estimate ends short of 0, as when the largest value finished,
/// the rest of its mass sits at the largest value: the data show no value
/// beyond it, and sending it to infinity censored the resamples less than
/// the data, which made the tests conservative). The draw from the model is
/// censored there: a value of min(draw, time), censored when the draw is
/// later, compared before rounding as the data's durations were.
struct ParametricBootstrap {
    let model: FittedModel
    let sample: ObservedSample
    let seed: UInt64

    /// The Kolmogorov–Smirnov and Anderson–Darling p-values of `observed` from `samples` resamples.
    func pValues(of observed: GoodnessOfFit, samples: Int) -> (ks: Double, ad: Double) {
        guard samples > 0, let distribution = try? model.distribution() else { return (1, 1) }
        var rng = RandomStream(seed: seed, replication: 0, name: "fit/" + model.family.rawValue)
        var atLeastKS = 0
        var atLeastAD = 0
        var draws = [Double](repeating: 0, count: sample.count)
        var censored = [Bool](repeating: false, count: sample.isCensored ? sample.count : 0)
        let censoring = sample.isCensored ? KaplanMeier(sample.values) { sample.isCensored($0) } : nil
        let largest = sample.sorted[sample.count - 1]
        for _ in 0..<samples {
            if let censoring {
                for i in draws.indices {
                    let draw = distribution.sample(&rng)
                    let limit = sample.isCensored(i) ? sample.values[i]
                        : sample.limits?[i] ?? min(censoring.conditionalDraw(above: sample.values[i], u: rng.nextOpenUnit()), largest)
                    censored[i] = draw > limit
                    draws[i] = censored[i] ? limit : min(rounded(draw), limit)
                }
            } else {
                for i in draws.indices { draws[i] = rounded(distribution.sample(&rng)) }
            }
            let statistics: GoodnessOfFit
            do {
                let resample = try ObservedSample(draws, censored: censored)
                let refit = try FittedModel.estimate(model.family, from: resample)
                statistics = resample.isCensored ? GoodnessOfFit(censored: resample, model: refit) : GoodnessOfFit(sorted: resample.sorted, model: refit)
            } catch {
                // A resample the family cannot be fitted to (all equal after rounding) is as extreme as can be.
                atLeastKS += 1; atLeastAD += 1
                continue
            }
            if statistics.ks >= observed.ks { atLeastKS += 1 }
            if statistics.ad >= observed.ad { atLeastAD += 1 }
        }
        let b = Double(samples)
        return (Double(atLeastKS + 1) / (b + 1), Double(atLeastAD + 1) / (b + 1))
    }

    /// A drawn value rounded to the data's resolution, kept as drawn where rounding would make it zero in data without zeros.
    private func rounded(_ x: Double) -> Double {
        guard let step = sample.resolution else { return x }
        let r = (x / step).rounded() * step
        return r == 0 && sample.sorted[0] > 0 ? x : r
    }
}
