import Foundation
import TaktKernel
import TaktPolicy
import Yams

/// Reads a plant file (YAML) into a validated `PlantDescription`.
///
/// Validation is strict and complete before any run starts: unknown keys are
/// rejected with a suggestion, every number is range-checked, every name must
/// resolve, every station must be reachable from a source and must reach a
/// sink. All problems found are reported together, each located by
/// file:line:column and key path.
public enum PlantLoader {
    /// Top-level keys of a plant file.
    static let topKeys = ["plant", "description", "source", "takt", "run", "calendar", "deployments", "variants", "colours", "fleets", "workers", "costs", "sources", "stations", "sinks"]
    static let runKeys = ["duration", "warmup", "replications", "seed", "audit_rate", "source"]
    static let sourceKeys = ["name", "interarrival", "takt", "unlimited", "first_arrival", "when_full", "order_bank", "release_rule", "order_list", "next", "source",
                             "description"]
    static let stationKeys = ["name", "servers", "process", "buffer", "pick", "failures", "robots", "next", "route", "weights", "transfer",
                              "changeover", "assembly", "quality", "shop", "power", "kits", "workers", "calendar", "carriers", "conveyor", "source", "description"]
    static let carrierKeys = ["count", "unload", "return", "source"]
    static let conveyorKeys = ["length", "speed", "pitch", "accumulating", "source"]
    static let assemblyKeys = ["parts", "part_buffer", "source"]
    // `by`, not `on`: YAML 1.1 tools read a bare `on` as true.
    static let changeoverKeys = ["by", "time", "matrix", "source"]
    static let qualityKeys = ["defect_rate", "rework", "rework_rule", "source"]
    static let robotKeys = ["count", "names", "failures", "on_failure", "power", "maintenance", "source"]
    static let powerKeys = ["working", "idle", "blocked", "failed", "off_shift", "source"]
    static let failureKeys = ["ttf", "ttr", "mttf", "mttr", "basis", "repair", "source"]
    static let sinkKeys = ["name", "source", "description"]

    /// Largest plant or experiment file read (16 MiB; the largest shipped plant is a few KB).
    public static let maxFileBytes = 16 << 20

    /// Default run settings when the file and the command line give none.
    public static let defaultRun = RunSettings(duration: 30 * 86_400 * Ticks.perSecond, warmup: 86_400 * Ticks.perSecond, replications: 1, seed: 1)

    /// Loads and validates the plant file at `path`.
    public static func load(path: String) throws(PlantFileErrors) -> PlantDescription {
        try load(path: path, overrides: [])
    }

    /// Loads the plant file at `path` with `overrides` applied (an experiment's variant).
    public static func load(path: String, overrides: [PlantOverride]) throws(PlantFileErrors) -> PlantDescription {
        try parse(yaml: readText(path, kind: "plant"), file: path, directory: URL(fileURLWithPath: path).deletingLastPathComponent(),
                  overrides: overrides)
    }

