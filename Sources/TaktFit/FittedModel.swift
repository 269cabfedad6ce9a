import Foundation
import TaktKernel

/// A distribution family Takt can fit to observed values, and simulate.
public enum Family: String, CaseIterable, Sendable, Codable {
    case exponential, normal, lognormal, gamma, weibull, uniform, triangular
    /// The families that start at zero, moved up by a fitted shift (a location, or a minimum time).
    case shiftedExponential = "shifted-exponential", shiftedLognormal = "shifted-lognormal"
    case shiftedGamma = "shifted-gamma", shiftedWeibull = "shifted-weibull"

    /// How many parameters the fit estimates (for the information criterion).
    public var parameterCount: Int {
        switch self {
        case .exponential: 1
        case .normal, .lognormal, .gamma, .weibull, .uniform: 2
        case .triangular: 3
        case .shiftedExponential, .shiftedLognormal, .shiftedGamma, .shiftedWeibull: base.parameterCount + 1
        }
    }

    /// The family without its shift (itself for an unshifted one).
    public var base: Family {
        switch self {
        case .shiftedExponential: .exponential
        case .shiftedLognormal: .lognormal
        case .shiftedGamma: .gamma
        case .shiftedWeibull: .weibull
        case .exponential, .normal, .lognormal, .gamma, .weibull, .uniform, .triangular: self
        }
    }

    /// True for the shifted families.
    public var isShifted: Bool { base != self }

    /// The families fitted unless others are asked for: those without a shift.
    public static let standard = allCases.filter { !$0.isShifted }
    /// The families with a shift.
    public static let shiftedFamilies = allCases.filter(\.isShifted)

    /// The shifted family of an unshifted one that starts at zero.
    var shifted: Family? {
        switch self {
        case .exponential: .shiftedExponential
        case .lognormal: .shiftedLognormal
        case .gamma: .shiftedGamma
        case .weibull: .shiftedWeibull
        default: nil
        }
    }
}

/// A fitted member of a family, in the units of the observed values.
///
/// The normal is the one Takt simulates: truncated at zero, its density and
/// distribution function renormalized over the positive half-line.
public enum FittedModel: Sendable, Equatable {
    /// Exponential with the given mean.
    case exponential(mean: Double)
    /// Normal with mean and standard deviation of the untruncated normal, truncated at zero.
    case normal(mean: Double, sd: Double)
    /// ln X is normal with mean `mu` and standard deviation `sigma`.
    case lognormal(mu: Double, sigma: Double)
    /// Gamma with shape k and scale θ (mean kθ).
    case gamma(shape: Double, scale: Double)
    /// Weibull with shape k and scale λ: F(x) = 1 − exp(−(x/λ)^k).
    case weibull(shape: Double, scale: Double)
    /// Uniform on [min, max].
    case uniform(min: Double, max: Double)
    /// Triangular on [min, max] with the given mode.
    case triangular(min: Double, mode: Double, max: Double)
    /// An exponential, lognormal, gamma or Weibull model moved up by `shift`: X = shift + Y.
    indirect case shifted(FittedModel, shift: Double)

    /// What is added to every value (0 unless shifted).
    public var shift: Double {
        if case let .shifted(_, shift) = self { return shift }
        return 0
    }

    /// The model's family.
    public var family: Family {
        switch self {
        case let .shifted(base, _): return base.unshiftedFamily.shifted ?? base.unshiftedFamily
        default: return unshiftedFamily
        }
    }

    private var unshiftedFamily: Family {
        switch self {
        case .exponential: .exponential
        case .normal: .normal
        case .lognormal: .lognormal
        case .gamma: .gamma
        case .weibull: .weibull
        case .uniform: .uniform
        case .triangular: .triangular
        case let .shifted(base, _): base.unshiftedFamily
        }
    }

    /// P(X ≤ x).
    public func cdf(_ x: Double) -> Double {
        switch self {
        case let .shifted(base, shift):
            return base.cdf(x - shift)
        case let .exponential(mean):
            return x <= 0 ? 0 : -expm1(-x / mean)
        case let .normal(mean, sd):
            if x <= 0 { return 0 }
            let below = SpecialFunctions.normalCDF(-mean / sd)
            return (SpecialFunctions.normalCDF((x - mean) / sd) - below) / (1 - below)
        case let .lognormal(mu, sigma):
            return x <= 0 ? 0 : SpecialFunctions.normalCDF((log(x) - mu) / sigma)
        case let .gamma(shape, scale):
            return SpecialFunctions.regularizedGammaP(shape, max(0, x) / scale)
        case let .weibull(shape, scale):
            return x <= 0 ? 0 : -expm1(-pow(x / scale, shape))
        case let .uniform(lo, hi):
            return min(1, max(0, (x - lo) / (hi - lo)))
        case let .triangular(lo, mode, hi):
            if x <= lo { return 0 }
            if x >= hi { return 1 }
            if x <= mode { return (x - lo) * (x - lo) / ((hi - lo) * (mode - lo)) }
            return 1 - (hi - x) * (hi - x) / ((hi - lo) * (hi - mode))
        }
    }

