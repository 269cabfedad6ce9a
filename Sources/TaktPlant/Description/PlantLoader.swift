import Crypto
import Foundation
import TaktKernel
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
    static let topKeys = ["plant", "description", "source", "takt", "run", "calendar", "deployments", "variants", "colours", "fleets", "sources", "stations", "sinks"]
    static let runKeys = ["duration", "warmup", "replications", "seed", "audit_rate", "source"]
    static let sourceKeys = ["name", "interarrival", "takt", "unlimited", "first_arrival", "when_full", "order_bank", "release_rule", "next", "source",
                             "description"]
    static let stationKeys = ["name", "servers", "process", "buffer", "pick", "failures", "robots", "next", "route", "weights", "transfer",
                              "changeover", "assembly", "quality", "shop", "power", "kits", "source", "description"]
    static let assemblyKeys = ["parts", "part_buffer", "source"]
    // `by`, not `on`: YAML 1.1 tools read a bare `on` as true.
    static let changeoverKeys = ["by", "time", "source"]
    static let qualityKeys = ["defect_rate", "rework", "rework_rule", "source"]
    static let robotKeys = ["count", "names", "failures", "on_failure", "power", "maintenance", "source"]
    static let powerKeys = ["working", "idle", "blocked", "failed", "off_shift", "source"]
    static let failureKeys = ["ttf", "ttr", "mttf", "mttr", "basis", "source"]
    static let sinkKeys = ["name", "source", "description"]

    /// Default run settings when the file and the command line give none.
    public static let defaultRun = RunSettings(duration: 30 * 86_400 * Ticks.perSecond, warmup: 86_400 * Ticks.perSecond, replications: 1, seed: 1)

    /// Loads and validates the plant file at `path`.
    public static func load(path: String) throws(PlantFileErrors) -> PlantDescription {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw PlantFileErrors([PlantFileError(file: path, line: 0, column: 0, keyPath: "", message: "cannot read the plant file: \(Self.reason(error))")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PlantFileErrors([PlantFileError(file: path, line: 0, column: 0, keyPath: "", message: "the plant file is not valid UTF-8 text")])
        }
        return try parse(yaml: text, file: path, directory: url.deletingLastPathComponent())
    }

    /// Loads the plant file at `path` with `overrides` applied (an experiment's variant).
    public static func load(path: String, overrides: [PlantOverride]) throws(PlantFileErrors) -> PlantDescription {
        guard !overrides.isEmpty else { return try load(path: path) }
        let url = URL(fileURLWithPath: path)
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
            return try load(path: path)  // reports why it cannot be read
        }
        return try parse(yaml: text, file: path, directory: url.deletingLastPathComponent(), overrides: overrides)
    }

    /// Parses and validates plant YAML; `directory` resolves relative CSV and
    /// model paths. `overrides` change the document first; an error inside an
    /// overriding value is reported where the override is written.
    public static func parse(yaml text: String, file: String, directory: URL, overrides: [PlantOverride] = []) throws(PlantFileErrors) -> PlantDescription {
        var reader = Reader(file: file, directory: directory)
        let root = try compose(text, file: file, kind: "plant")
        reader.hashInput.append(Data(text.utf8))
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

    /// The YAML document in `text`; a syntax error or an empty `kind` file is an error at `file`.
    static func compose(_ text: String, file: String, kind: String) throws(PlantFileErrors) -> Node {
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
            throw PlantFileErrors([yamlSyntaxError(error, file: file)])
        }
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if ns.domain == NSCocoaErrorDomain, ns.code == NSFileReadNoSuchFileError { return "no such file" }
        return ns.localizedDescription
    }

    static func yamlSyntaxError(_ error: Error, file: String) -> PlantFileError {
        if let yaml = error as? YamlError {
            switch yaml {
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
                let where_ = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
                return PlantFileError(file: file, line: mark.line, column: mark.column, keyPath: "", message: "YAML syntax error: \(problem)\(where_)")
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

/// One pass over a plant document, collecting every error it finds.
struct Reader {
    let file: String
    let directory: URL
    var errors: [PlantFileError] = []
    var hashInput = Data()
    /// The plant's deployments, read before the decision rules that name them.
    var deployments: [DeploymentSpec] = []

    init(file: String, directory: URL) {
        self.file = file
        self.directory = directory
    }

    /// Runs `body`, recording its error and returning nil if it throws.
    mutating func attempt<T>(_ body: (inout Reader) throws(PlantFileError) -> T) -> T? {
        do {
            return try body(&self)
        } catch {
            errors.append(error)
            return nil
        }
    }

    mutating func readPlant(_ root: YAMLValue) -> PlantDescription? {
        guard let top = attempt({ _ throws(PlantFileError) in try root.mapping(allowed: PlantLoader.topKeys) }) else { return nil }
        let name = attempt { _ throws(PlantFileError) in try top["plant"]?.string() } ?? nil
        let takt = attempt { _ throws(PlantFileError) -> Tick? in
            guard let v = top["takt"] else { return nil }
            let seconds = try v.duration()
            guard seconds > 0 else { throw v.error("takt must be greater than 0") }
            return Ticks.from(seconds: seconds)
        } ?? nil
        let run = attempt { r throws(PlantFileError) in try r.readRun(top["run"]) } ?? PlantLoader.defaultRun
        let calendar = attempt { r throws(PlantFileError) in try top["calendar"].flatMap { v throws(PlantFileError) in try r.readCalendar(v) } } ?? nil
        if let v = top["deployments"] { deployments = readDeployments(v) }

        // Names first, so references can be resolved and suggested.
        let sourceItems = attempt { _ throws(PlantFileError) in try top.required("sources", hint: "at least one source of jobs").sequence() } ?? []
        let stationItems = attempt { _ throws(PlantFileError) in try top.required("stations").sequence() } ?? []
        let sinkItems = attempt { _ throws(PlantFileError) in try top.required("sinks", hint: "at least one sink where jobs leave").sequence() } ?? []
        if let v = top["sources"], sourceItems.isEmpty, v.isSequence { errors.append(v.error("needs at least one source")) }
        if let v = top["stations"], stationItems.isEmpty, v.isSequence { errors.append(v.error("needs at least one station")) }
        if let v = top["sinks"], sinkItems.isEmpty, v.isSequence { errors.append(v.error("needs at least one sink")) }

        var names = NameTable()
        let stationNames = stationItems.map { item in attempt { r throws(PlantFileError) in try r.readName(item, into: &names) } }
        let sinkNames = sinkItems.map { item in attempt { r throws(PlantFileError) in try r.readName(item, into: &names) } }
        let sourceNames = sourceItems.map { item in attempt { r throws(PlantFileError) in try r.readName(item, into: &names) } }
        let resolver = Resolver(stations: stationNames, sinks: sinkNames)

        var sinks: [SinkSpec] = []
        for (i, item) in sinkItems.enumerated() {
            _ = attempt { _ throws(PlantFileError) in try item.mapping(allowed: PlantLoader.sinkKeys) }
            sinks.append(SinkSpec(name: sinkNames[i] ?? "?"))
        }
        var stations: [StationSpec] = []
        var stationFailed = false
        for (i, item) in stationItems.enumerated() {
            if let s = readStation(item, name: stationNames[i] ?? "?", resolver: resolver) {
                stations.append(s)
            } else {
                stationFailed = true
            }
        }
        var sources: [SourceSpec] = []
        for (i, item) in sourceItems.enumerated() {
            if let s = readSource(item, name: sourceNames[i] ?? "?", resolver: resolver, stations: stations, complete: !stationFailed) {
                sources.append(s)
            }
        }
        let stationIndex = Dictionary(stations.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        let variants = top["variants"].map { readVariants($0, stations: stationIndex) } ?? []
        let colours = top["colours"].map { readColours($0) } ?? []
        for (s, item) in stationItems.enumerated() where s < stations.count {
            if let assembly = attempt({ r throws(PlantFileError) in try r.readAssembly(item, station: s, stations: stations) }) {
                stations[s].assembly = assembly
            }
        }
        let fleets = stationFailed ? [] : readFleets(top["fleets"], stationItems: stationItems, stations: &stations)
        for (s, station) in stations.enumerated() {
            guard let c = station.changeover else { continue }
            let missing = c.by == .colour ? colours.isEmpty : variants.isEmpty
            if missing, let by = try? stationItems[s].mapping()["changeover"]?.mapping()["by"] {
                errors.append(by.error("changeovers by \(c.by.rawValue) need '\(c.by == .colour ? "colours" : "variants")' at the top of the plant file"))
            }
        }
        for (i, source) in sources.enumerated() {
            let missing = source.releaseRule == .colour ? colours.isEmpty : source.releaseRule == .spread ? variants.isEmpty : false
            if missing, let v = try? sourceItems[i].mapping()["release_rule"] {
                errors.append(v.error("'release_rule: \(source.releaseRule.name)' needs '\(source.releaseRule == .colour ? "colours" : "variants")' at the top of the plant file"))
            }
        }
        if let runValue = top["run"] ?? Optional(root), run.warmup >= run.duration {
            errors.append(runValue.error("warmup (\(DurationText.format(Ticks.seconds(run.warmup)))) must be shorter than duration (\(DurationText.format(Ticks.seconds(run.duration))))"))
        }
        guard errors.isEmpty else { return nil }
        checkGraph(sources: sources, stations: stations, stationItems: stationItems)
        guard errors.isEmpty else { return nil }
        let digest = SHA256.hash(data: hashInput).map { String(format: "%02x", $0) }.joined()
        let fallbackName = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        return PlantDescription(name: name ?? fallbackName, file: file, contentHash: digest, takt: takt ?? sources.singleTakt,
                                run: run, calendar: calendar, variants: variants, colours: colours, sources: sources, stations: stations, sinks: sinks, fleets: fleets, deployments: deployments)
    }

    mutating func readRun(_ value: YAMLValue?) throws(PlantFileError) -> RunSettings {
        var run = PlantLoader.defaultRun
        guard let value else { return run }
        let map = try value.mapping(allowed: PlantLoader.runKeys)
        if let v = map["duration"] {
            let s = try v.duration()
            guard s > 0 else { throw v.error("duration must be greater than 0") }
            run.duration = Ticks.from(seconds: s)
        }
        if let v = map["warmup"] { run.warmup = Ticks.from(seconds: try v.duration()) }
        if let v = map["replications"] { run.replications = try v.int(in: 1...100_000) }
        if let v = map["seed"] { run.seed = UInt64(try v.int(in: 0...Int.max)) }
        if let v = map["audit_rate"] {
            let rate = try v.double()
            guard (0...1).contains(rate) else { throw v.error("must be a share of decisions in 0…1, got \(rate)") }
            run.auditRate = rate
        }
        return run
    }

    mutating func readName(_ item: YAMLValue, into names: inout NameTable) throws(PlantFileError) -> String {
        let map = try item.mapping()
        let value = try map.required("name")
        let name = try value.string()
        if let previous = names.lines[name] {
            throw value.error("name '\(name)' is already used (line \(previous)); names of sources, stations and sinks must be unique")
        }
        names.lines[name] = value.node.mark?.line ?? 0
        return name
    }

    /// Reads one station, recording every problem it has (not just the first); nil if any.
    mutating func readStation(_ item: YAMLValue, name: String, resolver: Resolver) -> StationSpec? {
        guard let map = attempt({ _ throws(PlantFileError) in try item.mapping() }) else { return nil }
        let before = errors.count
        errors += map.unknownKeys(PlantLoader.stationKeys)
        let servers = attempt { _ throws(PlantFileError) in try map["servers"].map { v throws(PlantFileError) in try v.int(in: 1...10_000) } ?? 1 }
        let process = attempt { r throws(PlantFileError) in
            try r.readDistribution(try map.required("process", hint: "the processing time, e.g. 60s or {dist: exponential, mean: 60s}"))
        }
        let buffer = attempt { r throws(PlantFileError) in try map["buffer"].map { v throws(PlantFileError) in try r.readCapacity(v) } ?? .unlimited }
        let failures = attempt { r throws(PlantFileError) in try map["failures"].map { v throws(PlantFileError) in try r.readFailures(v) } }
        let routed = attempt { r throws(PlantFileError) -> ([NodeRef], RoutingRule) in
            let nextValue = try map.required("next", hint: "the station or sink that receives finished jobs")
            let next = try resolver.resolveList(nextValue)
            return (next, try r.readRouting(map, next: next, nextValue: nextValue))
        }
        let shop = attempt { _ throws(PlantFileError) in try map["shop"]?.string() }
        let inspection = attempt { r throws(PlantFileError) -> (QualitySpec, ReworkRouting?)? in
            guard let v = map["quality"] else { return nil }
            let q = try v.mapping(allowed: PlantLoader.qualityKeys)
            let rateValue = try q.required("defect_rate", hint: "the share of finished jobs found defective, 0 to 1")
            let rate = try rateValue.double()
            guard (0...1).contains(rate) else { throw rateValue.error("must be between 0 and 1, got \(rate)") }
            let reworkValue = try q.required("rework", hint: "the station that repairs defective jobs, or a list of them")
            let options = try resolver.resolveList(reworkValue)
            guard options.count <= ReworkPoint.candidates else {
                throw reworkValue.error("at most \(ReworkPoint.candidates) rework destinations, got \(options.count)")
            }
            var routing: ReworkRouting?
            if let ruleValue = q["rework_rule"] {
                guard options.count > 1 else { throw ruleValue.error("'rework_rule' chooses among several rework destinations: list them in 'rework'") }
                routing = ReworkRouting(options: options, rule: try r.readRework(ruleValue))
            } else if options.count > 1 {
                routing = ReworkRouting(options: options, rule: .first)
            }
            return (QualitySpec(defectRate: rate, rework: options[0]), routing)
        }
        let quality = inspection.map { $0?.0 }
        let power = attempt { r throws(PlantFileError) in try map["power"].map { v throws(PlantFileError) in try r.readPower(v) } }
        let robots = attempt { r throws(PlantFileError) -> RobotsSpec? in
            guard let v = map["robots"] else { return nil }
            if let f = map["failures"] { throw f.error("a robot cell fails through its robots: give failures under 'robots', not here") }
            if (servers ?? 1) != 1, let sv = map["servers"] { throw sv.error("a robot cell has one server (its robots work together); model parallel cells as separate stations") }
            return try r.readRobots(v, cell: name)
        }
        let transfer = attempt { r throws(PlantFileError) in try map["transfer"].map { v throws(PlantFileError) in try r.readDistribution(v) } }
        let changeover = attempt { r throws(PlantFileError) -> ChangeoverSpec? in
            guard let v = map["changeover"] else { return nil }
            let c = try v.mapping(allowed: PlantLoader.changeoverKeys)
            let by = ChangeoverSpec.Attribute(rawValue: try c.required("by", hint: "colour or variant").choice(["colour", "variant"]))!
            return ChangeoverSpec(by: by, time: try r.readDistribution(try c.required("time", hint: "the changeover time, e.g. 6min")))
        }
        let pick = attempt { r throws(PlantFileError) -> PickRule in
            guard let v = map["pick"] else { return .fifo }
            let rule = try r.readPick(v)
            if rule != .fifo, map["changeover"] == nil {
                throw v.error("'pick: \(rule.name)' chooses by the station's changeover attribute: give a 'changeover'")
            }
            return rule
        }
        let pickDeployment = attempt { r throws(PlantFileError) in
            try r.readSiteDeployment(map["pick"], point: "pick", reading: { r, v throws(PlantFileError) in try r.readPick(v) }, defaultFallback: PickRule.fifo)
        }
        guard errors.count == before, let servers, let process, let buffer, let failures, let routed, let shop, let power, let quality,
              let robots, let transfer, let changeover, let pick, let pickDeployment else {
            return nil
        }
        return StationSpec(name: name, servers: servers, process: process, buffer: buffer, failures: failures, next: routed.0,
                           routing: routed.1, shop: shop, quality: quality, reworkRouting: (inspection ?? nil)?.1 ?? nil, robots: robots,
                           transfer: transfer, changeover: changeover, pick: pick, pickDeployment: pickDeployment, power: power)
    }

    func readRouting(_ map: MappingReader, next: [NodeRef], nextValue: YAMLValue) throws(PlantFileError) -> RoutingRule {
        let rules = ["probability", "round_robin", "shortest_queue", "first_free"]
        guard let routeValue = map["route"] else {
            if let w = map["weights"] { throw w.error("weights need 'route: probability'") }
            guard next.count == 1 else {
                throw nextValue.error("\(next.count) successors need a 'route' rule: one of \(rules.joined(separator: ", "))")
            }
            return .single
        }
        let rule = try routeValue.choice(rules)
        if rule != "probability", let w = map["weights"] { throw w.error("weights are only used with 'route: probability'") }
        switch rule {
        case "probability":
            let weightsValue = try map.required("weights", hint: "one relative weight per successor in 'next'")
            let items = try weightsValue.sequence()
            guard items.count == next.count else {
                throw weightsValue.error("has \(items.count) weights for \(next.count) successors in 'next'")
            }
            var weights: [Double] = []
            for item in items {
                let w = try item.double()
                guard w >= 0 else { throw item.error("weights must not be negative") }
                weights.append(w)
            }
            let total = weights.reduce(0, +)
            guard total > 0 else { throw weightsValue.error("weights must not all be zero") }
            return .probability(weights.map { $0 / total })
        case "round_robin": return .roundRobin
        case "shortest_queue": return .shortestQueue
        default: return .firstFree
        }
    }

    /// Reads `power: {working: 1.5MW, idle: 300kW, blocked: …, failed: …}`; blocked and failed default to idle.
    func readPower(_ value: YAMLValue) throws(PlantFileError) -> PowerSpec {
        let map = try value.mapping(allowed: PlantLoader.powerKeys)
        let working = try map.required("working", hint: "power while processing, e.g. 1.5MW").power()
        let idle = try map["idle"]?.power() ?? 0
        return PowerSpec(working: working, idle: idle, blocked: try map["blocked"]?.power() ?? idle, failed: try map["failed"]?.power() ?? idle,
                         offShift: try map["off_shift"]?.power() ?? 0)
    }

    /// Reads `robots: {count: 8 | names: [...], failures: {...}, on_failure: stop | slow_down, power: {...}, maintenance: {...}}`.
    mutating func readRobots(_ value: YAMLValue, cell: String) throws(PlantFileError) -> RobotsSpec {
        let map = try value.mapping(allowed: PlantLoader.robotKeys)
        var names: [String] = []
        switch (map["count"], map["names"]) {
        case let (c?, nil):
            let n = try c.int(in: 1...1_000)
            names = (1...n).map { "\(cell)/r\($0)" }
        case let (nil, list?):
            for item in try list.sequence() {
                let name = try item.string()
                guard !names.contains(name) else { throw item.error("robot name '\(name)' is used twice in this cell") }
                names.append(name)
            }
            guard !names.isEmpty, names.count <= 1_000 else { throw list.error("needs 1 to 1000 robot names") }
        case (_?, let list?): throw list.error("give either 'count' or 'names', not both")
        case (nil, nil): throw value.error("missing 'count' (how many robots) or 'names' (one per robot)")
        }
        let failures = try readFailures(try map.required("failures", hint: "the failures of each robot, e.g. {mttf: 15h, mttr: 10min, basis: operating}"))
        let ruleValue = map["on_failure"]
        let rule = try ruleValue.map { v throws(PlantFileError) in RobotsSpec.Rule(rawValue: try v.choice(["stop", "slow_down"]))! } ?? .stop
        if rule == .slowDown, failures.basis == .operating, let v = ruleValue {
            throw v.error("'slow_down' needs robot failures on the calendar basis (robots that stand still while others work would age differently)")
        }
        let power = try map["power"].map { v throws(PlantFileError) in try readPower(v) }
        let maintenance = try map["maintenance"].map { v throws(PlantFileError) in try readMaintenance(v, failures: failures) }
        return RobotsSpec(names: names, failures: failures, rule: rule, power: power, maintenance: maintenance)
    }

    /// Reads `assembly: {parts: [feeder, ...], part_buffer: 5}` once all stations are known.
    func readAssembly(_ item: YAMLValue, station s: Int, stations: [StationSpec]) throws(PlantFileError) -> AssemblySpec? {
        guard let value = try item.mapping()["assembly"] else { return nil }
        let map = try value.mapping(allowed: PlantLoader.assemblyKeys)
        let partsValue = try map.required("parts", hint: "the stations that deliver one part each")
        var parts: [Int] = []
        let names = stations.map(\.name)
        for p in try partsValue.sequence() {
            let name = try p.string()
            guard let f = names.firstIndex(of: name) else { throw p.error("no station is named '\(name)'\(Suggestion.hint(for: name, in: names))") }
            guard f != s else { throw p.error("a station cannot feed parts to itself") }
            guard !parts.contains(f) else { throw p.error("'\(name)' is listed twice") }
            guard stations[f].allSuccessors.contains(.station(s)) else {
                throw p.error("'\(name)' does not send jobs here: add '\(stations[s].name)' to its 'next'")
            }
            guard stations[f].transfer == nil else {
                throw p.error("a transfer into an assembly's part input is not supported yet: model the conveyor as a station")
            }
            parts.append(f)
        }
        guard !parts.isEmpty else { throw partsValue.error("needs at least one feeder station") }
        let partBuffer = try map["part_buffer"].map { v throws(PlantFileError) in try v.int(in: 1...1_000_000) } ?? 1
        return AssemblySpec(parts: parts, partBuffer: partBuffer)
    }

    func readCapacity(_ value: YAMLValue) throws(PlantFileError) -> Capacity {
        if case let .scalar(s) = value.node, s.string == "unlimited" { return .unlimited }
        guard case let .scalar(s) = value.node, Int(s.string) != nil else {
            throw value.error("expected a whole number of jobs or 'unlimited', got \(value.shown)")
        }
        return .limited(try value.int(in: 0...Int(Int32.max)))
    }

    mutating func readFailures(_ value: YAMLValue) throws(PlantFileError) -> FailureSpec {
        let map = try value.mapping(allowed: PlantLoader.failureKeys)
        func pick(_ full: String, _ mean: String) throws(PlantFileError) -> Distribution {
            switch (map[full], map[mean]) {
            case let (f?, nil): return try readDistribution(f)
            case let (nil, m?):
                let seconds = try m.duration()
                guard seconds > 0 else { throw m.error("must be greater than 0") }
                return try makeDistribution(.exponential(mean: seconds), at: m)
            case (_?, let m?): throw m.error("give either '\(full)' (a distribution) or '\(mean)' (an exponential mean), not both")
            case (nil, nil): throw value.error("missing '\(full)' (a distribution) or '\(mean)' (an exponential mean)")
            }
        }
        let ttf = try pick("ttf", "mttf")
        let ttr = try pick("ttr", "mttr")
        guard ttf.mean > 0 else { throw (map["ttf"] ?? value).error("time to failure must have a positive mean") }
        let basisValue = try map.required("basis", hint: "'operating' (ages only while working) or 'calendar' (ages all the time)")
        let basis = FailureSpec.Basis(rawValue: try basisValue.choice(["operating", "calendar"]))!
        return FailureSpec(timeToFailure: ttf, timeToRepair: ttr, basis: basis)
    }

    /// Reads one source, recording every problem it has; nil if any.
    mutating func readSource(_ item: YAMLValue, name: String, resolver: Resolver, stations: [StationSpec], complete: Bool) -> SourceSpec? {
        guard let map = attempt({ _ throws(PlantFileError) in try item.mapping() }) else { return nil }
        let before = errors.count
        errors += map.unknownKeys(PlantLoader.sourceKeys)
        let arrivals = attempt { r throws(PlantFileError) in try r.readArrivals(item, map) }
        let first = attempt { _ throws(PlantFileError) in
            try map["first_arrival"].map { v throws(PlantFileError) in Ticks.from(seconds: try v.duration()) } ?? 0
        }
        let whenFull = attempt { _ throws(PlantFileError) in
            try map["when_full"].map { v throws(PlantFileError) in SourceSpec.WhenFull(rawValue: try v.choice(["block", "lose"]))! } ?? .block
        }
        let bank = attempt { _ throws(PlantFileError) in try map["order_bank"].map { v throws(PlantFileError) in try v.int(in: 1...100_000) } ?? 0 }
        let rule = attempt { r throws(PlantFileError) -> ReleaseRule in
            guard let v = map["release_rule"] else { return .fifo }
            let rule = try r.readRelease(v)
            if rule != .fifo, (try? map["order_bank"]?.int(in: 2...100_000)) == nil {
                throw v.error("'release_rule: \(rule.name)' chooses among the orders waiting in the bank: give 'order_bank' of at least 2")
            }
            return rule
        }
        let releaseDeployment = attempt { r throws(PlantFileError) -> SiteDeployment<ReleaseRule>? in
            let deployed = try r.readSiteDeployment(map["release_rule"], point: "release", reading: { r, v throws(PlantFileError) in try r.readRelease(v) },
                                                    defaultFallback: ReleaseRule.fifo)
            if deployed != nil, case .unlimited? = arrivals, let v = map["release_rule"] {
                throw v.error("a deployed release rule holds the source while it waits for an answer: give the source a 'takt' or 'interarrival'")
            }
            return deployed
        }
        let next = attempt { _ throws(PlantFileError) -> Int in
            let nextValue = try map.required("next", hint: "the first station")
            guard case let .station(index)? = try resolver.resolveList(nextValue).first, !nextValue.isSequence else {
                throw nextValue.error("a source feeds exactly one station")
            }
            if case .unlimited? = arrivals, complete, index < stations.count, stations[index].buffer == .unlimited {
                throw nextValue.error("an unlimited source would fill the unlimited buffer of '\(stations[index].name)' without end; give that station a finite 'buffer'")
            }
            return index
        }
        guard errors.count == before, let arrivals, let first, let whenFull, let next, let bank, let rule, let releaseDeployment else { return nil }
        return SourceSpec(name: name, arrivals: arrivals, firstArrival: first, whenFull: whenFull, orderBank: bank, releaseRule: rule,
                          releaseDeployment: releaseDeployment, next: next)
    }

    /// Reads how a source's jobs arrive: exactly one of takt, interarrival, unlimited.
    mutating func readArrivals(_ item: YAMLValue, _ map: MappingReader) throws(PlantFileError) -> SourceSpec.Arrivals {
        let given = ["interarrival", "takt", "unlimited"].filter { map.has($0) }
        guard given.count == 1 else {
            throw item.error(given.isEmpty
                ? "a source needs one of 'takt' (fixed interval), 'interarrival' (a distribution) or 'unlimited: true'"
                : "give only one of \(given.map { "'\($0)'" }.joined(separator: ", "))")
        }
        if let v = map["takt"] {
            let seconds = try v.duration()
            guard seconds > 0 else { throw v.error("takt must be greater than 0") }
            return .interarrival(try makeDistribution(.deterministic(value: seconds), at: v))
        }
        if let v = map["interarrival"] {
            let d = try readDistribution(v)
            guard d.mean > 0 else { throw v.error("the mean interarrival time must be greater than 0") }
            return .interarrival(d)
        }
        let v = try map.required("unlimited")
        guard try v.bool() else { throw v.error("use 'unlimited: true', or give 'takt' or 'interarrival' instead") }
        return .unlimited
    }

    /// Checks reachability: every station is fed by some source and reaches a sink.
    mutating func checkGraph(sources: [SourceSpec], stations: [StationSpec], stationItems: [YAMLValue]) {
        let n = stations.count
        var reached = Array(repeating: false, count: n)
        var stack = sources.map(\.next)
        while let s = stack.popLast() {
            if reached[s] { continue }
            reached[s] = true
            for case let .station(t) in stations[s].allSuccessors where !reached[t] { stack.append(t) }
        }
        // Reverse reachability from sinks.
        var exits = Array(repeating: false, count: n)
        var changed = true
        while changed {
            changed = false
            for s in 0..<n where !exits[s] {
                if stations[s].allSuccessors.contains(where: { ref in
                    switch ref { case .sink: return true; case let .station(t): return exits[t] }
                }) {
                    exits[s] = true
                    changed = true
                }
            }
        }
        for s in 0..<n {
            if !reached[s] {
                errors.append(stationItems[s].error("station '\(stations[s].name)' is unreachable: no source feeds it, directly or through other stations"))
            } else if !exits[s] {
                errors.append(stationItems[s].error("jobs at station '\(stations[s].name)' can never leave: it is part of a cycle with no path to a sink"))
            }
        }
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
