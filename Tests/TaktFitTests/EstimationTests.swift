import Foundation
import Testing
import TaktKernel
@testable import TaktFit

/// Draws `n` values of `kind` from Takt's samplers.
func draws(_ kind: Distribution.Kind, _ n: Int, seed: UInt64 = 7, name: String = "fit-test") -> [Double] {
    let distribution = try! Distribution.make(kind)
    var rng = RandomStream(seed: seed, replication: 0, name: name)
    return (0..<n).map { _ in distribution.sample(&rng) }
}

@Suite struct EstimationTests {
    @Test("each family's fit recovers the parameters its data were drawn with (n = 4000)")
    func recovery() throws {
        func fit(_ family: Family, _ kind: Distribution.Kind) throws -> FittedModel {
            try FittedModel.estimate(family, from: ObservedSample(draws(kind, 4000, name: family.rawValue)))
        }
        func near(_ a: Double, _ b: Double, _ relative: Double) -> Bool { abs(a - b) <= relative * abs(b) }
        guard case let .exponential(mean) = try fit(.exponential, .exponential(mean: 76)) else { Issue.record(); return }
        #expect(near(mean, 76, 0.05))
        guard case let .normal(mu, sd) = try fit(.normal, .normal(mean: 60, sd: 6)) else { Issue.record(); return }
        #expect(near(mu, 60, 0.01) && near(sd, 6, 0.05))
        guard case let .lognormal(m, s) = try fit(.lognormal, .lognormal(mean: 90, cv: 0.4)) else { Issue.record(); return }
        let sigma = log1p(0.16).squareRoot()
        #expect(near(s, sigma, 0.05) && abs(m - (log(90) - sigma * sigma / 2)) < 0.02)
        guard case let .gamma(shape, scale) = try fit(.gamma, .gamma(shape: 4, mean: 120)) else { Issue.record(); return }
        #expect(near(shape, 4, 0.07) && near(shape * scale, 120, 0.03))
        guard case let .weibull(k, lambda) = try fit(.weibull, .weibull(shape: 1.5, scale: 3600)) else { Issue.record(); return }
        #expect(near(k, 1.5, 0.05) && near(lambda, 3600, 0.05))
        guard case let .uniform(lo, hi) = try fit(.uniform, .uniform(min: 40, max: 80)) else { Issue.record(); return }
        #expect(abs(lo - 40) < 0.2 && abs(hi - 80) < 0.2)
        guard case let .triangular(a, c, b) = try fit(.triangular, .triangular(min: 30, mode: 45, max: 90)) else { Issue.record(); return }
        #expect(abs(a - 30) < 0.5 && abs(b - 90) < 1 && abs(c - 45) < 3)
    }

    @Test("the gamma and Weibull shapes solve their likelihood equations")
    func scoreEquations() throws {
        let sample = try ObservedSample(draws(.gamma(shape: 0.7, mean: 50), 500))
        guard case let .gamma(shape, scale) = try FittedModel.estimate(.gamma, from: sample) else { Issue.record(); return }
        let s = log(sample.mean) - sample.meanLog!
        #expect(abs(log(shape) - SpecialFunctions.digamma(shape) - s) < 1e-12)
        #expect(abs(shape * scale - sample.mean) < 1e-9 * sample.mean)

        let wsample = try ObservedSample(draws(.weibull(shape: 3.2, scale: 1e5), 500))
        guard case let .weibull(k, lambda) = try FittedModel.estimate(.weibull, from: wsample) else { Issue.record(); return }
        let xs = wsample.values
        let sk = xs.reduce(0) { $0 + pow($1 / lambda, k) }
        let skl = xs.reduce(0) { $0 + pow($1 / lambda, k) * log($1) }
        #expect(abs(skl / sk - 1 / k - wsample.meanLog!) < 1e-9)
        #expect(abs(sk / Double(xs.count) - 1) < 1e-9)
    }

