import TaktKernel

/// Predictive maintenance of a robot cell's robots: the maintenance decision point.
///
/// Each robot wears at its own random rate: at every renewal (a repair or a
/// maintenance) it draws the operating life it will last from the cell's
/// time-to-failure distribution, and its wear grows linearly from 0 to 1 over
/// that life, when it fails. Its *health* is 1 − wear, read by a sensor with
/// Gaussian noise. Every `inspectEvery` the cell's working robots are
/// inspected and, for each, the rule chooses to run on, to maintain it at the
/// start of the next break (any time the plant is off shift), or to maintain
/// it now. Maintenance takes the robot down like a failure, for `duration`
/// (from when its `crew` comes, if it needs one), and renews it.
public struct MaintenanceSpec: Sendable, Equatable {
    /// How long one robot's preventive maintenance takes.
    public var duration: Distribution
    /// Time between inspections, ticks (the decision epochs).
    public var inspectEvery: Tick
    /// Standard deviation of the health reading (health is 0…1).
    public var sensorNoise: Double
    public var rule: MaintenanceRule
    /// The crew a maintenance needs from a worker pool (nil: it begins at once, done by the cell's own people).
    public var crew: StaffSpec?

    /// Creates a maintenance specification.
    public init(duration: Distribution, inspectEvery: Tick, sensorNoise: Double, rule: MaintenanceRule) {
        self.duration = duration
        self.inspectEvery = inspectEvery
        self.sensorNoise = sensorNoise
        self.rule = rule
    }
}

/// What to do with an inspected robot: the maintenance decision point's rule.
public enum MaintenanceRule: Sendable, Equatable {
    /// Never maintain; repair on failure.
    case runToFailure
    /// Maintain at the next break once the robot has run this long since its
    /// last renewal (ticks); now when the plant is off shift or has no breaks.
    case fixedInterval(Tick)
    /// Maintain at the next break once the health reading falls below this
    /// level (as a fixed interval does), now when it is below half of it
    /// (condition-based maintenance).
    case healthBelow(Double)
    /// The teacher: knows each robot's true remaining life and maintains it in
    /// the last free time before it would fail — now when off shift and it
    /// would fail before the next break, at the next break when it would fail
    /// before the one after — else, on shift, now when maintenance is quicker
    /// than a repair and it would fail before the next inspection.
    case oracle
    /// A trained network from a model file.
    case policy(PolicyBinding)

    /// The name shown in summaries.
    public var name: String {
        switch self {
        case .runToFailure: "run_to_failure"
        case .fixedInterval: "fixed_interval"
        case .healthBelow: "health_below"
        case .oracle: "oracle"
        case let .policy(p): p.name
        }
    }
}
