import Foundation
import Testing
import TaktKernel
@testable import TaktFit

@Suite struct BootstrapTests {
    @Test("Kolmogorov–Smirnov and Anderson–Darling statistics of a small sample, by hand")
    func statisticsByHand() {
        // Uniform on [0, 1] and the values 0.1, 0.4, 0.8: F(x) = x.
        let fit = GoodnessOfFit(sorted: [0.1, 0.4, 0.8], model: .uniform(min: 0, max: 1))
        #expect(abs(fit.ks - max(1.0 / 3 - 0.1, 2.0 / 3 - 0.4, 1 - 0.8, 0.1, 0.4 - 1.0 / 3, 0.8 - 2.0 / 3)) < 1e-15)
        let sum = 1 * (log(0.1) + log(1 - 0.8)) + 3 * (log(0.4) + log(1 - 0.4)) + 5 * (log(0.8) + log(1 - 0.1))
        #expect(abs(fit.ad - (-3 - sum / 3)) < 1e-13)
    }

    @Test("a true model is rejected about as often as the level says (200 data sets, bootstrap of 99)")
    func calibration() throws {
        var rejectedAD = 0
        var rejectedKS = 0
        let trials = 200
        for trial in 0..<trials {
            let sample = try ObservedSample(draws(.gamma(shape: 2, mean: 30), 30, seed: UInt64(trial), name: "calibration"))
            let fit = DistributionFit(sample, families: [.gamma], bootstrap: 99, seed: UInt64(trial))
            let candidate = fit.candidates[0]
            if candidate.adPValue <= 0.1 { rejectedAD += 1 }
            if candidate.ksPValue <= 0.1 { rejectedKS += 1 }
        }
        // Binomial(200, 0.1): 99.9% of outcomes lie within 7...35.
        #expect((7...35).contains(rejectedAD), "AD rejected \(rejectedAD) of \(trials)")
        #expect((7...35).contains(rejectedKS), "KS rejected \(rejectedKS) of \(trials)")
    }

    @Test("a wrong family is rejected and the right one kept and ranked first")
    func power() throws {
        let sample = try ObservedSample(draws(.lognormal(mean: 90, cv: 0.6), 500))
        let fit = DistributionFit(sample, bootstrap: 199)
        #expect(fit.candidates[0].family == .lognormal)
        #expect(fit.best()?.family == .lognormal)
        let byFamily = Dictionary(uniqueKeysWithValues: fit.candidates.map { ($0.family, $0) })
        for wrong in [Family.exponential, .normal, .uniform, .triangular] {
            #expect(byFamily[wrong]!.adPValue <= 0.01, "\(wrong) kept")
        }
        #expect(byFamily[.lognormal]!.adPValue > 0.05)
    }

    @Test("each family is ranked first on data drawn from it (n = 2000); the exponential within the AIC's penalty")
    func ranking() throws {
        // The gamma and the Weibull contain the exponential: on exponential data either may gain a little likelihood
        // with its extra parameter; the exponential stays within 2 of the best AIC unless that gain is unusual.
        let exponential = DistributionFit(try ObservedSample(draws(.exponential(mean: 300), 2000, name: "exponential")), bootstrap: 0)
        let exponentialAIC = exponential.candidates.first { $0.family == .exponential }!.aic
        #expect(exponentialAIC - exponential.candidates[0].aic <= 2)
        let cases: [(Family, Distribution.Kind)] = [
            (.normal, .normal(mean: 76, sd: 15)),
            (.gamma, .gamma(shape: 3, mean: 600)), (.weibull, .weibull(shape: 2.5, scale: 7200)),
            (.uniform, .uniform(min: 50, max: 70)), (.triangular, .triangular(min: 40, mode: 50, max: 90)),
        ]
        for (family, kind) in cases {
            let fit = DistributionFit(try ObservedSample(draws(kind, 2000, name: family.rawValue)), bootstrap: 0)
            #expect(fit.candidates[0].family == family, "\(fit.candidates.map(\.family))")
        }
    }

    @Test("data recorded in whole seconds still fit their family: the bootstrap rounds as the data were")
    func rounding() throws {
        let sample = try ObservedSample(draws(.lognormal(mean: 40, cv: 0.15), 3000).map { $0.rounded() })
        #expect(sample.resolution == 1)
        let fit = DistributionFit(sample, families: [.lognormal], bootstrap: 199)
        #expect(fit.candidates[0].adPValue > 0.01)
    }

    @Test("the same data, families and seed give the same p-values; another seed others")
    func determinism() throws {
        let sample = try ObservedSample(draws(.weibull(shape: 1.2, scale: 100), 200))
        let a = DistributionFit(sample, bootstrap: 99, seed: 3)
        let b = DistributionFit(sample, bootstrap: 99, seed: 3)
        let c = DistributionFit(sample, bootstrap: 99, seed: 4)
        #expect(a.candidates.map(\.adPValue) == b.candidates.map(\.adPValue))
        #expect(a.candidates.map(\.ksPValue) == b.candidates.map(\.ksPValue))
        #expect(a.candidates.map(\.adPValue) != c.candidates.map(\.adPValue))
    }
}