    /// The text of the `kind` file at `path`, read once (a pipe as well as a
    /// file), at most `maxFileBytes` of UTF-8.
    static func readText(_ path: String, kind: String) throws(PlantFileErrors) -> String {
        let data: Data
        do {
            data = try BoundedFile.read(path, limit: maxFileBytes)
        } catch {
            throw PlantFileErrors([PlantFileError(file: path, line: 0, column: 0, keyPath: "", message: "cannot read the \(kind) file: \(error.reason)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PlantFileErrors([PlantFileError(file: path, line: 0, column: 0, keyPath: "", message: "the \(kind) file is not valid UTF-8 text")])
        }
        return text
    }

    /// Parses and validates plant YAML; `directory` resolves relative CSV and
    /// model paths. `overrides` change the document first; an error inside an
    /// overriding value is reported where the override is written.
    public static func parse(yaml text: String, file: String, directory: URL, overrides: [PlantOverride] = []) throws(PlantFileErrors) -> PlantDescription {
        try parse(yaml: text, composed: compose(text, file: file, kind: "plant"), file: file, directory: directory, overrides: overrides)
    }

    /// `parse(yaml:file:directory:overrides:)` of `text`, whose document `root` is already composed.
    static func parse(yaml text: String, composed root: Node, file: String, directory: URL,
                      overrides: [PlantOverride] = []) throws(PlantFileErrors) -> PlantDescription {
        var reader = Reader(file: file, directory: directory)
        reader.hashInput.append(contentBytes(root, text: text))
        var replaced: [(path: String, by: PlantOverride)] = []
        var document = root
        for change in overrides {
            do {
                let (changed, path) = try change.apply(to: document)
                document = changed
                replaced.append((path, change))
                reader.hashInput.append(Data("\n\(change.keyPath)=\((try? Yams.serialize(node: change.value)) ?? "")".utf8))
            } catch {
                throw PlantFileErrors([error])
            }
        }
        guard let plant = reader.readPlant(YAMLValue(node: document, path: "", file: file)), reader.errors.isEmpty else {
            throw PlantFileErrors(reader.errors.map { error in
                // The value came from the experiment file: say so, at its key path there.
                guard let (path, change) = replaced.last(where: { error.keyPath == $0.path || error.keyPath.hasPrefix($0.path + ".")
                    || error.keyPath.hasPrefix($0.path + "[") }) else { return error }
                // A key the override added has no place of its own: the override's.
                let placed = error.line > 0
                return PlantFileError(file: change.file, line: placed ? error.line : change.line, column: placed ? error.column : change.column,
                                      keyPath: change.origin + error.keyPath.dropFirst(path.count), message: error.message)
            })
        }
        return plant
    }

    /// What a file's content hash is taken over: its parsed document, written
    /// out again, so comments, blank lines and indentation do not change it
    /// (an edited comment leaves a store's runs resumable); `text` if the
    /// document cannot be written.
    static func contentBytes(_ root: Node, text: String) -> Data {
        Data(((try? Yams.serialize(node: root)) ?? text).utf8)
    }

    /// The YAML document in `text`; a syntax error or an empty `kind` file is an error at `file`.
    static func compose(_ text: String, file: String, kind: String) throws(PlantFileErrors) -> Node {
        guard text.utf8.count <= maxFileBytes else {
            throw PlantFileErrors([PlantFileError(file: file, line: 0, column: 0, keyPath: "",
                                                  message: "the \(kind) file has \(text.utf8.count) bytes; Takt reads \(kind) files of at most \(maxFileBytes)")])
        }
        do {
            try YAMLBudget().check(text)
        } catch {
            throw PlantFileErrors([PlantFileError(file: file, line: error.line, column: error.column, keyPath: error.keyPath, message: error.message)])
        }
        do {
            // The basic resolver tags every scalar as a string: the reader parses
            // numbers, durations and booleans itself, with its own error messages,
            // and skips the regular expressions of the default resolver.
            guard let node = try Yams.compose(yaml: text, .basic) else {
                throw PlantFileErrors([PlantFileError(file: file, line: 0, column: 0, keyPath: "", message: "the \(kind) file is empty")])
            }
            return node
        } catch let error as PlantFileErrors {
            throw error
        } catch {
            throw PlantFileErrors([yamlSyntaxError(error, file: file, text: text)])
        }
    }

    /// `error` from the YAML parser as a located error; `text`, the document, lets it say when a tab is to blame.
    static func yamlSyntaxError(_ error: Error, file: String, text: String = "") -> PlantFileError {
        if let yaml = error as? YamlError {
            switch yaml {
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
                let where_ = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
                // libyaml's own limit (its stacks grow with the nesting) names its setter function.
                let problem = problem.hasPrefix("Maximum nesting level reached") ? "lists and mappings are nested too deeply" : problem
                // A tab where indentation or a token is expected: libyaml names neither the tab nor the rule.
                let line = mark.line >= 1 ? text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(mark.line - 1).first : nil
                let tab = line.map { l in l.prefix(max(mark.column, 1)).contains("\t") } == true
                    ? "; the line holds a tab where YAML takes spaces only: indent with spaces" : ""
                return PlantFileError(file: file, line: mark.line, column: mark.column, keyPath: "", message: "YAML syntax error: \(problem)\(where_)\(tab)")
            case let .duplicatedKeysInMapping(duplicates, context):
                return PlantFileError(file: file, line: context.mark.line, column: context.mark.column, keyPath: "",
                                      message: "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in a mapping")
            default:
                return PlantFileError(file: file, line: 0, column: 0, keyPath: "", message: "YAML error: \(yaml)")
            }
        }
        return PlantFileError(file: file, line: 0, column: 0, keyPath: "", message: "YAML error: \(error)")
    }
}


/// Where each name was first defined (line), to report duplicates.
struct NameTable {
    var lines: [String: Int] = [:]
}

/// Resolves `next:` references to stations and sinks.
struct Resolver {
    var stations: [String: Int] = [:]
    var sinks: [String: Int] = [:]

    init(stations: [String?], sinks: [String?]) {
        for (i, name) in stations.enumerated() { if let name { self.stations[name] = i } }
        for (i, name) in sinks.enumerated() { if let name { self.sinks[name] = i } }
    }

    func resolve(_ value: YAMLValue) throws(PlantFileError) -> NodeRef {
        let name = try value.string()
        if let i = stations[name] { return .station(i) }
        if let i = sinks[name] { return .sink(i) }
        throw value.error("no station or sink is named '\(name)'\(Suggestion.hint(for: name, in: Array(stations.keys) + Array(sinks.keys)))")
    }

    func resolveList(_ value: YAMLValue) throws(PlantFileError) -> [NodeRef] {
        guard value.isSequence else { return [try resolve(value)] }
        let items = try value.sequence()
        guard !items.isEmpty else { throw value.error("needs at least one successor") }
        var refs: [NodeRef] = []
        for item in items {
            let ref = try resolve(item)
            guard !refs.contains(ref) else { throw item.error("successor listed twice") }
            refs.append(ref)
        }
        return refs
    }
}

extension [SourceSpec] {
    /// The takt of the only source, when there is exactly one with a fixed interval.
    var singleTakt: Tick? {
        guard count == 1, case let .interarrival(d) = self[0].arrivals, case let .deterministic(value) = d.kind else { return nil }
        return Ticks.from(seconds: value)
    }
}
