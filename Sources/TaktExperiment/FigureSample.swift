import TaktKernel

/// One figure over the replications of a run: every replication's value, or
/// only their mean, standard deviation and count.
public struct FigureSample: Sendable, Equatable {
    /// Mean over the replications.
    public var mean: Double
    /// Sample standard deviation (n − 1 in the denominator); 0 with one replication.
    public var standardDeviation: Double
    /// Number of replications.
    public var count: Int
    /// Replication r's value at index r; nil when only the summary is known
    /// (such a sample can only be compared unpaired).
    public var values: [Double]?

    /// The sample of `values`, replication r's at index r.
    public init(_ values: [Double]) {
        self.values = values
        count = values.count
        mean = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        let m = mean
        standardDeviation = values.count > 1
            ? (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot() : 0
    }

    /// A sample known only by its summary.
    public init(mean: Double, standardDeviation: Double, count: Int) {
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.count = count
        values = nil
    }

    /// The first `n` replications (all of them when there are no more).
    public func prefix(_ n: Int) -> FigureSample {
        guard let values, n < values.count else { return self }
        return FigureSample(Array(values.prefix(n)))
    }

    /// The mean with its two-sided t confidence interval at `level`.
    public func estimate(level: Double = 0.95) -> Estimate {
        if let values { return Estimate(values, level: level) }
        guard count > 1 else { return Estimate(mean: mean, halfWidth: nil, count: count) }
        let t = StudentT.quantile((1 + level) / 2, degreesOfFreedom: Double(count - 1))
        return Estimate(mean: mean, halfWidth: t * standardDeviation / Double(count).squareRoot(), count: count)
    }
}
