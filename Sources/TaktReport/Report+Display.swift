import TaktExperiment
import TaktPlant

/// How the report writes its figures: units, labels, intervals.
extension Report {
    /// The display unit of comparison figure `f`, chosen from every group's mean.
    func displayUnit(figure f: Int) -> DisplayUnit {
        DisplayUnit(unit: comparison.figures[f].unit, values: comparison.variants.compactMap { $0.estimates[f]?.mean })
    }

    /// A figure's label with its unit and direction, e.g. `throughput per shift hour (jobs/h, higher is better)`.
    func figureHeading(_ f: Int) -> String {
        let figure = comparison.figures[f]
        // A column whose values each carry their own unit has none in its heading.
        let symbol = displayUnit(figure: f).symbol ?? ""
        return "\(figure.label)" + (symbol.isEmpty ? "" : " (\(symbol))")
    }

    /// `higher is better` or `lower is better`.
    static func direction(_ figure: ResultFigure) -> String { figure.higherIsBetter ? "higher is better" : "lower is better" }

    /// The name of group `i`, marked when it is the baseline.
    func label(_ i: Int) -> String { i == baseline ? "\(groups[i].name) (baseline)" : groups[i].name }

    /// Groups in order, the baseline's colour first.
    func colour(_ i: Int) -> String { Palette.group(i == baseline ? 0 : (i < baseline ? i + 1 : i)) }

    /// Where a report's intervals come from: `over 5 replications`, or with one, the run's batch means.
    static func intervalSource(replications n: Int) -> String {
        n == 1 ? "from batch means of one replication" : "over \(n) replications"
    }

    /// The estimate as `mean ± half-width unit`, or a dash.
    static func interval(_ e: Estimate?, _ unit: DisplayUnit, showUnit: Bool = true) -> String {
        guard let e else { return "—" }
        return unit.interval(e.mean, e.halfWidth, showUnit: showUnit)
    }

    /// A difference from the baseline in figure `f`, in the figure's column unit: `+0.31 ± 0.23 jobs/h`.
    func differenceText(_ d: Comparison.Difference, figure f: Int, showUnit: Bool = true) -> String {
        let unit = displayUnit(figure: f)
        let hw = d.halfWidth.isFinite ? d.halfWidth : nil
        if unit.symbol != nil { return unit.interval(d.mean, hw, signed: true, showUnit: showUnit) }
        return DisplayUnit(unit: unit.stored, values: [abs(d.mean)] + (hw.map { [$0] } ?? [])).interval(d.mean, hw, signed: true, showUnit: showUnit)
    }

    /// The figures compared, as text: `throughput per shift hour` etc.
    var figureLabels: [String] { comparison.figures.map(\.label) }

    /// Replications per group, as text: `10` or `8–10`.
    var replicationsText: String {
        let counts = groups.map(\.runIDs.count)
        let lo = counts.min() ?? 0, hi = counts.max() ?? 0
        return lo == hi ? "\(lo)" : "\(lo)–\(hi)"
    }

    /// `replications`, or `replication` when every group has one.
    var replicationsNoun: String { groups.allSatisfy { $0.runIDs.count == 1 } ? "replication" : "replications" }

    /// A value every group shares, else every distinct one.
    func common<T: Hashable>(_ values: (ReportGroup) -> [T]) -> [T] {
        ReportLoader.distinct(groups.flatMap(values))
    }

    /// The selection of the best in a sentence: the procedure, its verdict and what it guarantees.
    static func selectionText(_ s: Selection) -> String {
        let delta = "\(Format.trimZeros(Format.significant(s.spec.indifference, digits: 4))) \(s.figure.unit)"
        let requirements = s.spec.requirements.map(\.text).joined(separator: ", ")
        let among = requirements.isEmpty ? "" : " among the variants that keep \(requirements) (Batur–Kim feasibility check first)"
        let procedure = "Kim–Nelson fully sequential selection by \(s.figure.label) (\(direction(s.figure)))\(among), indifference zone \(delta), "
            + "confidence \(Format.percent(s.spec.confidence, decimals: 0)), first stage \(s.spec.firstStage) replications"
        let confidence = Format.percent(s.spec.confidence, decimals: 0)
        switch s.status {
        case .selected where requirements.isEmpty:
            return "\(procedure): \(s.selected!) selected after \(s.replications.max() ?? 0) replications; with probability at least "
                + "\(confidence) it has the best \(s.figure.label), or one within \(delta) of the best."
        case .selected:
            return "\(procedure): \(s.selected!) selected after \(s.replications.max() ?? 0) replications; with probability at least "
                + "\(confidence) it breaks no constraint by more than its tolerance and has the best \(s.figure.label) of the variants "
                + "that keep every constraint by their tolerance, or one within \(delta) of it."
        case .undecided:
            return "\(procedure): undecided after \(s.spec.maxReplications) replications, \(s.inTheRunning.joined(separator: ", ")) still in the running."
        case .noneFeasible:
            return "\(procedure): no variant keeps every constraint (with probability at least \(confidence), none keeps them all by their tolerance)."
        case .incomplete:
            return "\(procedure): incomplete, the store lacks \(s.needed.count) replication(s) it needs (takt compare --resume runs them)."
        case .unavailable:
            return "\(procedure): not possible, \(s.unavailable ?? "")."
        }
    }
}
