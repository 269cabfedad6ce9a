import TaktKernel
import TaktPlant

/// The statistics of an experiment: each variant's figures with 95%
/// intervals, paired differences from the baseline with Bonferroni-adjusted
/// paired-t intervals, and a ranking.
///
/// Replication r of every variant uses the same random streams (common
/// random numbers), so the difference of replication r's figures removes
/// the noise the variants share; the paired-t interval on those differences
/// is then much narrower than two independent intervals would be (Law,
/// *Simulation Modeling and Analysis*, §10.2). With k variants besides the
/// baseline, each difference's interval is at level 1 − 0.05/k, so all k
/// hold together with probability at least 95% (Bonferroni).
public struct Comparison: Sendable {
    /// One variant's figures.
    public struct VariantFigures: Sendable {
        public var name: String
        /// Per figure (in the experiment's order): the estimate, nil when the plant lacks the figure.
        public var estimates: [Estimate?]
    }

    /// A variant's paired difference from the baseline in one figure.
    public struct Difference: Sendable {
        public var variant: String
        public var figure: String
        /// Mean of (variant − baseline) over the replications.
        public var mean: Double
        /// Half-width of its Bonferroni-adjusted paired-t interval.
        public var halfWidth: Double
        /// Whether the interval excludes zero.
        public var significant: Bool
        /// Whether the variant is better than the baseline (by the figure's direction), when significant.
        public var better: Bool?
    }

    public var experiment: String
    public var baseline: String
    public var figures: [ResultFigure]
    public var replications: Int
    public var variants: [VariantFigures]
    /// Differences of every variant but the baseline, variant by variant, figure by figure.
    public var differences: [Difference]
    /// Variant names, best first by the first figure's mean.
    public var ranking: [String]
    /// The warm-up each replication discarded, seconds, and how it was chosen.
    public var warmupSeconds: Double
    public var warmupRule: String
    /// The t quantile used for the differences, and the number of comparisons it adjusts for.
    public var tQuantile: Double
    public var comparisons: Int
    /// The selection of the best, when the experiment asks for one.
    public var selection: Selection?
    /// How the precision the experiment asks for came out, when it asks for one.
    public var precision: PrecisionOutcome?
    /// The replications a fixed design runs, when the comparison is read from a store that may hold fewer (merged shards).
    public var plannedReplications: Int?
    /// What was compared, for a record that can be traced back to its inputs (`takt compare --json`); nil when not given.
    public var provenance: Provenance?

    /// The inputs of a comparison: the experiment file and its content hash, each variant's plant hash, the seed, the run
    /// length and the Takt version.
    public struct Provenance: Sendable, Encodable {
        public var file: String
        public var hash: String
        public var plantHashes: [String: String]
        public var seed: UInt64
        public var durationSeconds: Double
        public var taktVersion: String

        public init(experiment: ExperimentDescription, taktVersion: String) {
            file = experiment.file
            hash = experiment.contentHash
            plantHashes = Dictionary(experiment.variants.map { ($0.name, $0.plant.contentHash) }, uniquingKeysWith: { a, _ in a })
            seed = experiment.settings.seed
            durationSeconds = Ticks.seconds(experiment.settings.duration)
            self.taktVersion = taktVersion
        }

        enum CodingKeys: String, CodingKey {
            case file, hash, seed
            case plantHashes = "plant_hashes", durationSeconds = "duration_s", taktVersion = "takt_version"
        }
    }

    /// A sequential experiment's precision target and what the replications reached.
    public struct PrecisionOutcome: Sendable, Equatable {
        public var figure: String
        /// The largest relative half-width wanted, and the largest over the variants reached (nil: no interval yet).
        public var target: Double
        public var reached: Double?
        public var maxReplications: Int
        public var met: Bool { reached.map { $0 <= target } ?? false }
    }

    /// Figure values of one variant: replication → figure name → value.
    public typealias Samples = [Int: [String: Double]]

    /// The figures of each replication in `results`, by replication.
    public static func samples(_ results: [ReplicationResult]) -> Samples {
        var out: Samples = [:]
        for r in results {
            var row: [String: Double] = [:]
            for figure in ResultFigure.all { if let v = figure.value(r) { row[figure.name] = v } }
            out[r.replication] = row
        }
        return out
    }

    /// Computes the comparison from each variant's results (the same replications).
    public init(experiment: ExperimentDescription, results: [[ReplicationResult]]) {
        self.init(experiment: experiment, samples: results.map(Self.samples))
    }

