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
        figure = ResultFigure.named(spec.figure)!
        variants = experiment.variants.map(\.name)
        let name = spec.figure
        var unavailable: String?
        func value(_ i: Int, _ r: Int) -> Double? {
            guard let row = samples[i][r] else { return nil }
            if row[name] == nil, unavailable == nil { unavailable = "variant '\(variants[i])' has no figure '\(name)' (its plant does not measure it)" }
            return row[name]
        }
        let firstStage = variants.indices.map { i in (0..<spec.firstStage).map { value(i, $0) } }
        needed = firstStage.enumerated().flatMap { i, xs in xs.indices.filter { xs[$0] == nil && samples[i][$0] == nil }.map { (i, $0) } }
        guard needed.isEmpty, unavailable == nil else {
            self.unavailable = unavailable
            if unavailable != nil { needed = [] }
            return
        }
        var procedure = KimNelson(firstStage: firstStage.map { $0.map { $0! } }, indifference: spec.indifference, confidence: spec.confidence,
                                  higherIsBetter: figure.higherIsBetter)
        while procedure.selected == nil && procedure.replications < spec.maxReplications {
            let r = procedure.replications
            let next = procedure.survivors.map { ($0, value($0, r)) }
            if unavailable != nil { break }
            let lacking = next.filter { $0.1 == nil }.map(\.0)
            if !lacking.isEmpty {
                needed = lacking.map { ($0, r) }
                break
            }
            procedure.add(Dictionary(uniqueKeysWithValues: next.map { ($0.0, $0.1!) }))
        }
        self.procedure = procedure
        self.unavailable = unavailable
        if unavailable != nil { needed = [] }
    }

    /// The selected variant, once the procedure has ended with one.
    public var selected: String? { procedure?.selected.map { variants[$0] } }

    /// The procedure ended at the most replications with several variants in the running.
    public var undecided: Bool { needed.isEmpty && unavailable == nil && selected == nil }

    /// Replications each variant had in the procedure.
    public var replications: [Int] {
        guard let p = procedure else { return variants.map { _ in 0 } }
        return variants.indices.map { i in p.eliminations.first { $0.system == i }?.replications ?? p.replications }
    }
}
