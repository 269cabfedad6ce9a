import Foundation
import TaktKernel
import Testing
@testable import TaktFit

/// `n` durations of `kind`, each censored at a time drawn uniformly on [0, `horizon`]: the values
/// min(duration, time) and whether the duration was longer (still running when its log ended).
func censoredDraws(_ kind: Distribution.Kind, _ n: Int, horizon: Double, seed: UInt64 = 7) -> (values: [Double], censored: [Bool]) {
    let durations = draws(kind, n, seed: seed, name: "censored-fit-test")
    var rng = RandomStream(seed: seed, replication: 0, name: "censoring-times")
    let limits = durations.map { _ in horizon * rng.nextOpenUnit() }
    return (zip(durations, limits).map { min($0, $1) }, zip(durations, limits).map { $0 > $1 })
}

@Suite struct CensoredFitTests {
    @Test("the Kaplan–Meier estimate of a small sample, by hand")
    func kaplanMeierByHand() throws {
        // 1, 2, 2 (censored), 3, 4 (censored), 5: S = 5/6 after 1, ·4/5 after 2, ·2/3 after 3, ·0 after 5.
        let estimate = KaplanMeier([1, 2, 2, 3, 4, 5]) { $0 != 2 && $0 != 4 }
        #expect(estimate.times == [1, 2, 3, 5] && estimate.end == 5)
        let expected = [5.0 / 6, 4.0 / 6, 4.0 / 9, 0]
        #expect(zip(estimate.survival, expected).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(estimate.survival(at: 0.5) == 1 && abs(estimate.survival(at: 4) - 4.0 / 9) < 1e-15)
        #expect(estimate.quantile(0.5) == 3 && estimate.quantile(0.2) == 2)
        // Drawn above 2 (S = 4/6): u = 0.9 asks for S ≤ 0.6, reached at 3; u = 0.5 for S ≤ 1/3, reached only at 5.
        #expect(estimate.conditionalDraw(above: 2, u: 0.9) == 3 && estimate.conditionalDraw(above: 2, u: 0.5) == 5)
        // Ending censored, the estimate says nothing past its end.
        let open = KaplanMeier([1, 2, 3]) { $0 < 1 }
        #expect(open.quantile(0.5) == nil && open.conditionalDraw(above: 1, u: 0.5) == .infinity)
    }

