import TaktDigest
import Foundation
import TaktKernel
import TaktPolicy
import Yams

/// Reads experiment files: a base plant, variants given as overrides, a
/// parameter sweep, run settings and the figures to compare.
///
/// ```yaml
/// experiment: pick-policies
/// plant: ../xiaomi-ev.yaml                    # relative to this file
/// set: {deployments: [...]}                   # overrides every variant starts from
/// baseline: batch                             # default: the first variant
/// run: {duration: 30d, warmup: 1d, replications: 10, seed: 1}   # warmup: auto chooses it by MSER-5
/// precision: {figure: throughput_per_operating_hour, relative: 0.005, max_replications: 40}
/// # or, instead of precision: select the best (Kim–Nelson), telling apart differences of 0.5 jobs/h
/// select: {figure: throughput_per_operating_hour, indifference: 0.5, confidence: 0.95, first_stage: 10, max_replications: 1000}
/// figures: [throughput_per_operating_hour, lead_time_mean, changeovers]
/// variants:
///   - name: batch
///   - name: int8
///     set: {stations.paint-basecoat.pick: {policy: policies/pick-int8.json}}   # paths as if in the plant file
/// sweep: {stations.body-cell-01.buffer: [4, 8, 16]}   # every variant × every grid point
/// ```
public enum ExperimentLoader {
    /// What `loadPlantOrExperiment(path:)` found.
    public enum PlantOrExperiment: Sendable {
        case plant(PlantDescription)
        case experiment(ExperimentDescription)
    }

    static let keys = ["experiment", "description", "plant", "set", "baseline", "run", "precision", "select", "figures", "variants", "sweep", "optimize"]
    static let runKeys = ["duration", "warmup", "replications", "seed"]

    /// Whether a composed YAML document is an experiment, not a plant: it has a
    /// top-level `experiment` or `sweep` key, or `variants` without `stations`
    /// (a plant's `variants` are its product variants).
    static func isExperiment(_ root: Node) -> Bool {
        guard let map = root.mapping else { return false }
        let keys = Set(map.keys.compactMap(\.string))
        return keys.contains("experiment") || keys.contains("sweep") || keys.contains("optimize") || (keys.contains("variants") && !keys.contains("stations"))
    }

    /// Loads the file at `path`, a plant or an experiment (`isExperiment`), reading it once: a pipe serves as well as a file.
    /// `overrides` (a command line's `--set`) change the plant, or every variant's plant after the experiment's own.
    public static func loadPlantOrExperiment(path: String, overrides: [PlantOverride] = []) throws(PlantFileErrors) -> PlantOrExperiment {
        let text = try PlantLoader.readText(path, kind: "plant")
        let root = try PlantLoader.compose(text, file: path, kind: "plant")
        if isExperiment(root) { return .experiment(try experiment(root, text: text, file: path, overrides: overrides)) }
        return .plant(try PlantLoader.parse(yaml: text, composed: root, file: path,
                                            directory: URL(fileURLWithPath: path).deletingLastPathComponent(), overrides: overrides))
    }

    /// Loads the experiment file at `path` and every variant's plant.
    public static func load(path: String) throws(PlantFileErrors) -> ExperimentDescription {
        try parse(yaml: PlantLoader.readText(path, kind: "experiment"), file: path)
    }

    /// Parses experiment YAML as if read from `file` (its plant path is relative to `file`'s folder) and loads every variant's plant.
    public static func parse(yaml text: String, file: String) throws(PlantFileErrors) -> ExperimentDescription {
        try experiment(PlantLoader.compose(text, file: file, kind: "experiment"), text: text, file: file)
    }

    /// The experiment of `text`, whose document `root` is already composed, read from `file`.
    private static func experiment(_ root: Node, text: String, file: String, overrides extra: [PlantOverride] = []) throws(PlantFileErrors)
        -> ExperimentDescription {
        let doc = YAMLValue(node: root, path: "", file: file)
        do {
            return try read(doc, text: text, file: file, extra: extra)
        } catch let error as PlantFileErrors {
            throw error
        } catch let error as PlantFileError {
            throw PlantFileErrors([error])
        } catch {
            throw PlantFileErrors([PlantFileError(file: file, line: 0, column: 0, keyPath: "", message: "\(error)")])
        }
    }

