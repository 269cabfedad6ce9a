import Foundation

/// Observed values to fit, in file order, with the summaries the estimators,
/// the tests and the report share.
///
/// Values may be right-censored: a repair still running, a robot still up, when
/// the log was cut off. Such a value says only that the duration was at least
/// that long; leaving it out would bias the fit low, and counting it as finished
/// would too. The summaries (mean, quantiles, ...) are the values' own, censored
/// ones counted at their censoring time; the estimators and tests treat them as
/// censored (see `FittedModel.censoredEstimate`).
public struct ObservedSample: Sendable {
    /// The values in the order they were observed.
    public let values: [Double]
    /// Whether each value is right-censored (the duration was at least the value); empty when none is.
    public let censored: [Bool]
    /// How many values are censored.
    public let censoredCount: Int
    /// For each value, the longest it could have been observed (its start to the end of the log),
    /// when the log says so; the bootstrap then censors its draws there.
    public let limits: [Double]?
    /// The values in increasing order.
    public let sorted: [Double]
    /// Their arithmetic mean.
    public let mean: Double
    /// Their standard deviation (divisor n − 1).
    public let standardDeviation: Double
    /// The mean of ln x, when every value is positive.
    public let meanLog: Double?
    /// The step the values were recorded in (1 for whole seconds, 0.1 for tenths), when
    /// values repeat because of it; nil when they look continuous.
    public let resolution: Double?

    /// Why values cannot be fitted.
    public struct Refusal: Error, Equatable, Sendable {
        /// A sentence for the user.
        public let message: String
    }

    /// Fewest values a fit accepts.
    public static let minimumCount = 10

    /// Largest value accepted: sums of a few million such values stay far from overflowing.
    public static let maximumValue = 1e15

    /// Summarizes `values`: at least `minimumCount` finite, non-negative numbers up to `maximumValue`,
    /// not counting those `censored` marks (one flag per value, or none); `limits`, when given, one per
    /// value and none below it, a censored value's its own.
    public init(_ values: [Double], censored: [Bool] = [], limits: [Double]? = nil) throws(Refusal) {
        precondition(censored.isEmpty || censored.count == values.count, "one censoring flag per value")
        precondition(limits == nil || limits!.count == values.count, "one limit per value")
        let censoredCount = censored.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard values.count - censoredCount >= Self.minimumCount else {
            if censoredCount > 0 {
                throw Refusal(message: "only \(values.count - censoredCount) of the \(values.count) values are not censored: at least \(Self.minimumCount) finished ones are needed to fit a distribution")
            }
            throw Refusal(message: "\(values.count) value(s) are too few to fit a distribution (at least \(Self.minimumCount)); with so few, use an empirical or triangular distribution from what is known")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite || $0 < 0 || $0 > Self.maximumValue }) {
            throw Refusal(message: "value \(bad + 1) (\(values[bad])) is not a non-negative number up to 10^15")
        }
        if let limits, let bad = values.indices.first(where: { !(limits[$0] >= values[$0] * (1 - 1e-12)) || !limits[$0].isFinite }) {
            throw Refusal(message: "value \(bad + 1) (\(values[bad])) lies beyond the end of its observation (\(limits[bad]))")
        }
        self.values = values
        self.censored = censoredCount > 0 ? censored : []
        self.censoredCount = censoredCount
        self.limits = censoredCount > 0 ? limits : nil
        sorted = values.sorted()
        let n = Double(values.count)
        mean = values.reduce(0, +) / n
        let m = mean
        standardDeviation = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)).squareRoot()
        meanLog = sorted[0] > 0 ? values.reduce(0) { $0 + log($1) } / n : nil
        resolution = Self.resolution(of: sorted)
    }

    /// The number of values.
    public var count: Int { values.count }

    /// Whether some value is censored.
    public var isCensored: Bool { censoredCount > 0 }

    /// Whether value `i` is censored.
    public func isCensored(_ i: Int) -> Bool { !censored.isEmpty && censored[i] }

    /// Whether all values are the same.
    public var isConstant: Bool { sorted.first == sorted.last }

    /// The coefficient of variation, sd / mean.
    public var coefficientOfVariation: Double { mean > 0 ? standardDeviation / mean : 0 }

    /// The p-quantile by linear interpolation between order statistics (Hyndman & Fan type 7).
    public func quantile(_ p: Double) -> Double { Self.quantile(ofSorted: sorted, p) }

    /// The p-quantile of `sorted` (increasing, not empty) by linear interpolation between order statistics (Hyndman & Fan type 7).
    public static func quantile(ofSorted sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let i = Int(h.rounded(.down))
        return i + 1 < sorted.count ? sorted[i] + (h - Double(i)) * (sorted[i + 1] - sorted[i]) : sorted[sorted.count - 1]
    }

    /// The lag-1 autocorrelation of the values in file order: near zero, within about
    /// ±1.96/√n, for independent values.
    public var lag1Autocorrelation: Double {
        let m = mean
        var numerator = 0.0
        var denominator = 0.0
        for i in values.indices {
            let d = values[i] - m
            denominator += d * d
            if i + 1 < values.count { numerator += d * (values[i + 1] - m) }
        }
        return denominator > 0 ? numerator / denominator : 0
    }

    /// The largest power of ten (10⁻⁶ … 10³) every value is a whole multiple of, when
    /// values repeat; nil when every value is distinct or none fits.
    static func resolution(of sorted: [Double]) -> Double? {
        let distinct = zip(sorted, sorted.dropFirst()).filter { $0 != $1 }.count + 1
        guard distinct < sorted.count else { return nil }
        for exponent in stride(from: 3, through: -6, by: -1) {
            let step = pow(10, Double(exponent))
            if sorted.allSatisfy({ value in
                let units = value / step
                return abs(units - units.rounded()) <= 1e-9 * max(1, abs(units))
            }) {
                return step
            }
        }
        return nil
    }
}
