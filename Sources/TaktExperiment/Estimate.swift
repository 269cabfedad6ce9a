import TaktKernel

/// A point estimate across independent replications with its confidence interval.
public struct Estimate: Sendable, Equatable, Codable {
    /// Mean of the replication values.
    public var mean: Double
    /// Half-width of the two-sided t confidence interval; nil with one replication.
    public var halfWidth: Double?
    /// Number of replications.
    public var count: Int

    /// The estimate from one value per replication, at confidence `level` (e.g. 0.95).
    ///
    /// mean ± t_{n−1, (1+level)/2} · s / √n (Law, *Simulation Modeling and Analysis*, §9.4.1).
    public init(_ values: [Double], level: Double = 0.95) {
        count = values.count
        guard !values.isEmpty else {
            mean = 0
            halfWidth = nil
            return
        }
        mean = values.reduce(0, +) / Double(count)
        guard count > 1 else {
            halfWidth = nil
            return
        }
        let m = mean
        let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(count - 1)
        let t = StudentT.quantile((1 + level) / 2, degreesOfFreedom: Double(count - 1))
        halfWidth = t * (variance / Double(count)).squareRoot()
    }

    /// An estimate already computed elsewhere.
    public init(mean: Double, halfWidth: Double?, count: Int) {
        self.mean = mean
        self.halfWidth = halfWidth
        self.count = count
    }

    /// True if `value` lies inside the interval (with one replication: only if equal to the mean).
    public func contains(_ value: Double) -> Bool {
        abs(value - mean) <= (halfWidth ?? 0)
    }
}