    private static func read(_ doc: YAMLValue, text: String, file: String, extra: [PlantOverride]) throws -> ExperimentDescription {
        let top = try doc.mapping(allowed: keys)
        let name = try top["experiment"]?.string() ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let plantValue = try top.required("plant", hint: "the base plant file, relative to this file")
        let plantText = try plantValue.string()
        let plantPath = plantText.hasPrefix("/") ? plantText : joined(file, plantText)
        guard FileManager.default.fileExists(atPath: plantPath) else { throw plantValue.error("no plant file at \(plantPath)") }
        // Read once: every variant is this text with its overrides, even if the file changes meanwhile.
        let plantYAML = try PlantLoader.readText(plantPath, kind: "plant")
        let plantFolder = URL(fileURLWithPath: plantPath).deletingLastPathComponent()
        let base = try PlantLoader.parse(yaml: plantYAML, file: plantPath, directory: plantFolder)

        // Overrides common to all variants, listed variants (or one unnamed base), then the sweep's grid over each.
        let common = try overrides(top["set"], file: file)
        var listed: [(name: String, overrides: [PlantOverride], at: YAMLValue?)] = []
        if let list = top["variants"] {
            for item in try list.sequence() {
                let map = try item.mapping(allowed: ["name", "set", "description"])
                let nameValue = try map.required("name")
                let variant = try nameValue.string()
                guard !listed.contains(where: { $0.name == variant }) else { throw nameValue.error("variant name '\(variant)' is used twice") }
                listed.append((variant, try overrides(map["set"], file: file), item))
            }
            guard !listed.isEmpty else { throw list.error("needs at least one variant") }
        }
        var grid: [[(label: String, override: PlantOverride)]] = [[]]
        if let sweep = top["sweep"] {
            let entries = try sweep.mapping().entries
            for entry in entries {
                let keyValue = YAMLValue(node: entry.value, path: sweep.path.isEmpty ? entry.key : "\(sweep.path).\(entry.key)", file: file)
                let values = try keyValue.sequence()
                guard !values.isEmpty else { throw keyValue.error("give the values to sweep over as a non-empty list") }
                // Named by the shortest tail of the key path that tells it from the others, its values on one line.
                let short = shortestLabel(entry.key, among: entries.map(\.key))
                grid = grid.flatMap { point in
                    values.map { v in
                        point + [("\(short)=\(compactText(v.node))",
                                  PlantOverride(keyPath: entry.key, value: v.node, file: file, line: v.node.mark?.line ?? 0,
                                                column: v.node.mark?.column ?? 0, origin: v.path))]
                    }
                }
            }
            guard grid.count <= 10_000 else { throw sweep.error("the sweep has \(grid.count) grid points; at most 10000") }
        }
        var optimization: OptimizationSpec?
        if let o = top["optimize"] {
            for key in ["variants", "sweep", "select", "precision", "baseline"] where top[key] != nil {
                throw top[key]!.error("'\(key)' cannot be combined with optimize: the search chooses the variants, and its select: the best of them")
            }
            var root = try PlantLoader.compose(plantYAML, file: plantPath, kind: "plant")
            for override in common + extra { root = try override.apply(to: root).0 }
            let spec = try Self.optimization(o, maker: CandidatePlants(yaml: plantYAML, path: plantPath, folder: plantFolder, common: common + extra),
                                        root: root, figures: try top["figures"].map { try figureList($0) } ?? ExperimentDescription.defaultFigures)
            listed = [("start", zip(spec.variables, spec.start).map { $0.override(at: $1) }, nil)]
            optimization = spec
        }
        if listed.isEmpty {
            guard top["sweep"] != nil else { throw doc.error("missing 'variants' (a list of named variants) or 'sweep' (a parameter grid)") }
            listed = [("", [], nil)]
        }
        var variants: [ExperimentDescription.Variant] = []
        var names: [String] = []
        var errors: [PlantFileError] = []
        for v in listed {
            for point in grid {
                let label = point.map(\.label).joined(separator: ", ")
                let variantName = v.name.isEmpty ? label : label.isEmpty ? v.name : "\(v.name) · \(label)"
                names.append(variantName)
                let own = v.overrides + point.map(\.override)
                do {
                    let plant = try PlantLoader.parse(yaml: plantYAML, file: plantPath, directory: plantFolder, overrides: common + own + extra)
                    variants.append(.init(name: variantName, plant: plant, changes: own.map { "\($0.keyPath) = \($0.shown)" }))
                } catch {
                    errors += error.errors.filter { e in !errors.contains(e) }
                }
            }
        }
        // The experiment's own keys are checked beside the variants' plants: one pass reports every problem.
        func collect<T>(_ fallback: T, _ read: () throws(PlantFileError) -> T) -> T {
            do { return try read() } catch { errors.append(error); return fallback }
        }
        let baselineValue = top["baseline"]
        let baseline = collect(names[0]) { () throws(PlantFileError) -> String in
            let baseline = try baselineValue?.string() ?? names[0]
            if let baselineValue, !names.contains(baseline) {
                throw baselineValue.error("no variant is named '\(baseline)'\(Suggestion.hint(for: baseline, in: names))")
            }
            return baseline
        }
        var settings = base.run
        var automatic = false
        if let run = top["run"] {
            (settings, automatic) = collect((settings, automatic)) { () throws(PlantFileError) -> (RunSettings, Bool) in
                var settings = settings, automatic = false
                let map = try run.mapping(allowed: runKeys)
                if let v = map["duration"] {
                    let s = try v.duration()
                    guard s > 0 else { throw v.error("duration must be greater than 0") }
                    settings.duration = Ticks.from(seconds: s)
                }
                if let v = map["warmup"] {
                    if v.node.string == "auto" {
                        automatic = true
                        settings.warmup = 0
                    } else {
                        settings.warmup = Ticks.from(seconds: try v.duration())
                    }
                }
                if let v = map["replications"] {
                    settings.replications = try v.int(in: 2...100_000, hint: "a comparison's intervals come from paired replications; "
                        + "for one long run of a plant, `takt run PLANT --replications 1` gives batch-means intervals")
                }
                if let v = map["seed"] { settings.seed = UInt64(try v.int(in: 0...Int.max)) }
                if settings.warmup >= settings.duration { throw run.error("warmup must be shorter than duration") }
                return (settings, automatic)
            }
        }
        var figures = collect(ExperimentDescription.defaultFigures) { () throws(PlantFileError) -> [String] in
            try top["figures"].map { v throws(PlantFileError) in try figureList(v) } ?? ExperimentDescription.defaultFigures
        }
        guard errors.isEmpty else { throw PlantFileErrors(errors) }
        // The first figure ranks the variants: one a variant's plant does not report could rank nothing.
        if let list = top["figures"], let first = figures.first, let v = variants.first(where: { !ResultFigure.named(first)!.isReported(by: $0.plant) }) {
            throw ((try? list.sequence().first) ?? list).error("variant '\(v.name)' does not report '\(first)', the first figure, by which the variants are ranked "
                + "(`takt outputs` says when each figure is reported); put a figure every variant reports first")
        }
        var precision: ExperimentDescription.Precision?
        if let p = top["precision"] {
            let map = try p.mapping(allowed: ["figure", "relative", "max_replications"])
            let figureValue = map["figure"]
            let figure = try figureValue?.choice(ResultFigure.all.map(\.name)) ?? figures[0]
            // The precision figure is measured whether or not `figures:` lists it; every variant must report it.
            if let v = variants.first(where: { !ResultFigure.named(figure)!.isReported(by: $0.plant) }) {
                throw (figureValue ?? p).error("variant '\(v.name)' does not report '\(figure)' (`takt outputs` says when each figure is reported)")
            }
            if !figures.contains(figure) { figures.append(figure) }
            let relativeValue = try map.required("relative", hint: "largest 95% half-width ÷ mean, e.g. 0.01")
            let relative = try relativeValue.double()
            guard relative > 0, relative < 1 else { throw relativeValue.error("must be between 0 and 1, got \(relative)") }
            let most = try map["max_replications"]?.int(in: 2...100_000) ?? 100
            precision = .init(figure: figure, relative: relative, maxReplications: most)
            settings.replications = min(settings.replications, most)
        }
        var selection: ExperimentDescription.Selection?
        if let p = top["select"] {
            let chosen = try Self.selection(p, figures: figures, precision: precision, variants: variants.count,
                                            currency: variants.first?.plant.costs?.currency)
            // A figure some variant's plant does not report could never be compared: said now, not after the first stage.
            let map = try p.mapping()
            for (name, place) in [(chosen.figure, map["figure"])] + chosen.requirements.map({ ($0.figure, map["constraints"]) }) {
                if let v = variants.first(where: { !ResultFigure.named(name)!.isReported(by: $0.plant) }) {
                    throw (place ?? p).error("variant '\(v.name)' does not report '\(name)' (`takt outputs` says when each figure is reported)")
                }
            }
            selection = chosen
            settings.replications = chosen.firstStage
        }
        if settings.replications < 2 {
            settings.replications = 2  // a paired interval needs two replications
        }
        var hash = SHA256()
        hash.update(data: PlantLoader.contentBytes(doc.node, text: text))
        for v in variants { hash.update(data: Data(v.plant.contentHash.utf8)) }
        let digest = hash.finalize().hex
        var experiment = ExperimentDescription(name: name, file: file, contentHash: digest, baseline: baseline, variants: variants,
                                               settings: settings, precision: precision, figures: figures)
        experiment.automaticWarmup = automatic
        experiment.selection = selection
        experiment.optimization = optimization
        return experiment
    }

