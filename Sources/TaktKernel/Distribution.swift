import Foundation

/// A probability distribution of non-negative durations, in seconds.
///
/// Parameters are checked once, at construction (`Distribution.make`), and any
/// derived constants are precomputed, so `sample` does no validation and no
/// allocation. Samples are never negative: the normal distribution is
/// truncated at zero by rejection.
public struct Distribution: Sendable, Equatable {
    /// The family and its parameters, as the user gave them (seconds).
    public enum Kind: Sendable, Equatable {
        /// Always `value`.
        case deterministic(value: Double)
        /// Exponential with the given mean.
        case exponential(mean: Double)
        /// Uniform on [min, max].
        case uniform(min: Double, max: Double)
        /// Triangular on [min, max] with the given mode.
        case triangular(min: Double, mode: Double, max: Double)
        /// Normal with mean and standard deviation, truncated at 0 (resampled).
        case normal(mean: Double, sd: Double)
        /// Lognormal given by the mean and coefficient of variation of the variable itself.
        case lognormal(mean: Double, cv: Double)
        /// Gamma with the given shape and mean (Erlang-k when shape is an integer k).
        case gamma(shape: Double, mean: Double)
        /// Weibull with shape k and scale λ: F(x) = 1 − exp(−(x/λ)^k).
        case weibull(shape: Double, scale: Double)
        /// Empirical: resample the observed values, or interpolate between
        /// order statistics (Law's continuous empirical distribution).
        case empirical(values: [Double], interpolate: Bool)
    }

    /// What the distribution is.
    public let kind: Kind
    /// Added to every value drawn (a location, or a minimum time), in seconds: 0 but for the
    /// families that start at zero (exponential, lognormal, gamma, weibull), whose parameters
    /// then describe the part above it.
    public let shift: Double
    /// The families that take a shift.
    public var isShiftable: Bool {
        switch kind {
        case .exponential, .lognormal, .gamma, .weibull: true
        case .deterministic, .uniform, .triangular, .normal, .empirical: false
        }
    }
    /// The part that draws: trivially copyable, valid while this distribution exists.
    public let sampler: Sampler
    /// Owns the values an empirical sampler reads.
    let storage: Sampler.Table?

    public static func == (lhs: Distribution, rhs: Distribution) -> Bool { lhs.kind == rhs.kind && lhs.shift == rhs.shift }

    /// A distribution parameter that does not make sense.
    public struct ParameterError: Error, Equatable, Sendable {
        /// Which parameter, by name ("mean", "cv", ...).
        public let parameter: String
        /// What is wrong with it.
        public let message: String
    }

    /// Builds a distribution after checking its parameters; `shift` is added to every value drawn.
    public static func make(_ kind: Kind, shift: Double = 0) throws(ParameterError) -> Distribution {
        let distribution = try makeBase(kind)
        guard shift != 0 else { return distribution }
        guard shift.isFinite, shift > 0 else { throw ParameterError(parameter: "shift", message: "must be a finite number ≥ 0, got \(shift)") }
        guard distribution.isShiftable else {
            throw ParameterError(parameter: "shift", message: "applies to the exponential, lognormal, gamma and weibull families only")
        }
        return Distribution(distribution, shift: shift)
    }