    @Test("maximum-likelihood fits are maxima: moving any parameter by 1% lowers the likelihood")
    func maxima() throws {
        let sample = try ObservedSample(draws(.lognormal(mean: 70, cv: 0.5), 800))
        for family in [Family.exponential, .lognormal, .gamma, .weibull] {
            let model = try FittedModel.estimate(family, from: sample)
            let best = model.logLikelihood(sample.values)
            for factor in [0.99, 1.01] {
                let moved: [FittedModel]
                switch model {
                case let .exponential(m): moved = [.exponential(mean: m * factor)]
                case let .lognormal(m, s): moved = [.lognormal(mu: m * factor, sigma: s), .lognormal(mu: m, sigma: s * factor)]
                case let .gamma(k, t): moved = [.gamma(shape: k * factor, scale: t), .gamma(shape: k, scale: t * factor)]
                case let .weibull(k, l): moved = [.weibull(shape: k * factor, scale: l), .weibull(shape: k, scale: l * factor)]
                default: moved = []
                }
                for other in moved { #expect(other.logLikelihood(sample.values) < best, "\(other) vs \(model)") }
            }
        }
    }

    @Test("the triangular mode found in O(n) is the order statistic a search of every one finds")
    func triangularMode() throws {
        for seed in 1...5 as ClosedRange<UInt64> {
            let sample = try ObservedSample(draws(.triangular(min: 10, mode: 14, max: 40), 150, seed: seed))
            guard case let .triangular(lo, mode, hi) = try FittedModel.estimate(.triangular, from: sample) else { Issue.record(); return }
            let best = sample.sorted.max { a, b in
                FittedModel.triangular(min: lo, mode: a, max: hi).logLikelihood(sample.values)
                    < FittedModel.triangular(min: lo, mode: b, max: hi).logLikelihood(sample.values)
            }!
            #expect(mode == best)
        }
    }

    @Test("distribution functions agree with their densities: F(b) − F(a) is the density's integral")
    func cdfMatchesDensity() {
        let models: [FittedModel] = [.exponential(mean: 5), .normal(mean: 3, sd: 2), .lognormal(mu: 1, sigma: 0.5),
                                     .gamma(shape: 2.5, scale: 2), .weibull(shape: 1.7, scale: 4),
                                     .uniform(min: 1, max: 9), .triangular(min: 1, mode: 3, max: 9)]
        for model in models {
            let (a, b) = (1.5, 6.0)
            let steps = 20_000
            let h = (b - a) / Double(steps)
            var integral = 0.0
            for i in 0..<steps { integral += exp(model.logDensity(a + (Double(i) + 0.5) * h)) * h }
            #expect(abs(integral - (model.cdf(b) - model.cdf(a))) < 1e-6, "\(model)")
        }
        // The truncated normal's mass is all above zero.
        #expect(FittedModel.normal(mean: 1, sd: 2).cdf(0) == 0)
        #expect(abs(FittedModel.normal(mean: 1, sd: 2).cdf(1e6) - 1) < 1e-12)
    }

    @Test("samples that cannot be fitted are refused with a reason")
    func refusals() throws {
        #expect(throws: ObservedSample.Refusal.self) { try ObservedSample([1, 2, 3]) }
        #expect(throws: ObservedSample.Refusal.self) { try ObservedSample([1, 2, 3, 4, 5, 6, 7, 8, 9, -1]) }
        #expect(throws: ObservedSample.Refusal.self) { try ObservedSample([1, 2, 3, 4, 5, 6, 7, 8, 9, .nan]) }
        #expect(throws: ObservedSample.Refusal.self) { try ObservedSample([1, 2, 3, 4, 5, 6, 7, 8, 9, 1e300]) }
        let withZero = try ObservedSample([0, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        for family in [Family.lognormal, .gamma, .weibull] {
            #expect(throws: FittedModel.NotApplicable(reason: "values include zeros")) { try FittedModel.estimate(family, from: withZero) }
        }
        #expect((try? FittedModel.estimate(.exponential, from: withZero)) != nil)
        let constant = try ObservedSample(Array(repeating: 76, count: 12))
        #expect((try? FittedModel.estimate(.normal, from: constant)) == nil)
    }

    @Test("the resolution of rounded data is found, and continuous data have none")
    func resolution() throws {
        let raw = draws(.lognormal(mean: 60, cv: 0.2), 500)
        #expect(try ObservedSample(raw).resolution == nil)
        #expect(try ObservedSample(raw.map { $0.rounded() }).resolution == 1)
        #expect(try ObservedSample(raw.map { ($0 * 10).rounded() / 10 }).resolution == 0.1)
        #expect(try ObservedSample(raw.map { ($0 / 10).rounded() * 10 }).resolution == 10)
    }
}
