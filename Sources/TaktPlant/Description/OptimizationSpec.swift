import Foundation
import TaktKernel
import Yams

/// A simulation optimization: decision variables over plant settings, linear
/// constraints on them, the figure to make best, and the search's budget.
///
/// A point of the search is one position per variable (0 ..< `count`); the
/// search moves over positions, so a variable's values are ordered as written
/// (`min`…`max` by `step`, or a `values:` list). `plant(at:)` makes the plant
/// of a point: the experiment's base plant with its `set:` and the point's
/// values applied, read as any variant is.
public struct OptimizationSpec: Sendable {
    /// The figure whose best value is sought (its direction says whether highest or lowest).
    public var figure: String
    public var variables: [Variable]
    public var constraints: [Constraint]
    /// Where the search starts: `start:`, else the plant's own values when every one is a variable's value, else each variable's middle value.
    public var start: [Int]
    /// Most replications the search may run (the selection after it not counted).
    public var budget: Int
    /// Replications a point gets each time the search samples it (n0).
    public var replications: Int
    /// Points sampled from the most promising area per iteration.
    public var samplesPerIteration: Int
    /// How many of the best points found go on to the selection of the best, on fresh random numbers.
    public var candidates: Int
    /// The selection of the best among them (its figure is `figure`).
    public var selection: ExperimentDescription.Selection
    let maker: CandidatePlants

    /// One decision variable: the plant key path it sets and the values it may take, in order.
    public struct Variable: Sendable {
        /// The dotted key path, as a variant's `set:` writes it.
        public var keyPath: String
        /// The shortest tail of the key path that tells it from the other variables (`form.buffer`).
        public var label: String
        /// Each position's value as text.
        public var texts: [String]
        /// Each position's value as a number, when every value is one (constraints need this).
        public var numbers: [Double]?
        /// Each position's override of the plant.
        let overrides: [PlantOverride]

        /// How many values it may take.
        public var count: Int { texts.count }

        func override(at position: Int) -> PlantOverride { overrides[position] }
    }

    /// A linear constraint on numeric variables: Σ weightᵢ × valueᵢ within bounds.
    public struct Constraint: Sendable {
        /// (variable index, weight) pairs.
        public var terms: [Term]
        public var atMost: Double?
        public var atLeast: Double?
        /// The constraint as words, for messages: `form.buffer + weld.buffer ≤ 24`.
        public var text: String

        public struct Term: Sendable {
            public var variable: Int
            public var weight: Double
        }

        /// Whether the constraint's bounds admit the constrained sum `value`.
        public func holds(_ value: Double) -> Bool {
            (atMost.map { value <= $0 + 1e-9 } ?? true) && (atLeast.map { value >= $0 - 1e-9 } ?? true)
        }

        /// The constrained sum at `point` of `variables`.
        public func sum(at point: [Int], of variables: [Variable]) -> Double {
            terms.reduce(0) { $0 + $1.weight * variables[$1.variable].numbers![point[$1.variable]] }
        }
    }

    /// Whether every constraint holds at `point`.
    public func isFeasible(_ point: [Int]) -> Bool {
        constraints.allSatisfy { $0.holds($0.sum(at: point, of: variables)) }
    }

    /// The constraints `point` breaks, as words.
    public func broken(at point: [Int]) -> [String] {
        constraints.filter { !$0.holds($0.sum(at: point, of: variables)) }.map(\.text)
    }

    /// The point as `label=value` pairs: `form.buffer=4 weld.buffer=7`.
    public func name(of point: [Int]) -> String {
        zip(variables, point).map { "\($0.label)=\($0.texts[$1])" }.joined(separator: " ")
    }

    /// The plant at `point`: the base plant with the experiment's `set:` and the point's values.
    public func plant(at point: [Int]) throws(PlantFileErrors) -> PlantDescription {
        try maker.plant(overrides: zip(variables, point).map { $0.override(at: $1) })
    }

    /// The overrides of `point` as `key.path = value` text.
    public func changes(at point: [Int]) -> [String] {
        zip(variables, point).map { "\($0.keyPath) = \($0.texts[$1])" }
    }
}

/// Makes the plants of an experiment's points: the base plant's text, read
/// once, with the experiment's common overrides and a point's own.
struct CandidatePlants: Sendable {
    let yaml: String
    let path: String
    let folder: URL
    let common: [PlantOverride]

    func plant(overrides: [PlantOverride]) throws(PlantFileErrors) -> PlantDescription {
        try PlantLoader.parse(yaml: yaml, file: path, directory: folder, overrides: common + overrides)
    }
}
