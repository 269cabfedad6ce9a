import TaktPlant

/// An experiment's selection of the best variant, replayed from the figure
/// values run or stored so far: which variants keep the selection's
/// requirements, what the Kim–Nelson procedure decided among them, and which
/// replications it needs before it can go on.
///
/// Without requirements it is Kim and Nelson's procedure alone. With them it
/// is the two-phase procedure of Andradóttir and Kim ("Fully sequential
/// procedures for comparing constrained systems via simulation", Naval
/// Research Logistics 57(5), 2010): first Batur and Kim's feasibility check
/// of every variant, then Kim and Nelson's selection among those found
/// feasible, on replications after the check's, so the selection's data are
/// not the ones the check chose on. Each phase holds with probability
/// 1 − α/2, both together with 1 − α (the stated confidence).
///
/// The replay uses replications in order (0, 1, 2, …), a first stage for
/// every variant and then one more per variant still in the running, so the
/// outcome depends only on the values, not on how many threads or sessions
/// (`--resume`, `--from-db`) produced them.
public struct Selection: Sendable {
    public var spec: ExperimentDescription.Selection
    public var figure: ResultFigure
    public var variants: [String]
    /// The feasibility check, when the selection has requirements (nil: none, or its first stage is incomplete).
    public var feasibility: FeasibilityCheck?
    /// The procedure after every replication it could use (nil: not started, or fewer than two contenders).
    public var procedure: KimNelson?
    /// The (variant, replication) pairs to run before it can go on; empty when it has ended.
    public var needed: [(variant: Int, replication: Int)] = []
    /// Why it cannot go on at all: a variant ran without a figure it needs (its plant does not measure it).
    public var unavailable: String?
    /// Replications each variant had in the check and the procedure together.
    public private(set) var replications: [Int]
    /// Each variant's mean of the figure over the replications the procedure compared it on, or for a variant it did not
    /// compare (found infeasible, the lone feasible one, or before the procedure starts) over the check's (nil before a
    /// first stage is complete).
    public private(set) var means: [Double]?
    /// Each variant's means of the requirements' figures over the check's replications of it (empty without requirements).
    public private(set) var requirementMeans: [[Double]] = []

    /// Replays the selection of `experiment` (which must have one) over `samples`, one per variant.
    public init(experiment: ExperimentDescription, samples: [Comparison.Samples]) {
        spec = experiment.selection!
        figure = experiment.figure(named: spec.figure)!
        variants = experiment.variants.map(\.name)
        replications = variants.map { _ in 0 }
        // Every replication of a variant runs the same plant: one without a figure means the plant does not measure it.
        for name in [spec.figure] + spec.requirements.map(\.figure) {
            if let i = samples.indices.first(where: { samples[$0].values.contains { $0[name] == nil } }) {
                unavailable = "variant '\(variants[i])' has no figure '\(name)' (its plant does not measure it)"
                return
            }
        }
        let value: Values = { i, r, name in samples[i][r]?[name] }
        var used = variants.map { _ in [Range<Int>]() }
        if spec.requirements.isEmpty || checkFeasibility(value, used: &used) { compareContenders(value, used: &used) }
        replications = used.map { $0.reduce(0) { $0 + $1.count } }
        if procedure != nil || feasibility != nil {
            let compared = procedure?.means
            means = variants.indices.map { i in
                if let compared, let system = contenders.firstIndex(of: i) { return compared[system] }
                return SampleMoments.mean(used[i].first.map { $0.map { value(i, $0, spec.figure)! } } ?? [])
            }
        }
    }

    /// Variant i's value of a figure in replication r, if it has run.
    private typealias Values = (_ variant: Int, _ replication: Int, _ figure: String) -> Double?

    /// The confidence each phase holds with: all of it without requirements, else half the error each.
    private var phaseConfidence: Double { spec.requirements.isEmpty ? spec.confidence : 1 - (1 - spec.confidence) / 2 }

    /// Phase 1: Batur and Kim's check of every variant against the requirements, as far as the values go, each variant's
    /// replications in it added to `used`; true when it has judged every variant (the contenders are then those feasible).
    private mutating func checkFeasibility(_ value: Values, used: inout [[Range<Int>]]) -> Bool {
        let names = spec.requirements.map(\.figure), n0 = spec.firstStage
        needed = variants.indices.flatMap { i in (0..<n0).filter { r in names.contains { value(i, r, $0) == nil } }.map { (i, $0) } }
        guard needed.isEmpty else { return false }
        var check = FeasibilityCheck(firstStage: variants.indices.map { i in names.map { name in (0..<n0).map { value(i, $0, name)! } } },
                                     requirements: spec.requirements, confidence: phaseConfidence)
        while !check.undecided.isEmpty && check.replications < spec.maxReplications {
            let r = check.replications
            let lacking = check.undecided.filter { i in names.contains { value(i, r, $0) == nil } }
            guard lacking.isEmpty else {
                needed = lacking.map { ($0, r) }
                break
            }
            check.add(Dictionary(uniqueKeysWithValues: check.undecided.map { i in (i, names.map { value(i, r, $0)! }) }))
        }
        feasibility = check
        for i in variants.indices { used[i].append(0..<(check.verdicts[i]?.replications ?? check.replications)) }
        requirementMeans = variants.indices.map { i in names.map { name in SampleMoments.mean(used[i][0].map { value(i, $0, name)! }) } }
        return check.undecided.isEmpty
    }