    /// ln f(x), the logarithm of the density (−∞ outside the support).
    public func logDensity(_ x: Double) -> Double {
        switch self {
        case let .shifted(base, shift):
            return base.logDensity(x - shift)
        case let .exponential(mean):
            return x < 0 ? -.infinity : -log(mean) - x / mean
        case let .normal(mean, sd):
            if x < 0 { return -.infinity }
            let kept = 1 - SpecialFunctions.normalCDF(-mean / sd)
            return SpecialFunctions.logNormalDensity((x - mean) / sd) - log(sd) - log(kept)
        case let .lognormal(mu, sigma):
            if x <= 0 { return -.infinity }
            return SpecialFunctions.logNormalDensity((log(x) - mu) / sigma) - log(sigma) - log(x)
        case let .gamma(shape, scale):
            if x <= 0 { return shape == 1 && x == 0 ? -log(scale) : -.infinity }
            return (shape - 1) * log(x) - x / scale - shape * log(scale) - lgamma(shape)
        case let .weibull(shape, scale):
            if x <= 0 { return -.infinity }
            let z = x / scale
            return log(shape / scale) + (shape - 1) * log(z) - pow(z, shape)
        case let .uniform(lo, hi):
            return x < lo || x > hi ? -.infinity : -log(hi - lo)
        case let .triangular(lo, mode, hi):
            if x < lo || x > hi { return -.infinity }
            if x <= mode { return mode == lo ? -log(hi - lo) + log(2) : log(2 * (x - lo) / ((hi - lo) * (mode - lo))) }
            return log(2 * (hi - x) / ((hi - lo) * (hi - mode)))
        }
    }

    /// The mean of the model (of the truncated normal, as Takt simulates it).
    public var mean: Double {
        switch self {
        case let .shifted(base, shift): return shift + base.mean
        case let .exponential(mean): return mean
        case let .normal(mean, sd):
            // E[X | X > 0] = μ + σ φ(α)/(1 − Φ(α)), α = −μ/σ.
            let alpha = -mean / sd
            return mean + sd * exp(SpecialFunctions.logNormalDensity(alpha)) / (1 - SpecialFunctions.normalCDF(alpha))
        case let .lognormal(mu, sigma): return exp(mu + sigma * sigma / 2)
        case let .gamma(shape, scale): return shape * scale
        case let .weibull(shape, scale): return scale * tgamma(1 + 1 / shape)
        case let .uniform(lo, hi): return (lo + hi) / 2
        case let .triangular(lo, mode, hi): return (lo + mode + hi) / 3
        }
    }

    /// The share of the untruncated normal below zero, which Takt's normal leaves out (0 for the other families).
    public var truncatedShare: Double {
        guard case let .normal(mean, sd) = self else { return 0 }
        return SpecialFunctions.normalCDF(-mean / sd)
    }

    /// The model as Takt's distribution of durations, its values multiplied by `unit` (seconds per value);
    /// a shifted model's without its shift (`shift`).
    public func kind(unit: Double = 1) -> Distribution.Kind {
        switch self {
        case let .shifted(base, _): return base.kind(unit: unit)
        case let .exponential(mean): return .exponential(mean: mean * unit)
        case let .normal(mean, sd): return .normal(mean: mean * unit, sd: sd * unit)
        case let .lognormal(mu, sigma): return .lognormal(mean: exp(mu + sigma * sigma / 2) * unit, cv: expm1(sigma * sigma).squareRoot())
        case let .gamma(shape, scale): return .gamma(shape: shape, mean: shape * scale * unit)
        case let .weibull(shape, scale): return .weibull(shape: shape, scale: scale * unit)
        case let .uniform(lo, hi): return .uniform(min: lo * unit, max: hi * unit)
        case let .triangular(lo, mode, hi): return .triangular(min: lo * unit, mode: mode * unit, max: hi * unit)
        }
    }

    /// The model as the distribution Takt simulates, its values multiplied by `unit` (seconds per value).
    public func distribution(unit: Double = 1) throws(Distribution.ParameterError) -> Distribution {
        try Distribution.make(kind(unit: unit), shift: shift * unit)
    }

    /// Σ ln f(xᵢ) over the values.
    public func logLikelihood(_ values: [Double]) -> Double {
        values.reduce(0) { $0 + logDensity($1) }
    }
}
