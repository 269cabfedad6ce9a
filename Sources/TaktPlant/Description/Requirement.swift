import Foundation

/// A bound a variant's figure must keep for the variant to be chosen: a
/// stochastic constraint on the figure's mean (lead time at most 2 h,
/// throughput at least 47.4 jobs/h), judged from replications.
///
/// A mean can only be estimated, so the judgement has a tolerance ε in the
/// figure's unit: a variant whose mean keeps the bound by at least ε must be
/// found feasible, one that breaks it by at least ε infeasible, each with the
/// stated confidence; a mean within ε of the bound may be found either way.
public struct Requirement: Sendable, Equatable {
    /// Which side of the bound the mean must stay on.
    public enum Side: String, Sendable {
        case atMost = "at_most"
        case atLeast = "at_least"
    }

    /// The figure, by name.
    public var figure: String
    public var side: Side
    /// The bound, in the figure's unit.
    public var bound: Double
    /// ε: how near the bound a mean may be and still be judged either way.
    public var tolerance: Double
    /// The figure's unit (money in the plant's currency).
    public var unit: String
    /// The requirement as words, with the figure's unit: `lead_time_mean ≤ 7200 s`.
    public var text: String { "\(figure) \(side == .atMost ? "≤" : "≥") \(String(format: "%g", bound)) \(unit)" }

    public init(figure: String, side: Side, bound: Double, tolerance: Double, unit: String) {
        self.figure = figure
        self.side = side
        self.bound = bound
        self.tolerance = tolerance
        self.unit = unit
    }

    /// How far `value` lies beyond the bound (negative: inside it, by that much).
    public func excess(_ value: Double) -> Double { side == .atMost ? value - bound : bound - value }

    /// Whether a mean of `value` keeps the bound.
    public func isKept(by value: Double) -> Bool { excess(value) <= 0 }
}

extension [Requirement] {
    /// `means[j]`, the mean of requirement j's figure, by figure name (the first where two bound one figure).
    public func byFigure(_ means: [Double]) -> [String: Double] {
        Dictionary(zip(map(\.figure), means)) { first, _ in first }
    }
}

/// A requirement as JSON: `{"figure": "lead_time_mean", "at_most": 3900, "tolerance": 60}`.
extension Requirement: Encodable {
    private enum Key: String, CodingKey { case figure, at_most, at_least, tolerance }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(figure, forKey: .figure)
        try c.encode(bound, forKey: side == .atMost ? .at_most : .at_least)
        try c.encode(tolerance, forKey: .tolerance)
    }
}
