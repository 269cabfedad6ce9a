import Foundation
import TaktKernel
import Testing
@testable import TaktFit

/// Draws `n` values of `kind` moved up by `shift`, from Takt's samplers.
func shiftedDraws(_ kind: Distribution.Kind, shift: Double, _ n: Int, seed: UInt64 = 7) -> [Double] {
    let distribution = try! Distribution.make(kind, shift: shift)
    var rng = RandomStream(seed: seed, replication: 0, name: "shifted-fit-test")
    return (0..<n).map { _ in distribution.sample(&rng) }
}

@Suite struct ShiftedFitTests {
    @Test("a shifted family's fit recovers the shift and the part above it (n = 4000)")
    func recovery() throws {
        func fit(_ family: Family, _ kind: Distribution.Kind, shift: Double) throws -> FittedModel {
            try FittedModel.estimate(family, from: ObservedSample(shiftedDraws(kind, shift: shift, 4000)))
        }
        let exponential = try fit(.shiftedExponential, .exponential(mean: 10), shift: 30)
        guard case let .shifted(.exponential(mean), shift) = exponential else { Issue.record("\(exponential)"); return }
        #expect(abs(shift - 30) < 0.05 && abs(mean - 10) < 0.5)
        let lognormal = try fit(.shiftedLognormal, .lognormal(mean: 20, cv: 0.8), shift: 45)
        #expect(abs(lognormal.shift - 45) < 1.5 && abs(lognormal.mean - 65) < 1, "\(lognormal)")
        let gamma = try fit(.shiftedGamma, .gamma(shape: 2.5, mean: 30), shift: 60)
        guard case let .shifted(.gamma(k, _), _) = gamma else { Issue.record("\(gamma)"); return }
        #expect(abs(gamma.shift - 60) < 2.5 && abs(k - 2.5) < 0.4 && abs(gamma.mean - 90) < 1, "\(gamma)")
        let weibull = try fit(.shiftedWeibull, .weibull(shape: 1.8, scale: 40), shift: 100)
        guard case let .shifted(.weibull(shape, _), _) = weibull else { Issue.record("\(weibull)"); return }
        #expect(abs(weibull.shift - 100) < 3 && abs(shape - 1.8) < 0.2, "\(weibull)")
    }

    @Test("a shifted fit is never less likely than the unshifted one it contains, and its distribution is the one Takt simulates")
    func nested() throws {
        let sample = try ObservedSample(shiftedDraws(.gamma(shape: 3, mean: 50), shift: 0, 300))
        for family in Family.shiftedFamilies {
            let shifted = try FittedModel.estimate(family, from: sample), plain = try FittedModel.estimate(family.base, from: sample)
            #expect(shifted.family == family && shifted.shift >= 0 && shifted.shift < sample.sorted[0])
            #expect(shifted.logLikelihood(sample.values) >= plain.logLikelihood(sample.values) - 1e-6 * abs(plain.logLikelihood(sample.values)),
                    "\(family)")
            let distribution = try shifted.distribution(unit: 60)
            #expect(distribution.shift == shifted.shift * 60 && abs(distribution.mean - shifted.mean * 60) < 1e-9 * distribution.mean)
        }
        #expect(throws: FittedModel.NotApplicable.self) { try FittedModel.estimate(.shiftedLognormal, from: ObservedSample([0] + Array(1...20).map(Double.init))) }
    }

    @Test("on data with a minimum time a shifted family is chosen, the true one kept, the unshifted rejected")
    func chosen() throws {
        let values = shiftedDraws(.lognormal(mean: 20, cv: 0.8), shift: 45, 400).map { ($0 * 10).rounded() / 10 }
        let fit = DistributionFit(try ObservedSample(values), families: Family.standard + Family.shiftedFamilies, bootstrap: 99,
                                  shiftedBootstrap: 49, seed: 2)
        let best = try #require(fit.best())
        // 400 values cannot always tell a lognormal from a gamma above the shift (ΔAIC small); the test keeps the true one.
        #expect(best.family.isShifted, "\(fit.candidates.map { ($0.family, $0.adPValue) })")
        #expect(fit.candidates.first { $0.family == .shiftedLognormal }?.fits(alpha: 0.05) == true)
        #expect(fit.candidates.filter { !$0.family.isShifted }.allSatisfy { !$0.fits(alpha: 0.05) })
        let model = try #require(fit.candidates.first { $0.family == .shiftedLognormal }?.model)
        let distribution = try model.distribution()
        #expect(abs(model.shift - 45) < 3 && distribution.shift == model.shift)
        // The test's verdict on the others: the unshifted families were fitted with the full bootstrap, the shifted with theirs.
        #expect(fit.bootstrapSamples == 99 && fit.shiftedBootstrapSamples == 49)
    }
}
