import Foundation
import TaktKernel
import Yams

/// A simulation optimization: decision variables over plant settings, linear
/// constraints on them, bounds on other figures, the figure to make best, and
/// the search's budget.
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
    /// Where the search starts, variable by variable: `start:`, else the plant's own value when it is one of the variable's, else the middle value.
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
    /// The currency the base plant prices its running in (nil: no `costs:`).
    public var currency: String? = nil

    /// Bounds on figures' means a point must keep (`constraints:` with `figure:`): the search prefers points whose
    /// means keep them, and the selection checks them first.
    public var requirements: [Requirement] { selection.requirements }

    /// One decision variable: the plant key path it sets and the values it may take, in order.
    public struct Variable: Sendable {
        /// The dotted key path, as a variant's `set:` writes it.
        public var keyPath: String
        /// The shortest tail of the key path that tells it from the other variables (`form.buffer`).
        public var label: String
        let values: Values
        /// Where the variable is written, for its overrides' errors.
        let file: String, line: Int, column: Int, origin: String

        /// The values: whole numbers from `low` by `step` (made when asked for: a range may be long), or a list as written.
        enum Values: Sendable {
            case range(low: Int, step: Int, count: Int)
            case list(texts: [String], numbers: [Double]?, overrides: [PlantOverride])
        }

        /// How many values it may take.
        public var count: Int {
            switch values {
            case let .range(_, _, count): count
            case let .list(texts, _, _): texts.count
            }
        }

        /// The value at `position` as text.
        public func text(at position: Int) -> String {
            switch values {
            case let .range(low, step, _): String(low + step * position)
            case let .list(texts, _, _): texts[position]
            }
        }

        /// The value at `position` as a number, when every value is one.
        public func number(at position: Int) -> Double? {
            switch values {
            case let .range(low, step, _): Double(low + step * position)
            case let .list(_, numbers, _): numbers?[position]
            }
        }

        /// Whether every value is a number (so constraints may add it up).
        public var isNumeric: Bool { number(at: 0) != nil }

        /// The whole numbers' range (`min`, `max`, `step`), when it is one.
        public var range: (min: Int, max: Int, step: Int)? {
            if case let .range(low, step, count) = values { return (low, low + step * (count - 1), step) }
            return nil
        }

        /// The position of the value written `text`, if it is one.
        public func position(of text: String) -> Int? {
            switch values {
            case let .range(low, step, count):
                guard let x = Int(text) ?? Double(text).flatMap({ $0 == $0.rounded() && abs($0) < 1e15 ? Int($0) : nil }),
                      (x - low) % step == 0, (0..<count).contains((x - low) / step) else { return nil }
                return (x - low) / step
            case let .list(texts, numbers, _):
                return texts.firstIndex(of: text) ?? Double(text).flatMap { x in numbers?.firstIndex(of: x) }
            }
        }

        func override(at position: Int) -> PlantOverride {
            switch values {
            case .range: PlantOverride(keyPath: keyPath, value: Node(text(at: position)), file: file, line: line, column: column, origin: origin)
            case let .list(_, _, overrides): overrides[position]
            }
        }
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
            terms.reduce(0) { $0 + $1.weight * variables[$1.variable].number(at: point[$1.variable])! }
        }
    }

    /// Whether every constraint holds at `point`.
    public func isFeasible(_ point: [Int]) -> Bool {
        constraints.allSatisfy { $0.holds($0.sum(at: point, of: variables)) }
    }

    /// The positions of variable `i` within `bounds` that keep every constraint, the other variables as at `point`, as
    /// ranges in order: one range for whole numbers (the constraints are linear in the position), single positions for a list.
    public func feasiblePositions(of i: Int, at point: [Int], within bounds: ClosedRange<Int>) -> [ClosedRange<Int>] {
        let constraining = constraints.filter { $0.terms.contains { $0.variable == i } }
        guard !constraining.isEmpty else { return [bounds] }
        var rests: [(constraint: Constraint, weight: Double, rest: Double)] = []
        for c in constraining {
            let weight = c.terms.first { $0.variable == i }!.weight
            rests.append((c, weight, c.terms.filter { $0.variable != i }.reduce(0) { $0 + $1.weight * variables[$1.variable].number(at: point[$1.variable])! }))
        }
        if let range = variables[i].range {
            // rest + weight × (min + step × p) within [atLeast, atMost]: an interval of p for each constraint.
            var low = Double(bounds.lowerBound), high = Double(bounds.upperBound)
            for (c, weight, rest) in rests where weight != 0 {
                let slope = weight * Double(range.step), base = rest + weight * Double(range.min)
                for (bound, isUpper) in [(c.atMost, true), (c.atLeast, false)] {
                    guard let bound else { continue }
                    let limit = (bound - base) / slope
                    // slope × p ≤ bound − base for an upper bound; the inequality turns with a negative slope.
                    if isUpper == (slope > 0) { high = min(high, (limit + 1e-9).rounded(.down)) } else { low = max(low, (limit - 1e-9).rounded(.up)) }
                }
            }
            return low <= high ? [Int(low)...Int(high)] : []
        }
        return bounds.filter { p in
            let value = variables[i].number(at: p)!
            return rests.allSatisfy { $0.constraint.holds($0.rest + $0.weight * value) }
        }.map { $0...$0 }
    }

    /// The constraints `point` breaks, as words.
    public func broken(at point: [Int]) -> [String] {
        constraints.filter { !$0.holds($0.sum(at: point, of: variables)) }.map(\.text)
    }

    /// The point as `label=value` pairs: `form.buffer=4 weld.buffer=7`.
    public func name(of point: [Int]) -> String {
        zip(variables, point).map { "\($0.label)=\($0.text(at: $1))" }.joined(separator: " ")
    }

    /// The point `name(of:)` named, or nil if `name` names none.
    public func point(named name: String) -> [Int]? {
        var rest = Substring(name)
        var point: [Int] = []
        for (k, v) in variables.enumerated() {
            guard rest.hasPrefix(v.label + "=") else { return nil }
            rest = rest.dropFirst(v.label.count + 1)
            let end = k + 1 < variables.count ? rest.range(of: " \(variables[k + 1].label)=")?.lowerBound : rest.endIndex
            guard let end, let p = v.position(of: String(rest[..<end])) else { return nil }
            point.append(p)
            rest = rest[end...].dropFirst(k + 1 < variables.count ? 1 : 0)
        }
        return rest.isEmpty ? point : nil
    }

    /// The plant at `point`: the base plant with the experiment's `set:` and the point's values.
    public func plant(at point: [Int]) throws(PlantFileErrors) -> PlantDescription {
        try maker.plant(overrides: zip(variables, point).map { $0.override(at: $1) })
    }

    /// The point's value of every variable, by key path (as text).
    public func values(at point: [Int]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: zip(variables, point).map { ($0.keyPath, $0.text(at: $1)) })
    }

    /// The overrides of `point` as `key.path = value` text.
    public func changes(at point: [Int]) -> [String] {
        zip(variables, point).map { "\($0.keyPath) = \($0.text(at: $1))" }
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
