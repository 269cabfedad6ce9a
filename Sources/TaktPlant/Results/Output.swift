/// One figure of a subject (a station, a robot of a cell, a vehicle fleet)
/// in one replication, declared once by the component that measures it.
///
/// The declaration is what every consumer reads: the JSON of `takt run` and
/// its summary across replications, the run store's columns, the human
/// summary. Adding a figure is a declaration in the component's
/// `…Outputs.swift` plus its measurement in the subject's result type; the
/// store needs a column of the same name (a migration), which a test checks.
public struct Output<Subject: Sendable, Context: Sendable>: Sendable {
    /// What kind of number the figure is: it decides the store column's type.
    public enum Kind: Sendable {
        /// A whole number of things (jobs, failures); stored as INTEGER.
        case count
        /// A real number (a share, seconds, kWh); stored as REAL.
        case real
    }

    /// How the replications of a run combine into the run's figure.
    public enum Combination: Sendable {
        /// The mean over replications with its 95% confidence half-width
        /// (replications are independent, so this is the sound estimate).
        case mean
    }

    /// The JSON key and the store column, snake_case with a unit suffix where one helps (`mean_wait_s`).
    public let name: String
    /// The unit, as tables print it: `jobs`, `share`, `s`, `kWh`, `count`.
    public let unit: String
    /// What it measures, one sentence.
    public let description: String
    public let kind: Kind
    public let combination: Combination
    /// What the figure is a mean over, for batch means within one long
    /// replication (nil: it has no half-width from one replication).
    public let batch: BatchBasis<Subject>?
    private let reported: @Sendable (Context) -> Bool
    private let measure: @Sendable (Subject) -> Double?

    /// Declares the figure `name`, reported for every subject whose context passes `when`.
    public init(_ name: String, unit: String, kind: Kind = .real, combination: Combination = .mean, batch: BatchBasis<Subject>? = nil,
                _ description: String, when reported: @escaping @Sendable (Context) -> Bool = { _ in true },
                value measure: @escaping @Sendable (Subject) -> Double) {
        self.init(name, unit: unit, kind: kind, combination: combination, batch: batch, description, when: reported, optionalValue: { measure($0) })
    }

    /// Declares the figure `name` whose subject may lack it (agreement with a
    /// teacher that was not asked): stored as NULL then, and estimated over
    /// the replications that have it.
    public init(_ name: String, unit: String, kind: Kind = .real, combination: Combination = .mean, batch: BatchBasis<Subject>? = nil,
                _ description: String, when reported: @escaping @Sendable (Context) -> Bool = { _ in true },
                optionalValue measure: @escaping @Sendable (Subject) -> Double?) {
        self.name = name
        self.unit = unit
        self.description = description
        self.kind = kind
        self.combination = combination
        self.batch = batch
        self.reported = reported
        self.measure = measure
    }

    /// The figure's value for `subject` in one replication (0 when the subject lacks it).
    public func value(of subject: Subject) -> Double { measure(subject) ?? 0 }

    /// The figure's value for `subject` in one replication, nil when the subject lacks it.
    public func storedValue(of subject: Subject) -> Double? { measure(subject) }

    /// Whether plants report the figure for a subject described by `context`
    /// (an inspecting station has defects; a station without changeovers has none to report).
    /// Unreported figures are stored as their value (0) and left out of the JSON and summaries.
    public func isReported(for context: Context) -> Bool { reported(context) }
}

/// A figure of one station in one replication.
public typealias StationOutput = Output<StationResult, StationSpec>
/// A figure of one robot of a robot cell in one replication (the context is the cell's robots).
public typealias RobotOutput = Output<RobotResult, RobotsSpec>
/// A figure of one vehicle fleet in one replication.
public typealias FleetOutput = Output<FleetResult, FleetSpec>
/// A figure of one worker pool in one replication.
public typealias WorkerOutput = Output<WorkerPoolResult, WorkerPoolSpec>
