import Foundation
import Yams

/// Reads an experiment's `optimize:` block.
///
/// ```yaml
/// optimize:
///   figure: throughput_per_operating_hour      # default: the experiment's first figure
///   variables:
///     stations.form.buffer: {min: 1, max: 12}   # whole numbers; step: 2 skips
///     fleets.amr.vehicles: {values: [2, 3, 4]}  # or any values, in the order the search walks them
///   constraints:
///     - {sum: [stations.form.buffer, stations.weld.buffer], at_most: 20}
///     - {sum: {stations.form.buffer: 1200, fleets.amr.vehicles: 45000}, at_most: 150000}   # weights: costs
///     - {figure: lead_time_mean, at_most: 2h, tolerance: 5min}   # on a figure's mean: judged from replications
///   start: {stations.form.buffer: 6}            # default: the plant's own values
///   budget: 300                                 # replications the search may run
///   replications: 5                             # per sampled point and iteration
///   samples: 4                                  # points sampled per iteration
///   candidates: 5                               # best points passed to the selection
///   select: {indifference: 0.2, confidence: 0.95, first_stage: 10}
/// ```
extension ExperimentLoader {
    static let optimizeKeys = ["figure", "variables", "constraints", "start", "budget", "replications", "samples", "candidates", "select"]

    /// The `optimize:` block `value` over the plant `maker` makes; `root` is the base plant's document with the common overrides applied.
    static func optimization(_ value: YAMLValue, maker: CandidatePlants, root: Node, figures: [String]) throws -> OptimizationSpec {
        let map = try value.mapping(allowed: optimizeKeys)
        let figure = try map["figure"]?.choice(ResultFigure.all.map(\.name)) ?? figures[0]
        let variablesValue = try map.required("variables", hint: "the plant settings to search over, e.g. stations.form.buffer: {min: 1, max: 12}")
        var variables: [OptimizationSpec.Variable] = []
        var places: [YAMLValue] = []
        for entry in try variablesValue.mapping().entries {
            let v = YAMLValue(node: entry.value, path: "\(variablesValue.path).\(entry.key)", file: value.file)
            guard !variables.contains(where: { $0.keyPath == entry.key }) else { throw v.error("'\(entry.key)' is listed twice") }
            // A key path the plant does not have is the variable's mistake, said here (not where a constraint names the right one).
            _ = try PlantOverride(keyPath: entry.key, value: Node("0"), file: value.file, line: entry.keyNode.mark?.line ?? 0,
                                  column: entry.keyNode.mark?.column ?? 0, origin: v.path).apply(to: root)
            variables.append(try variable(entry.key, v, keyNode: entry.keyNode))
            places.append(v)
        }
        guard !variables.isEmpty else { throw variablesValue.error("name at least one variable") }
        guard variables.count <= 50 else { throw variablesValue.error("at most 50 variables, got \(variables.count)") }
        for i in variables.indices {
            variables[i].label = shortestLabel(variables[i].keyPath, among: variables.map(\.keyPath))
        }
        var constraints: [OptimizationSpec.Constraint] = []
        var requirements: [Requirement] = []
        let currency = PlantOverride.value(at: "costs.currency", in: root)?.string
        if let list = map["constraints"] {
            for item in try list.sequence() {
                if (try? item.mapping())?.has("figure") == true {
                    requirements += try Self.requirements(item, currency: currency)
                } else {
                    constraints.append(try constraint(item, variables: variables))
                }
            }
        }

        // The start: as written, else the plant's own value, else the middle value, variable by variable.
        var start = variables.map { v in
            PlantOverride.value(at: v.keyPath, in: root).flatMap { v.position(of: compactText($0)) } ?? (v.count - 1) / 2
        }
        let startValue = map["start"]
        if let startValue {
            for entry in try startValue.mapping().entries {
                let at = YAMLValue(node: entry.value, path: "\(startValue.path).\(entry.key)", file: value.file)
                guard let i = variables.firstIndex(where: { $0.keyPath == entry.key }) else {
                    throw at.error("'\(entry.key)' is not a variable\(Suggestion.hint(for: entry.key, in: variables.map(\.keyPath)))")
                }
                let text = compactText(at.node)
                guard let p = variables[i].position(of: text) else {
                    throw at.error("\(text) is not one of the variable's values (\(summary(variables[i])))")
                }
                start[i] = p
            }
        }
        let replications = try map["replications"]?.int(in: 2...1000) ?? 5
        let samples = try map["samples"]?.int(in: 1...100) ?? 4
        let budget = try map["budget"]?.int(in: (2 * replications)...1_000_000) ?? max(300, 2 * replications)
        let candidates = try map["candidates"]?.int(in: 2...50) ?? 5
        let selectValue = try map.required("select", hint: "the selection of the best among the best points found, e.g. {indifference: 0.5}")
        var selection = try Self.selection(selectValue, figures: [figure], precision: nil, variants: candidates, currency: currency)
        if selection.figure != figure { throw selectValue.error("the selection uses optimize's figure '\(figure)'; remove its figure: or make it the same") }
        if let c = try selectValue.mapping()["constraints"] {
            throw c.error("write constraints on figures in optimize's constraints:, where the search keeps them too")
        }
        selection.requirements = requirements
        var spec = OptimizationSpec(figure: figure, variables: variables, constraints: constraints, start: start, budget: budget,
                                    replications: replications, samplesPerIteration: samples, candidates: candidates, selection: selection, maker: maker)
        let broken = spec.broken(at: start)
        guard broken.isEmpty else {
            throw (startValue ?? value).error("the start point (\(spec.name(of: start))) breaks \(broken.joined(separator: "; ")); "
                                              + "give a start: that keeps every constraint")
        }

        // The start, then every variable's first and last value with the others at the start, read as plants:
        // a bad key path or value is found now, once.
        let startPlant = try spec.plant(at: start)
        spec.currency = startPlant.costs?.currency
        if !ResultFigure.named(figure)!.isReported(by: startPlant) {
            throw (map["figure"] ?? value).error("the plant does not report '\(figure)' (`takt outputs` says when each figure is reported)")
        }
        if let r = requirements.first(where: { !ResultFigure.named($0.figure)!.isReported(by: startPlant) }) {
            throw (map["constraints"] ?? value).error("the plant does not report '\(r.figure)' (`takt outputs` says when each figure is reported)")
        }
        var errors: [PlantFileError] = []
        for (i, v) in variables.enumerated() {
            for p in Set([0, v.count - 1]).subtracting([start[i]]).sorted() {
                var point = start
                point[i] = p
                do {
                    _ = try spec.plant(at: point)
                } catch {
                    errors += error.errors.map { e in
                        var e = e
                        e.message += " (with \(v.keyPath) = \(v.text(at: p)), the optimization's variable at \(places[i].path))"
                        return e
                    }
                }
            }
        }
        guard errors.isEmpty else { throw PlantFileErrors(errors) }
        return spec
    }