    /// Phase 2: Kim and Nelson's procedure among the contenders from replication `firstReplication` on, as far as the
    /// values go, each contender's replications in it added to `used`.
    private mutating func compareContenders(_ value: Values, used: inout [[Range<Int>]]) {
        guard contenders.count >= 2 else { return }
        let start = firstReplication, n0 = spec.firstStage, name = spec.figure, contenders = contenders
        needed = contenders.flatMap { i in (start..<start + n0).filter { value(i, $0, name) == nil }.map { (i, $0) } }
        guard needed.isEmpty else { return }
        var procedure = KimNelson(firstStage: contenders.map { i in (start..<start + n0).map { value(i, $0, name)! } },
                                  indifference: spec.indifference, confidence: phaseConfidence, higherIsBetter: figure.higherIsBetter)
        while procedure.selected == nil && start + procedure.replications < spec.maxReplications {
            let r = start + procedure.replications
            let lacking = procedure.survivors.filter { value(contenders[$0], r, name) == nil }
            guard lacking.isEmpty else {
                needed = lacking.map { (contenders[$0], r) }
                break
            }
            procedure.add(Dictionary(uniqueKeysWithValues: procedure.survivors.map { ($0, value(contenders[$0], r, name)!) }))
        }
        for (system, i) in contenders.enumerated() {
            let had = procedure.eliminations.first { $0.system == system }?.replications ?? procedure.replications
            used[i].append(start..<start + had)
        }
        self.procedure = procedure
    }

    /// The variants the procedure selects among, in order (its systems are their indices here): all, or, once the check
    /// has judged every variant, those it found feasible.
    public var contenders: [Int] {
        guard let check = feasibility, check.undecided.isEmpty else { return Array(variants.indices) }
        return check.feasible
    }

    /// The replication the procedure's first stage starts at: after the check's, once it has judged every variant.
    public var firstReplication: Int {
        guard let check = feasibility, check.undecided.isEmpty else { return 0 }
        return check.replications
    }

    /// Where the selection stands.
    public enum Status: String, Sendable {
        /// One variant is left.
        case selected
        /// The most replications are reached with several variants in the running (or not yet judged feasible).
        case undecided
        /// Replications it needs are missing (from a store).
        case incomplete
        /// A variant's plant does not measure a figure it needs.
        case unavailable
        /// The feasibility check found no variant that keeps every requirement.
        case noneFeasible = "none feasible"
    }

    public var status: Status {
        if unavailable != nil { return .unavailable }
        if selected != nil { return .selected }
        if !needed.isEmpty { return .incomplete }
        if let check = feasibility, check.undecided.isEmpty, contenders.isEmpty { return .noneFeasible }
        return .undecided
    }

    /// Variant `i`'s fate: its status (`selected`, `eliminated`, `infeasible`, `in the running`) and why: the variant it fell
    /// behind, or the requirement it breaks.
    public func fate(of i: Int) -> (status: String, behind: String?) {
        if selected == variants[i] { return ("selected", nil) }
        if case let .infeasible(j)? = feasibility?.verdicts[i]?.verdict { return ("infeasible", spec.requirements[j].text) }
        if let system = contenders.firstIndex(of: i), let e = procedure?.eliminations.first(where: { $0.system == system }) {
            return ("eliminated", variants[contenders[e.by]])
        }
        return ("in the running", nil)
    }

    /// Variant `i`'s fate as words: `eliminated, behind oracle`, `infeasible: lead_time_mean ≤ 7200 s not kept`.
    public func fateText(of i: Int) -> String {
        let f = fate(of: i)
        guard let why = f.behind else { return f.status }
        return f.status == "infeasible" ? "infeasible: \(why) not kept" : "\(f.status), behind \(why)"
    }

    /// The selected variant, once the selection has ended with one.
    public var selected: String? {
        if let system = procedure?.selected { return variants[contenders[system]] }
        // A lone feasible variant is the best of the feasible ones without a comparison.
        if feasibility?.undecided.isEmpty == true, contenders.count == 1 { return variants[contenders[0]] }
        return nil
    }

    /// The variants still in the running when the selection stopped undecided: the procedure's survivors, or the variants
    /// the check could not judge.
    public var inTheRunning: [String] {
        if let check = feasibility, !check.undecided.isEmpty { return check.undecided.map { variants[$0] } }
        return procedure?.survivors.map { variants[contenders[$0]] } ?? []
    }
}
