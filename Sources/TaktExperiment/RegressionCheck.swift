import TaktKernel
import TaktPlant

/// The CI gate's decision: has a plant got worse than its baseline, beyond
/// noise and beyond what it may?
///
/// A figure *regresses* only when its change from the baseline is both
/// beyond its relative tolerance and statistically significant, in the
/// direction that is worse; a change that is both but better is an
/// *improvement* (it passes). Significance is a t interval on the
/// difference at the rule's confidence, Bonferroni-adjusted over the k
/// figures checked (level 1 − α/k each), so that a plant with no real change
/// fails in at most α of checks whatever k is:
///
/// - **paired t** when replication r of the run and of the baseline share
///   their random streams (same seed, common random numbers): the interval is
///   on the mean of the per-replication differences over the replications
///   both have (Law, *Simulation Modeling and Analysis*, §10.2). An unchanged
///   plant differs by exactly zero and is never significant.
/// - **Welch's t** otherwise (other seeds, or a baseline kept only as mean,
///   sd and n): unequal variances, Welch–Satterthwaite degrees of freedom.
///
/// O(figures × replications).
public struct RegressionCheck: Sendable {
    /// How the difference's interval is computed.
    public enum Test: String, Sendable {
        case paired = "paired t"
        case welch = "Welch t"
    }

    /// What the check says about one figure.
    public enum Verdict: String, Sendable {
        /// Exactly the baseline's values.
        case unchanged
        /// A change within the tolerance (significant or not).
        case withinTolerance = "within tolerance"
        /// A change beyond the tolerance that the replications cannot tell from noise.
        case notSignificant = "not significant"
        /// Better beyond the tolerance, and significant.
        case improved
        /// Worse beyond the tolerance, and significant: the check fails.
        case regressed
    }

    /// One figure's comparison.
    public struct FigureResult: Sendable {
        public var figure: ResultFigure
        /// The baseline's and this run's means with 95% intervals (over the paired replications when paired).
        public var baseline: Estimate
        public var current: Estimate
        /// Now − baseline, and the half-width of its interval at the adjusted level.
        public var difference: Double
        public var halfWidth: Double
        /// The figure's relative tolerance.
        public var tolerance: Double
        public var significant: Bool
        public var beyondTolerance: Bool
        public var verdict: Verdict

        /// The difference relative to the baseline's mean (±∞ when that is 0 and the difference is not).
        public var relativeChange: Double { Self.relative(difference, to: baseline.mean) }
        /// The interval's half-width relative to the baseline's mean.
        public var relativeHalfWidth: Double { Self.relative(halfWidth, to: baseline.mean) }
        /// Whether the change is in the worse direction (false when there is none).
        public var worse: Bool { difference != 0 && (difference > 0) != figure.higherIsBetter }

        static func relative(_ x: Double, to base: Double) -> Double {
            if x == 0 { return 0 }
            return base == 0 ? (x > 0 ? .infinity : -.infinity) : x / abs(base)
        }
    }

    /// The figures, in the order given.
    public var figures: [FigureResult]
    public var test: Test
    /// The rule applied.
    public var rule: RegressionRule
    /// The t quantile of the differences' intervals (for the paired test; Welch's varies by figure).
    public var tQuantile: Double?

    /// Figures that got significantly worse beyond their tolerance.
    public var regressions: [FigureResult] { figures.filter { $0.verdict == .regressed } }
    /// Figures that got significantly better beyond their tolerance.
    public var improvements: [FigureResult] { figures.filter { $0.verdict == .improved } }
    /// Whether no figure regressed.
    public var passed: Bool { regressions.isEmpty }

    /// Compares `current` with `baseline`, figure by figure (the same figures
    /// in both lists). `paired` says that replication r of both shares its
    /// random streams; the test is paired when it does and both samples keep
    /// their values, else Welch's.
    public init(figures: [ResultFigure], baseline: [FigureSample], current: [FigureSample], paired: Bool, rule: RegressionRule) {
        precondition(figures.count == baseline.count && figures.count == current.count, "one baseline and one current sample per figure")
        self.rule = rule
        let k = Double(max(1, figures.count))
        let p = 1 - (1 - rule.confidence) / (2 * k)
        let usePairs = paired && zip(baseline, current).allSatisfy { $0.values != nil && $1.values != nil }
        test = usePairs ? .paired : .welch
        let n = usePairs ? zip(baseline, current).map { min($0.count, $1.count) }.min() ?? 0 : 0
        tQuantile = usePairs && n > 1 ? StudentT.quantile(p, degreesOfFreedom: Double(n - 1)) : nil
        var results: [FigureResult] = []
        for (f, figure) in figures.enumerated() {
            var b = baseline[f], c = current[f]
            let difference: Double, halfWidth: Double
            if usePairs {
                b = b.prefix(n)
                c = c.prefix(n)
                let d = FigureSample(zip(c.values!, b.values!).map { $0 - $1 })
                difference = d.mean
                halfWidth = tQuantile.map { $0 * d.standardDeviation / Double(n).squareRoot() } ?? .infinity
            } else {
                difference = c.mean - b.mean
                halfWidth = Self.welchHalfWidth(b, c, p: p)
            }
            let tolerance = rule.tolerance(for: figure.name)
            let significant = difference != 0 && abs(difference) > halfWidth
            let beyond = abs(difference) > tolerance * abs(b.mean)
            let verdict: Verdict
            if difference == 0 {
                verdict = .unchanged
            } else if !beyond {
                verdict = .withinTolerance
            } else if !significant {
                verdict = .notSignificant
            } else {
                verdict = (difference > 0) == figure.higherIsBetter ? .improved : .regressed
            }
            results.append(FigureResult(figure: figure, baseline: b.estimate(), current: c.estimate(), difference: difference,
                                        halfWidth: halfWidth, tolerance: tolerance, significant: significant,
                                        beyondTolerance: beyond, verdict: verdict))
        }
        self.figures = results
    }

    /// Half-width of Welch's interval on mean(c) − mean(b) at two-sided quantile `p`;
    /// 0 when neither varies, ∞ when a sample is too small to say.
    static func welchHalfWidth(_ b: FigureSample, _ c: FigureSample, p: Double) -> Double {
        guard b.count > 1, c.count > 1 else { return .infinity }
        let vb = b.standardDeviation * b.standardDeviation / Double(b.count)
        let vc = c.standardDeviation * c.standardDeviation / Double(c.count)
        let se2 = vb + vc
        guard se2 > 0 else { return 0 }
        let df = se2 * se2 / (vb * vb / Double(b.count - 1) + vc * vc / Double(c.count - 1))
        return StudentT.quantile(p, degreesOfFreedom: df) * se2.squareRoot()
    }
}
