import TaktDigest
import Foundation
import TaktKernel
import Yams

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
        var readItems: [YAMLValue] = []  // each station's item (stations read), for what is read after them
        var stationFailed = false
        for (i, item) in stationItems.enumerated() {
            if let s = readStation(item, name: stationNames[i] ?? "?", resolver: resolver) {
                stations.append(s)
                readItems.append(item)
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
        // References resolve against every name listed, so that one broken station or variant is one error,
        // not also one at each place that names it (the indices matter only when nothing failed).
        let listedStations = stationFailed ? Self.listedNames(stationItems) : stations.map(\.name)
        let stationIndex = Dictionary(listedStations.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let variants = top["variants"].map { readVariants($0, stations: stationIndex) } ?? []
        let colours = top["colours"].map { readColours($0) } ?? []
        let variantItems = (try? top["variants"]?.sequence()) ?? [], colourItems = (try? top["colours"]?.sequence()) ?? []
        let variantNames = variants.count == variantItems.count ? variants.map(\.name) : Self.listedNames(variantItems)
        let colourNames = colours.count == colourItems.count ? colours.map(\.name) : Self.listedNames(colourItems)
        for (s, item) in stationItems.enumerated() where !stationFailed {
            if let assembly = attempt({ r throws(PlantFileError) in try r.readAssembly(item, station: s, stations: stations) }) {
                stations[s].assembly = assembly
            }
        }
        if !stationFailed { checkConveyorFeeders(stationItems: stationItems, stations: stations) }
        if !stationFailed { checkStationCalendars(stationItems: stationItems, stations: stations, plantCalendar: calendar) }
        let fleets = stationFailed ? [] : readFleets(top["fleets"], stationItems: stationItems, stations: &stations)
        let workers = stationFailed ? [] : readWorkers(top["workers"], stationItems: stationItems, stations: &stations, plantCalendar: calendar)
        let costs = stationFailed ? nil : top["costs"].flatMap { readCosts($0, stations: stations, pools: workers, fleets: fleets) }
        for (s, station) in stations.enumerated() {
            guard let c = station.changeover, let item = try? readItems[s].mapping()["changeover"]?.mapping() else { continue }
            let missing = c.by == .colour ? colours.isEmpty : variants.isEmpty
            if missing, let by = item["by"] {
                errors.append(by.error("changeovers by \(c.by.rawValue) need '\(c.by == .colour ? "colours" : "variants")' at the top of the plant file"))
            } else if let matrix = item["matrix"] {
                let names = c.by == .colour ? colourNames : variantNames
                stations[s].changeover?.matrix = attempt { r throws(PlantFileError) in try r.readSetupMatrix(matrix, kind: c.by.rawValue, names: names, default: c.time) }
            }
        }
        if !stationFailed, sources.count == sourceItems.count { readOrderLists(sourceItems: sourceItems, sources: &sources, variants: variantNames, colours: colourNames) }
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
        let digest = SHA256.hex(of: hashInput)
        let fallbackName = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        return PlantDescription(name: name ?? fallbackName, file: file, contentHash: digest, takt: takt ?? sources.singleTakt,
                                run: run, calendar: calendar, variants: variants, colours: colours, sources: sources, stations: stations, sinks: sinks, fleets: fleets, deployments: deployments,
                                workers: workers, costs: costs)
    }

    /// The names a list's items give (`name:`), whether or not the rest of each item reads.
    static func listedNames(_ items: [YAMLValue]) -> [String] {
        items.compactMap { item in (try? item.mapping()["name"]?.string()) ?? nil }
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
}