    /// Computes the comparison from each variant's figure values, over the
    /// replications every variant has (in replication order).
    /// A figure a variant's plant does not report (first-pass yield without inspection) has no values for it: shown as –, never as a default.
    public init(experiment: ExperimentDescription, samples: [Samples]) {
        let figures = experiment.figures.compactMap(experiment.figure(named:))
        let reported = zip(experiment.variants, samples).map { variant, rows in
            let absent = figures.filter { !$0.isReported(by: variant.plant) }.map(\.name)
            return absent.isEmpty ? rows : rows.mapValues { row in row.filter { !absent.contains($0.key) } }
        }
        self.init(experiment: experiment.name, baseline: experiment.baseline, variants: experiment.variants.map(\.name),
                  figures: figures, warmupSeconds: Ticks.seconds(experiment.settings.warmup), samples: reported)
        if experiment.selection != nil { selection = Selection(experiment: experiment, samples: samples) }
        if let p = experiment.precision {
            precision = PrecisionOutcome(figure: p.figure, target: p.relative, reached: relativePrecision(of: p.figure), maxReplications: p.maxReplications)
        }
    }

    /// Computes the comparison of the variants named `variants` (baseline
    /// `baseline`) from their figure values, `samples[i]` for `variants[i]`,
    /// over the replications every variant has (in replication order): what
    /// a report needs from a store, without the experiment file.
    public init(experiment name: String, baseline: String, variants names: [String], figures: [ResultFigure], warmupSeconds: Double,
                samples: [Samples]) {
        experiment = name
        self.baseline = baseline
        self.warmupSeconds = warmupSeconds
        warmupRule = "fixed"
        self.figures = figures
        var common = Set(samples.first?.keys ?? [:].keys)
        for s in samples.dropFirst() { common.formIntersection(s.keys) }
        let order = common.sorted()
        let n = order.count
        replications = n
        let values: [[[Double]?]] = samples.map { rows in
            figures.map { figure in
                let xs = order.compactMap { rows[$0]?[figure.name] }
                return xs.count == n ? xs : nil
            }
        }
        variants = zip(names, values).map { name, perFigure in
            VariantFigures(name: name, estimates: perFigure.map { $0.map { Estimate($0) } })
        }
        let b = names.firstIndex(of: baseline) ?? 0
        let comparisons = max(1, names.count - 1)
        self.comparisons = comparisons
        let t = n > 1 ? StudentT.quantile(1 - 0.05 / (2 * Double(comparisons)), degreesOfFreedom: Double(n - 1)) : .infinity
        tQuantile = t
        var differences: [Difference] = []
        for (i, name) in names.enumerated() where i != b {
            for (f, figure) in figures.enumerated() {
                guard let xs = values[i][f], let base = values[b][f] else { continue }
                let d = zip(xs, base).map { $0 - $1 }
                let mean = d.reduce(0, +) / Double(n)
                let variance = n > 1 ? d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1) : .infinity
                let hw = t * (variance / Double(n)).squareRoot()
                // Identical replications (a variant equal to the baseline) differ by exactly zero: never significant.
                let significant = mean != 0 && abs(mean) > hw
                differences.append(Difference(variant: name, figure: figure.name, mean: mean, halfWidth: hw, significant: significant,
                                              better: significant ? (mean > 0) == figure.higherIsBetter : nil))
            }
        }
        self.differences = differences
        let first = figures.first
        let variantFigures = variants
        // A variant without the ranking figure ranks last.
        let higher = first?.higherIsBetter ?? true
        ranking = variantFigures.sorted { a, c in
            let worst = higher ? -Double.infinity : .infinity
            let x = a.estimates.first??.mean ?? worst, y = c.estimates.first??.mean ?? worst
            return higher ? x > y : x < y
        }.map(\.name)
    }

    /// The difference of `variant` from the baseline in `figure`.
    public func difference(_ variant: String, _ figure: String) -> Difference? {
        differences.first { $0.variant == variant && $0.figure == figure }
    }

    /// Largest relative half-width (half-width ÷ |mean|) of `figure` over the variants; nil without intervals.
    public func relativePrecision(of figure: String) -> Double? {
        guard let f = figures.firstIndex(where: { $0.name == figure }) else { return nil }
        let widths = variants.compactMap { v -> Double? in
            guard let e = v.estimates[f], let hw = e.halfWidth else { return nil }
            return e.mean == 0 ? (hw == 0 ? 0 : .infinity) : hw / abs(e.mean)
        }
        return widths.count == variants.count ? widths.max() : nil
    }
}