    /// One variable: `{min, max, step}` (whole numbers) or `{values: [...]}`.
    private static func variable(_ keyPath: String, _ v: YAMLValue, keyNode: Node) throws -> OptimizationSpec.Variable {
        let map = try v.mapping(allowed: ["min", "max", "step", "values"])
        let values: OptimizationSpec.Variable.Values
        if let list = map["values"] {
            for key in ["min", "max", "step"] where map.has(key) { throw map[key]!.error("give either values: or min:/max:/step:, not both") }
            var texts: [String] = [], numbers: [Double]? = [], overrides: [PlantOverride] = []
            for item in try list.sequence() {
                let text = compactText(item.node)
                guard !texts.contains(text) else { throw item.error("\(text) is listed twice") }
                texts.append(text)
                overrides.append(PlantOverride(keyPath: keyPath, value: item.node, file: v.file, line: keyNode.mark?.line ?? 0,
                                               column: keyNode.mark?.column ?? 0, origin: v.path))
                if let x = item.node.string.flatMap({ Double($0) }), x.isFinite { numbers?.append(x) } else { numbers = nil }
            }
            guard texts.count >= 2 else { throw list.error("give at least two values to choose from") }
            values = .list(texts: texts, numbers: numbers, overrides: overrides)
        } else {
            let lowValue = try map.required("min", hint: "the smallest whole number, or give values: [...]")
            let low = try lowValue.int(in: -1_000_000_000...1_000_000_000)
            let highValue = try map.required("max", hint: "the largest whole number")
            let high = try highValue.int(in: -1_000_000_000...1_000_000_000)
            let step = try map["step"]?.int(in: 1...1_000_000_000) ?? 1
            guard high > low else { throw highValue.error("max must be greater than min (\(low)), got \(high)") }
            // A million positions at most: the search's distances stay far from overflowing a 64-bit integer.
            guard (high - low) / step < 1_000_000 else {
                throw v.error("at most 1000000 values per variable, got \((high - low) / step + 1) (give a larger step:)")
            }
            values = .range(low: low, step: step, count: (high - low) / step + 1)
        }
        return .init(keyPath: keyPath, label: keyPath, values: values, file: v.file, line: keyNode.mark?.line ?? 0,
                     column: keyNode.mark?.column ?? 0, origin: v.path)
    }