    /// The `figures:` list: known figure names, each once.
    private static func figureList(_ list: YAMLValue) throws(PlantFileError) -> [String] {
        var figures: [String] = []
        for item in try list.sequence() {
            let figure = try item.choice(ResultFigure.all.map(\.name))
            guard !figures.contains(figure) else { throw item.error("'\(figure)' is listed twice") }
            figures.append(figure)
        }
        guard !figures.isEmpty else { throw list.error("name at least one figure") }
        return figures
    }

    /// The `select:` mapping: figure, indifference (required), confidence, first_stage, max_replications, constraints (on other figures).
    static func selection(_ value: YAMLValue, figures: [String], precision: ExperimentDescription.Precision?,
                          variants: Int, currency: String?) throws(PlantFileError) -> ExperimentDescription.Selection {
        guard precision == nil else { throw value.error("select and precision cannot be combined: selecting the best adds replications itself") }
        guard variants >= 2 else { throw value.error("selecting the best needs at least two variants, the experiment has \(variants)") }
        let map = try value.mapping(allowed: ["figure", "indifference", "confidence", "first_stage", "max_replications", "constraints"])
        let figure = try map["figure"]?.choice(ResultFigure.all.map(\.name)) ?? figures[0]
        let deltaValue = try map.required("indifference", hint: "the smallest difference worth telling apart, in the figure's unit, e.g. 0.5")
        // A figure in seconds takes a duration too (`1min`), as its constraints do.
        let delta = try Self.quantity(deltaValue, unit: ResultFigure.named(figure)?.unit ?? "")
        guard delta > 0, delta.isFinite else { throw deltaValue.error("must be a positive number, got \(delta)") }
        var confidence = 0.95
        if let c = map["confidence"] {
            confidence = try c.double()
            guard confidence >= 0.5, confidence < 1 else { throw c.error("must be at least 0.5 and below 1, got \(confidence)") }
        }
        let firstStage = try map["first_stage"]?.int(in: 5...10_000) ?? 10
        let most = try map["max_replications"]?.int(in: (firstStage + 1)...100_000) ?? max(1000, firstStage + 1)
        var requirements: [Requirement] = []
        if let list = map["constraints"] {
            for item in try list.sequence() { requirements += try Self.requirements(item, currency: currency) }
        }
        return .init(figure: figure, indifference: delta, confidence: confidence, firstStage: firstStage, maxReplications: most,
                     requirements: requirements)
    }

    /// `relative` (a path relative to `file`'s directory), with `.` and `..` resolved where the path allows.
    static func joined(_ file: String, _ relative: String) -> String {
        var parts: [String] = file.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        for part in relative.split(separator: "/").map(String.init) {
            switch part {
            case ".": continue
            case "..": if let last = parts.last, !last.isEmpty, last != ".." { parts.removeLast() } else { parts.append("..") }
            default: parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// Reads a variant's `set: {key.path: value, ...}`.
    private static func overrides(_ value: YAMLValue?, file: String) throws -> [PlantOverride] {
        guard let value else { return [] }
        return try value.mapping().entries.map { entry in
            let path = value.path.isEmpty ? entry.key : "\(value.path).\(entry.key)"
            return PlantOverride(keyPath: entry.key, value: entry.value, file: file, line: entry.keyNode.mark?.line ?? 0,
                                 column: entry.keyNode.mark?.column ?? 0, origin: path)
        }
    }
}
