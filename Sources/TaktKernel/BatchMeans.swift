import Foundation

/// A confidence interval for a steady-state mean from one long replication, by
/// the method of batch means.
///
/// The replication's measured window is cut into periods (`PeriodTotals`);
/// each period gives the figure's two totals, its sum (value × weight) and
/// its weight (hours, jobs). Joining neighbouring periods in twos halves
/// the count of batches (128 periods give 64, 32, 16, …); the first count, from the most batches down, whose
/// batch values pass the von Neumann test of independence (one-sided, at
/// α = 0.10) gives the interval, with at least 10 batches. This is Fishman
/// and Yarberry's LBATCH rule for a finished run (*INFORMS J. Computing*
/// 9(3), 1997); Law, *Simulation Modeling and Analysis*, §9.5.3 explains why
/// too few or too short batches make intervals that cover too rarely. A test
/// of few batches has little power, so batches it passes may still be
/// correlated: as in ASAP3 (Steiger et al., *ACM TOMACS* 15(1), 2005), the
/// half-width is widened by √((1 + r)/(1 − r)) for a positive lag-1
/// autocorrelation r of the batch values (the variance of an AR(1)
/// process's mean), which lifts coverage in short runs of busy queues
/// (`tools/batch-means-coverage.py`).
///
/// A figure that is a ratio (a mean per job, whose batches hold unequal
/// numbers of jobs) has batch values `R + (S_j − R·W_j) / W̄` around the
/// whole run's ratio R: their mean is R and their variance the ratio
/// estimator's (the classical estimator of regenerative and batched ratios).
public struct BatchMeans: Sendable, Equatable {
    /// The run's figure: the whole window's ratio (times its weight, for a total).
    public var mean: Double
    /// The 95% half-width; nil when no batch count passes the test.
    public var halfWidth: Double?
    /// The batch count of the interval, or the last one tried.
    public var batches: Int
    /// The lag-1 autocorrelation of the batch values at that count.
    public var lag1: Double

    /// The upper 10% point of the standard normal distribution: the test's critical value.
    static let critical = 1.2815515655446004

    /// Batch means of a figure whose periods have `sums` and `weights`; a total's estimate is the ratio times the total weight.
    public init?(sums: [Double], weights: [Double], isTotal: Bool, minimumBatches: Int = 10, level: Double = 0.95) {
        let totalWeight = weights.reduce(0, +)
        guard sums.count >= minimumBatches, sums.count == weights.count, totalWeight > 0 else { return nil }
        let ratio = sums.reduce(0, +) / totalWeight
        let scale = isTotal ? totalWeight : 1
        var s = sums, w = weights
        var tried: (batches: Int, lag1: Double) = (s.count, 0)
        while s.count >= minimumBatches {
            let meanWeight = w.reduce(0, +) / Double(w.count)
            let values = s.indices.map { ratio + (s[$0] - ratio * w[$0]) / meanWeight }
            let test = Self.vonNeumann(values)
            tried = (values.count, test.lag1)
            if !test.rejects {
                let n = Double(values.count)
                let variance = test.constant ? 0 : values.reduce(0) { $0 + ($1 - ratio) * ($1 - ratio) } / (n - 1)
                let t = StudentT.quantile((1 + level) / 2, degreesOfFreedom: n - 1)
                let r = max(test.lag1, 0)
                let correlation = ((1 + r) / (1 - r)).squareRoot()
                self.init(mean: ratio * scale, halfWidth: t * (variance / n).squareRoot() * correlation * scale, batches: values.count,
                          lag1: test.lag1)
                return
            }
            (s, w) = (Self.joined(s), Self.joined(w))
        }
        self.init(mean: ratio * scale, halfWidth: nil, batches: tried.batches, lag1: tried.lag1)
    }

    /// A result already computed.
    public init(mean: Double, halfWidth: Double?, batches: Int, lag1: Double) {
        self.mean = mean
        self.halfWidth = halfWidth
        self.batches = batches
        self.lag1 = lag1
    }

    /// Neighbours joined in twos; an odd last one joins the pair before it.
    static func joined(_ x: [Double]) -> [Double] {
        var out = stride(from: 0, to: x.count - 1, by: 2).map { x[$0] + x[$0 + 1] }
        if x.count % 2 == 1 { out[out.count - 1] += x[x.count - 1] }
        return out
    }

    /// The von Neumann test of `values` for positive lag-1 correlation: C = 1 − Σ(v_j − v_{j+1})² / (2 Σ(v_j − v̄)²),
    /// about normal with mean 0 and variance (b − 2)/(b² − 1) under independence (Fishman, *Discrete-Event Simulation*, §6.6).
    static func vonNeumann(_ values: [Double]) -> (rejects: Bool, lag1: Double, constant: Bool) {
        let b = Double(values.count)
        let mean = values.reduce(0, +) / b
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        // Equal values (a figure that never moves): independent for the purpose, and the half-width is 0.
        let noise = 1e-9 * max(abs(mean), .leastNormalMagnitude)
        guard squares > noise * noise * b, squares.isFinite else { return (false, 0, true) }
        var successive = 0.0, lagged = 0.0
        for j in 0..<(values.count - 1) {
            successive += (values[j] - values[j + 1]) * (values[j] - values[j + 1])
            lagged += (values[j] - mean) * (values[j + 1] - mean)
        }
        let c = 1 - successive / (2 * squares)
        let z = c / ((b - 2) / (b * b - 1)).squareRoot()
        return (z > critical, lagged / squares, false)
    }
}