    @Test("the tails' logarithms: ln Q(a, x) and ln(1 − Φ(z)) where Q and 1 − Φ underflow")
    func tails() {
        for x in [0.5, 3, 30, 800] { #expect(abs(SpecialFunctions.logRegularizedGammaQ(1, x) + x) < 1e-12 * max(1, x)) }
        for x in [0.2, 2, 7.5] {
            #expect(abs(SpecialFunctions.logRegularizedGammaQ(3, x) - log(exp(-x) * (1 + x + x * x / 2))) < 1e-13)
        }
        // ln Q(3, 900) = −900 + ln(1 + 900 + 900²/2) exactly; Q itself is 0 in double precision.
        #expect(abs(SpecialFunctions.logRegularizedGammaQ(3, 900) - (-900 + log(1 + 900 + 405_000.0))) < 1e-9)
        for z in [-3.0, 0, 1.5, 6, 25] {
            #expect(abs(SpecialFunctions.logNormalSurvival(z) - log(SpecialFunctions.normalCDF(-z))) < 1e-12 * max(1, z * z))
        }
        // The asymptotic branch above 30 continues the direct one: both sides of the switch agree.
        let below = log(0.5 * erfc(30.0 / 2.0.squareRoot())), above = SpecialFunctions.logNormalSurvival(30)
        #expect(abs(below - above) < 1e-9 * abs(below) && SpecialFunctions.logNormalSurvival(60).isFinite)
    }

    @Test("the statistics of a sample with nothing censored are the usual ones")
    func statisticsWithoutCensoring() throws {
        let values = draws(.gamma(shape: 2, mean: 40), 200)
        let sample = try ObservedSample(values)
        let model = try FittedModel.estimate(.gamma, from: sample)
        let usual = GoodnessOfFit(sorted: sample.sorted, model: model), viaEstimate = GoodnessOfFit(censored: sample, model: model)
        #expect(abs(usual.ks - viaEstimate.ks) < 1e-12 && abs(usual.ad - viaEstimate.ad) < 1e-9 * usual.ad, "\(usual) \(viaEstimate)")
    }

    @Test("censored fits recover the parameters where dropping or keeping the censored values does not (n = 4000, 30–45% censored)")
    func recovery() throws {
        let cases: [(Family, Distribution.Kind, Double)] = [
            (.exponential, .exponential(mean: 100), 300), (.weibull, .weibull(shape: 1.6, scale: 100), 250),
            (.lognormal, .lognormal(mean: 100, cv: 0.8), 300), (.gamma, .gamma(shape: 2.5, mean: 100), 250),
            (.normal, .normal(mean: 100, sd: 30), 220),
        ]
        for (family, kind, horizon) in cases {
            let (values, censored) = censoredDraws(kind, 4000, horizon: horizon)
            let sample = try ObservedSample(values, censored: censored)
            #expect((0.25...0.5).contains(Double(sample.censoredCount) / 4000), "\(family): \(sample.censoredCount) censored")
            let model = try FittedModel.estimate(family, from: sample)
            #expect(model.family == family)
            let mean = try Distribution.make(kind).mean
            #expect(abs(model.mean - mean) < 0.04 * mean, "\(family): \(model) mean \(model.mean), not \(mean)")
            // Counting the censored values as finished underestimates the mean by far more.
            let naive = try FittedModel.estimate(family, from: sample.ignoringCensoring)
            #expect(naive.mean < 0.9 * mean, "\(family): \(naive.mean)")
        }
    }

    @Test("the censored estimates maximize the censored likelihood: no nearby parameters do better")
    func maximum() throws {
        let (values, censored) = censoredDraws(.weibull(shape: 2, scale: 60), 300, horizon: 120, seed: 3)
        let sample = try ObservedSample(values, censored: censored)
        func perturbed(_ model: FittedModel, _ e: Double) -> [FittedModel] {
            switch model {
            case let .exponential(m): [.exponential(mean: m * (1 + e)), .exponential(mean: m * (1 - e))]
            case let .weibull(k, s): [.weibull(shape: k * (1 + e), scale: s), .weibull(shape: k, scale: s * (1 + e)), .weibull(shape: k * (1 - e), scale: s * (1 - e))]
            case let .lognormal(m, s): [.lognormal(mu: m + e, sigma: s), .lognormal(mu: m, sigma: s * (1 + e)), .lognormal(mu: m - e, sigma: s * (1 - e))]
            case let .gamma(k, s): [.gamma(shape: k * (1 + e), scale: s), .gamma(shape: k, scale: s * (1 - e)), .gamma(shape: k * (1 - e), scale: s * (1 + e))]
            case let .normal(m, s): [.normal(mean: m * (1 + e), sd: s), .normal(mean: m, sd: s * (1 + e)), .normal(mean: m * (1 - e), sd: s * (1 - e))]
            default: []
            }
        }
        for family in [Family.exponential, .weibull, .lognormal, .gamma] {
            let model = try FittedModel.estimate(family, from: sample)
            let best = model.logLikelihood(sample)
            for other in perturbed(model, 1e-4) { #expect(other.logLikelihood(sample) <= best + 1e-9, "\(family): \(other) beats \(model)") }
        }
        // Fewer than ten finished values, and families a censored fit leaves out, are refused with the reason.
        #expect(throws: ObservedSample.Refusal.self) { try ObservedSample(Array(1...12).map(Double.init), censored: (0..<12).map { $0 >= 3 }) }
        for family in [Family.uniform, .triangular, .shiftedGamma] {
            #expect(throws: FittedModel.NotApplicable(reason: "not fitted to censored data")) { try FittedModel.estimate(family, from: sample) }
        }
    }

    @Test("the likelihood search climbs a curved valley and out of a region where Newton's method points the wrong way")
    func search() {
        // Rosenbrock's valley, its maximum at (1, 1).
        let valley = LikelihoodSearch.maximize(from: [-1.2, 1], steps: [0.1, 0.1]) { p in -((1 - p[0]) * (1 - p[0]) + 100 * (p[1] - p[0] * p[0]) * (p[1] - p[0] * p[0])) }
        #expect(abs(valley[0] - 1) < 1e-5 && abs(valley[1] - 1) < 1e-5, "\(valley)")
        // Convex in x at the start (−ln(1 + (x − 3)²) curves upwards beyond |x − 3| > 1): gradient steps first.
        let bump = LikelihoodSearch.maximize(from: [0, 0], steps: [0.1, 0.1]) { p in -log(1 + (p[0] - 3) * (p[0] - 3)) - (p[1] + 2) * (p[1] + 2) }
        #expect(abs(bump[0] - 3) < 1e-6 && abs(bump[1] + 2) < 1e-6, "\(bump)")
    }

    @Test("with censoring, a true model is rejected about as often as the level says (200 data sets, bootstrap of 99)")
    func calibration() throws {
        var rejectedAD = 0, rejectedKS = 0
        let trials = 200
        for trial in 0..<trials {
            let (values, censored) = censoredDraws(.weibull(shape: 1.5, scale: 50), 40, horizon: 120, seed: UInt64(trial))
            let fit = DistributionFit(try ObservedSample(values, censored: censored), families: [.weibull], bootstrap: 99, seed: UInt64(trial))
            if fit.candidates[0].adPValue <= 0.1 { rejectedAD += 1 }
            if fit.candidates[0].ksPValue <= 0.1 { rejectedKS += 1 }
        }
        // Binomial(200, 0.1): 99.9% of outcomes lie within 7...35.
        #expect((7...35).contains(rejectedAD), "AD rejected \(rejectedAD) of \(trials)")
        #expect((7...35).contains(rejectedKS), "KS rejected \(rejectedKS) of \(trials)")
    }

    @Test("with censoring, a wrong family is rejected and the right one kept and ranked first")
    func power() throws {
        let (values, censored) = censoredDraws(.lognormal(mean: 90, cv: 0.9), 500, horizon: 250)
        let fit = DistributionFit(try ObservedSample(values, censored: censored), bootstrap: 99)
        let byFamily = Dictionary(uniqueKeysWithValues: fit.candidates.map { ($0.family, $0) })
        #expect(fit.candidates[0].family == .lognormal && fit.best()?.family == .lognormal, "\(fit.candidates.map { ($0.family, $0.adPValue) })")
        for wrong in [Family.exponential, .normal] { #expect(byFamily[wrong]!.adPValue <= 0.01, "\(wrong) kept") }
        #expect(byFamily[.uniform]?.model == nil && byFamily[.triangular]?.model == nil)
    }

    @Test("known limits (a log's end) censor the bootstrap's draws where the data's were")
    func limits() throws {
        // Ten robots' failures over 1000 h: up-times from the first failure of each, the last one of each running at the end.
        var rng = RandomStream(seed: 5, replication: 0, name: "limits")
        var values: [Double] = [], censored: [Bool] = [], limits: [Double] = []
        let up = try Distribution.make(.weibull(shape: 1.3, scale: 80))
        for _ in 0..<10 {
            var t = 30 * rng.nextOpenUnit()
            while true {
                let gap = up.sample(&rng)
                let left = 1000 - t
                values.append(min(gap, left)); censored.append(gap > left); limits.append(left)
                if gap > left { break }
                t += gap
            }
        }
        let sample = try ObservedSample(values, censored: censored, limits: limits)
        #expect(sample.censoredCount == 10)
        let fit = DistributionFit(sample, families: [.weibull, .exponential], bootstrap: 199)
        let weibull = try #require(fit.candidates.first { $0.family == .weibull })
        #expect(weibull.adPValue > 0.05, "\(weibull.adPValue)")
        #expect(throws: ObservedSample.Refusal.self) { try ObservedSample(values, censored: censored, limits: limits.map { $0 / 2 }) }
    }
}
