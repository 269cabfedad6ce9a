/// When the CI gate calls a change of a figure a regression: how far it may
/// move (a relative tolerance, per figure if need be) and at which confidence
/// a difference counts as real.
public struct RegressionRule: Sendable, Equatable {
    /// Relative change a figure may make in either direction, e.g. 0.02 for ±2%.
    public var tolerance: Double
    /// Tolerances of single figures, by figure name; they replace `tolerance`.
    public var tolerances: [String: Double]
    /// Confidence that no figure's difference is called significant by chance
    /// (family-wise, Bonferroni over the figures checked).
    public var confidence: Double

    /// The tolerance the CI gate uses unless told otherwise: ±2%.
    public static let defaultTolerance = 0.02

    /// Creates a rule.
    public init(tolerance: Double = RegressionRule.defaultTolerance, tolerances: [String: Double] = [:], confidence: Double = 0.95) {
        self.tolerance = tolerance
        self.tolerances = tolerances
        self.confidence = confidence
    }

    /// The tolerance of the figure named `figure`.
    public func tolerance(for figure: String) -> Double {
        tolerances[figure] ?? tolerance
    }
}