    /// One constraint: `{sum: [paths] | {path: weight}, at_most: x, at_least: y}`.
    private static func constraint(_ item: YAMLValue, variables: [OptimizationSpec.Variable]) throws -> OptimizationSpec.Constraint {
        let map = try item.mapping(allowed: ["sum", "at_most", "at_least"])
        let sumValue = try map.required("sum", hint: "the variables added up: a list of key paths, or key path: weight")
        var named: [(YAMLValue, String, Double)] = []
        if sumValue.isSequence {
            for v in try sumValue.sequence() { named.append((v, try v.string(), 1)) }
        } else {
            for entry in try sumValue.mapping().entries {
                let v = YAMLValue(node: entry.value, path: "\(sumValue.path).\(entry.key)", file: item.file)
                named.append((v, entry.key, try v.double()))
            }
        }
        guard !named.isEmpty else { throw sumValue.error("name at least one variable") }
        var terms: [OptimizationSpec.Constraint.Term] = []
        for (at, path, weight) in named {
            guard let i = variables.firstIndex(where: { $0.keyPath == path }) else {
                throw at.error("'\(path)' is not a variable\(Suggestion.hint(for: path, in: variables.map(\.keyPath)))")
            }
            guard variables[i].isNumeric else { throw at.error("'\(path)' has values that are not numbers; a constraint adds numbers") }
            guard !terms.contains(where: { $0.variable == i }) else { throw at.error("'\(path)' is named twice") }
            terms.append(.init(variable: i, weight: weight))
        }
        let atMost = try map["at_most"]?.double(), atLeast = try map["at_least"]?.double()
        guard atMost != nil || atLeast != nil else { throw item.error("give at_most:, at_least: or both") }
        if let atMost, let atLeast, atLeast > atMost { throw item.error("at_least (\(atLeast)) is greater than at_most (\(atMost))") }
        let sum = terms.map { t in
            let label = variables[t.variable].keyPath
            return t.weight == 1 ? label : "\(String(format: "%g", t.weight))×\(label)"
        }.joined(separator: " + ")
        let bounds = [atLeast.map { "≥ \(String(format: "%g", $0))" }, atMost.map { "≤ \(String(format: "%g", $0))" }].compactMap { $0 }
        return .init(terms: terms, atMost: atMost, atLeast: atLeast, text: "\(sum) \(bounds.joined(separator: " and "))")
    }

    /// The shortest dotted tail of `keyPath` that no other of `paths` ends with.
    static func shortestLabel(_ keyPath: String, among paths: [String]) -> String {
        let keys = keyPath.split(separator: ".")
        for n in keys.indices {
            let tail = keys.suffix(n + 1).joined(separator: ".")
            if !paths.contains(where: { $0 != keyPath && ($0 == tail || $0.hasSuffix("." + tail)) }) { return tail }
        }
        return keyPath
    }

    /// A value as one line of YAML: scalars as written, mappings and lists in flow style (`{dist: exponential, mean: 60min}`).
    static func compactText(_ node: Node) -> String {
        switch node {
        case let .scalar(s): s.string
        case let .mapping(map): "{" + map.map { "\(compactText($0.key)): \(compactText($0.value))" }.joined(separator: ", ") + "}"
        case let .sequence(seq): "[" + seq.map(compactText).joined(separator: ", ") + "]"
        case .alias: "*alias"
        }
    }

    private static func summary(_ v: OptimizationSpec.Variable) -> String {
        v.count <= 6 ? (0..<v.count).map(v.text(at:)).joined(separator: ", ") : "\(v.text(at: 0)), \(v.text(at: 1)), … \(v.text(at: v.count - 1))"
    }
}
