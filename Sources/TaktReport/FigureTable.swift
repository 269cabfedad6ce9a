import TaktExperiment
import TaktPlant
import TaktStore

/// Every figure a kind of subject declares (stations, fleets), over the runs
/// of a group: one row per subject, one column per declared output that some
/// subject has (a figure that is zero everywhere, like changeovers in a plant
/// without any, is left out).
///
/// Built from the output declarations and the store's rows alone, so a
/// figure a component declares appears here with no change to the report.
public struct FigureTable: Sendable {
    /// A declared figure: its name (the store column and JSON key), unit and description.
    public struct Column: Sendable, Equatable {
        public var name: String
        public var unit: String
        public var description: String
    }

    /// One subject (a station, a fleet) and its figure per column, over the runs (nil: no run stored it).
    public struct Row: Sendable {
        public var subject: String
        public var estimates: [Estimate?]
    }

    public var columns: [Column]
    public var rows: [Row]

    /// The table of `outputs` over `runs` (each run's rows, in plant order); nil when no run has a row.
    init?<Subject, Context>(_ outputs: [Output<Subject, Context>], runs: [[StoredFigures]]) {
        guard let first = runs.first, !first.isEmpty else { return nil }
        let subjects = first.map { (position: $0.position, name: $0.subject) }
        let rowsByRun = runs.map { Dictionary($0.map { ($0.position, $0) }, uniquingKeysWith: { a, _ in a }) }
        func values(_ name: String, at position: Int) -> [Double] { rowsByRun.compactMap { $0[position]?.values[name] } }
        let shown = outputs.filter { output in subjects.contains { values(output.name, at: $0.position).contains { $0 != 0 } } }
        columns = shown.map { Column(name: $0.name, unit: $0.unit, description: $0.description) }
        rows = subjects.map { subject in
            Row(subject: subject.name, estimates: shown.map { output in
                let xs = values(output.name, at: subject.position)
                return xs.isEmpty ? nil : Estimate(xs)
            })
        }
    }
}