    /// Builds a distribution without a shift after checking its parameters.
    private static func makeBase(_ kind: Kind) throws(ParameterError) -> Distribution {
        func positive(_ v: Double, _ name: String) throws(ParameterError) {
            guard v.isFinite, v > 0 else { throw ParameterError(parameter: name, message: "must be a positive finite number, got \(v)") }
        }
        func nonNegative(_ v: Double, _ name: String) throws(ParameterError) {
            guard v.isFinite, v >= 0 else { throw ParameterError(parameter: name, message: "must be a finite number ≥ 0, got \(v)") }
        }
        switch kind {
        case let .deterministic(value):
            try nonNegative(value, "value")
            return Distribution(kind: kind, a: value)
        case let .exponential(mean):
            try positive(mean, "mean")
            return Distribution(kind: kind, a: mean)
        case let .uniform(lo, hi):
            try nonNegative(lo, "min"); try nonNegative(hi, "max")
            guard lo <= hi else { throw ParameterError(parameter: "max", message: "must be ≥ min (\(lo)), got \(hi)") }
            return Distribution(kind: kind, a: lo, b: hi - lo)
        case let .triangular(lo, mode, hi):
            try nonNegative(lo, "min"); try nonNegative(mode, "mode"); try nonNegative(hi, "max")
            guard lo <= mode, mode <= hi, lo < hi else {
                throw ParameterError(parameter: "mode", message: "needs min ≤ mode ≤ max and min < max, got \(lo), \(mode), \(hi)")
            }
            return Distribution(kind: kind, a: lo, b: hi, c: (mode - lo) / (hi - lo))
        case let .normal(mean, sd):
            try positive(mean, "mean"); try nonNegative(sd, "sd")
            return Distribution(kind: kind, a: mean, b: sd)
        case let .lognormal(mean, cv):
            try positive(mean, "mean"); try nonNegative(cv, "cv")
            // If X = exp(N(mu, sigma²)): E X = exp(mu + sigma²/2), cv² = exp(sigma²) − 1.
            let sigma2 = log1p(cv * cv)
            return Distribution(kind: kind, a: log(mean) - sigma2 / 2, b: sigma2.squareRoot())
        case let .gamma(shape, mean):
            try positive(shape, "shape"); try positive(mean, "mean")
            // Marsaglia & Tsang (2000) constants for shape max(shape, 1).
            let alpha = shape < 1 ? shape + 1 : shape
            let d = alpha - 1.0 / 3.0
            return Distribution(kind: kind, a: d, b: 1 / (9 * d).squareRoot(), c: mean / shape, d: shape)
        case let .weibull(shape, scale):
            try positive(shape, "shape"); try positive(scale, "scale")
            return Distribution(kind: kind, a: 1 / shape, b: scale)
        case let .empirical(values, interpolate):
            guard !values.isEmpty else { throw ParameterError(parameter: "values", message: "needs at least one value") }
            if interpolate, values.count < 2 {
                throw ParameterError(parameter: "values", message: "interpolation needs at least two values")
            }
            for v in values { try nonNegative(v, "values") }
            return Distribution(kind: kind, table: interpolate ? values.sorted() : values)
        }
    }

    /// `base` with every value moved up by `shift`.
    private init(_ base: Distribution, shift: Double) {
        kind = base.kind
        self.shift = shift
        storage = base.storage
        sampler = base.sampler.shifted(by: shift)
    }

    private init(kind: Kind, a: Double = 0, b: Double = 0, c: Double = 0, d: Double = 0, table: [Double] = []) {
        self.kind = kind
        shift = 0
        let family: Sampler.Family
        switch kind {
        case .deterministic: family = .deterministic
        case .exponential: family = .exponential
        case .uniform: family = .uniform
        case .triangular: family = .triangular
        case .normal: family = .normal
        case .lognormal: family = .lognormal
        case .gamma: family = .gamma
        case .weibull: family = .weibull
        case let .empirical(_, interpolate): family = interpolate ? .interpolated : .empirical
        }
        storage = table.isEmpty ? nil : Sampler.Table(table)
        sampler = Sampler(family: family, a: a, b: b, c: c, d: d, table: storage)
    }

    /// Exact mean of the distribution, in seconds (for the truncated normal, of
    /// the untruncated one), its shift included.
    public var mean: Double { shift + baseMean }

    /// The mean of the family's part, without the shift.
    private var baseMean: Double {
        switch kind {
        case let .deterministic(value): return value
        case let .exponential(mean): return mean
        case let .uniform(lo, hi): return (lo + hi) / 2
        case let .triangular(lo, mode, hi): return (lo + mode + hi) / 3
        case let .normal(mean, _): return mean
        case let .lognormal(mean, _): return mean
        case let .gamma(_, mean): return mean
        case let .weibull(shape, scale): return scale * tgamma(1 + 1 / shape)
        case let .empirical(values, interpolate):
            guard interpolate else { return values.reduce(0, +) / Double(values.count) }
            // Each of the n − 1 segments between order statistics has probability
            // 1/(n − 1) and a uniform density, so its mean is the midpoint.
            let sorted = values.sorted()
            var total = 0.0
            for i in 0..<(sorted.count - 1) { total += (sorted[i] + sorted[i + 1]) / 2 }
            return total / Double(sorted.count - 1)
        }
    }

    /// Draws one value, in seconds.
    @inlinable
    public func sample(_ rng: inout RandomStream) -> Double { sampler.sample(&rng) }

    /// Draws one value rounded to whole ticks.
    @inlinable
    public func sampleTicks(_ rng: inout RandomStream) -> Tick { sampler.sampleTicks(&rng) }
}
