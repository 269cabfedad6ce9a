import TaktPlant

/// An experiment's selection of the best variant, replayed from the figure
/// values run or stored so far: what the Kim–Nelson procedure decided, and
/// which replications it needs before it can go on.
///
/// The replay uses replications in order (0, 1, 2, …), the first stage for
/// every variant and then one more per variant still in the running, so the
/// outcome depends only on the values, not on how many threads or sessions
/// (`--resume`, `--from-db`) produced them.
public struct Selection: Sendable {
    public var spec: ExperimentDescription.Selection
    public var figure: ResultFigure
    public var variants: [String]
    /// The procedure after every replication it could use (nil: the first stage is incomplete).
    public var procedure: KimNelson?
    /// The (variant, replication) pairs to run before it can go on; empty when it has ended.
    public var needed: [(variant: Int, replication: Int)] = []
    /// Why it cannot go on at all: a variant ran without the figure (its plant does not measure it).
    public var unavailable: String?

    /// Replays the selection of `experiment` (which must have one) over `samples`, one per variant.
    public init(experiment: ExperimentDescription, samples: [Comparison.Samples]) {
        spec = experiment.selection!
        figure = experiment.figure(named: spec.figure)!
        variants = experiment.variants.map(\.name)
        let name = spec.figure
        // Every replication of a variant runs the same plant: one without the figure means the plant does not measure it.
        if let i = samples.indices.first(where: { samples[$0].values.contains { $0[name] == nil } }) {
            unavailable = "variant '\(variants[i])' has no figure '\(name)' (its plant does not measure it)"
            return
        }
        func value(_ i: Int, _ r: Int) -> Double? { samples[i][r]?[name] }
        needed = variants.indices.flatMap { i in (0..<spec.firstStage).filter { value(i, $0) == nil }.map { (i, $0) } }
        guard needed.isEmpty else { return }
        var procedure = KimNelson(firstStage: variants.indices.map { i in (0..<spec.firstStage).map { value(i, $0)! } },
                                  indifference: spec.indifference, confidence: spec.confidence, higherIsBetter: figure.higherIsBetter)
        while procedure.selected == nil && procedure.replications < spec.maxReplications {
            let r = procedure.replications
            let lacking = procedure.survivors.filter { value($0, r) == nil }
            guard lacking.isEmpty else {
                needed = lacking.map { ($0, r) }
                break
            }
            procedure.add(Dictionary(uniqueKeysWithValues: procedure.survivors.map { ($0, value($0, r)!) }))
        }
        self.procedure = procedure
    }

    /// Where the procedure stands.
    public enum Status: String, Sendable {
        /// One variant is left.
        case selected
        /// The most replications are reached with several variants in the running.
        case undecided
        /// Replications it needs are missing (from a store).
        case incomplete
        /// A variant's plant does not measure the figure.
        case unavailable
    }

    public var status: Status {
        unavailable != nil ? .unavailable : selected != nil ? .selected : needed.isEmpty ? .undecided : .incomplete
    }

    /// Variant `i`'s fate: its status (`selected`, `eliminated`, `in the running`) and, eliminated, the variant it fell behind.
    public func fate(of i: Int) -> (status: String, behind: String?) {
        if procedure?.selected == i { return ("selected", nil) }
        if let e = procedure?.eliminations.first(where: { $0.system == i }) { return ("eliminated", variants[e.by]) }
        return ("in the running", nil)
    }

    /// Variant `i`'s fate as words: `eliminated, behind oracle`.
    public func fateText(of i: Int) -> String {
        let f = fate(of: i)
        return f.status + (f.behind.map { ", behind \($0)" } ?? "")
    }

    /// The selected variant, once the procedure has ended with one.
    public var selected: String? { procedure?.selected.map { variants[$0] } }

    /// Replications each variant had in the procedure.
    public var replications: [Int] {
        guard let p = procedure else { return variants.map { _ in 0 } }
        return variants.indices.map { i in p.eliminations.first { $0.system == i }?.replications ?? p.replications }
    }
}
