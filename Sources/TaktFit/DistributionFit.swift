import Foundation
import TaktKernel

/// Fits distribution families to observed durations and judges each fit.
///
/// Every family is fitted (see `FittedModel.estimate`), scored by Akaike's
/// information criterion, and tested by Kolmogorov–Smirnov and Anderson–Darling
/// statistics whose p-values come from a parametric bootstrap: samples of the
/// same size drawn from the fitted model by Takt's own samplers, rounded to the
/// data's resolution when the data are rounded, and refitted the same way. The
/// textbook p-values assume a model known in advance and are far too large for
/// a fitted one; the bootstrap's are valid for the whole procedure, truncation
/// and rounding included. Censored values (durations still running when the
/// log ended) enter the likelihood as ln(1 − F) and the statistics through the
/// Kaplan–Meier estimate, and the bootstrap censors its samples as the data were.
public struct DistributionFit: Sendable {
    /// One family's fit.
    public struct Candidate: Sendable {
        /// The family.
        public let family: Family
        /// The fitted model, or why the family does not apply.
        public let model: FittedModel?
        /// Why the family was not fitted (values include zeros, ...).
        public let notApplicable: String?
        /// Σ ln f(xᵢ) at the fit (plus Σ ln(1 − F(xᵢ)) over censored values).
        public let logLikelihood: Double
        /// 2p − 2 ln L.
        public let aic: Double
        /// The statistics of the data against the fit.
        public let statistics: GoodnessOfFit?
        /// Bootstrap p-value of the Kolmogorov–Smirnov statistic.
        public let ksPValue: Double
        /// Bootstrap p-value of the Anderson–Darling statistic.
        public let adPValue: Double

        /// Whether the Anderson–Darling test keeps the family at level `alpha`.
        public func fits(alpha: Double) -> Bool { model != nil && adPValue >= alpha }
    }

    /// The data fitted.
    public let sample: ObservedSample
    /// The fitted families, best (lowest AIC) first; families that do not apply last.
    public let candidates: [Candidate]
    /// The bootstrap's sample count per family.
    public let bootstrapSamples: Int
    /// The bootstrap's sample count per shifted family (whose refits cost some fifty fits each).
    public let shiftedBootstrapSamples: Int
    /// The seed of the bootstrap's random streams.
    public let seed: UInt64

    /// Fits each of `families` to `sample`, `bootstrap` bootstrap samples per family (`shiftedBootstrap`,
    /// default the same, per shifted family).
    ///
    /// Families are fitted in parallel, each from its own random stream, so the
    /// result depends only on the data, the families, the sample counts and `seed`.
    public init(_ sample: ObservedSample, families: [Family] = Family.standard, bootstrap: Int = 999, shiftedBootstrap: Int? = nil,
                seed: UInt64 = 1) {
        self.sample = sample
        bootstrapSamples = bootstrap
        shiftedBootstrapSamples = shiftedBootstrap ?? bootstrap
        self.seed = seed
        let results = Slots(count: families.count)
        let counts = (bootstrap, shiftedBootstrapSamples)
        DispatchQueue.concurrentPerform(iterations: families.count) { i in
            results.set(i, Self.candidate(families[i], sample, bootstrap: families[i].isShifted ? counts.1 : counts.0, seed: seed))
        }
        candidates = results.all.sorted { a, b in
            if (a.model == nil) != (b.model == nil) { return a.model != nil }
            return a.aic < b.aic || (a.aic == b.aic && a.family.rawValue < b.family.rawValue)
        }
    }

    /// The best family the Anderson–Darling test keeps at level `alpha`, or nil when it rejects them all.
    public func best(alpha: Double = 0.05) -> Candidate? {
        candidates.first { $0.fits(alpha: alpha) }
    }

    /// Fits one family and runs its bootstrap.
    static func candidate(_ family: Family, _ sample: ObservedSample, bootstrap: Int, seed: UInt64) -> Candidate {
        let model: FittedModel
        do {
            model = try FittedModel.estimate(family, from: sample)
        } catch {
            return Candidate(family: family, model: nil, notApplicable: error.reason, logLikelihood: -.infinity, aic: .infinity,
                             statistics: nil, ksPValue: 0, adPValue: 0)
        }
        let logLikelihood = model.logLikelihood(sample)
        let observed = sample.isCensored ? GoodnessOfFit(censored: sample, model: model) : GoodnessOfFit(sorted: sample.sorted, model: model)
        let (ksP, adP) = ParametricBootstrap(model: model, sample: sample, seed: seed)
            .pValues(of: observed, samples: bootstrap)
        return Candidate(family: family, model: model, notApplicable: nil, logLikelihood: logLikelihood,
                         aic: 2 * Double(family.parameterCount) - 2 * logLikelihood,
                         statistics: observed, ksPValue: ksP, adPValue: adP)
    }
}

/// Candidates filled in by parallel fits, one slot each.
private final class Slots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [DistributionFit.Candidate?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ candidate: DistributionFit.Candidate) { lock.withLock { slots[i] = candidate } }

    var all: [DistributionFit.Candidate] { lock.withLock { slots.map { $0! } } }
}
