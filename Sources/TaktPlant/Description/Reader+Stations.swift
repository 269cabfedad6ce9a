import Foundation
import TaktKernel
import Yams

/// Stations: service, routing, power, robot cells, assembly, buffers, failures.
extension Reader {
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
        let calendar = attempt { r throws(PlantFileError) in try map["calendar"].flatMap { v throws(PlantFileError) in try r.readCalendar(v) } }
        let carriers = attempt { r throws(PlantFileError) in try map["carriers"].map { v throws(PlantFileError) in try r.readCarriers(v, resolver: resolver) } }
        let conveyor = attempt { r throws(PlantFileError) in try map["conveyor"].map { v throws(PlantFileError) in try r.readConveyor(v, station: map) } }
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
            // A setup matrix is read with the plant's colours or variants (`readSetupMatrix`); without one, `time` is required.
            let time = c.has("matrix") ? try c["time"].map { v throws(PlantFileError) in try r.readDistribution(v) }
                : try r.readDistribution(try c.required("time", hint: "the changeover time, e.g. 6min"))
            return ChangeoverSpec(by: by, time: time)
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
              let robots, let transfer, let changeover, let pick, let pickDeployment, let calendar, let carriers, let conveyor else {
            return nil
        }
        return StationSpec(name: name, servers: servers, process: process, buffer: conveyor.map { .limited($0.capacity) } ?? buffer, failures: failures,
                           next: routed.0, routing: routed.1, shop: shop, quality: quality, reworkRouting: (inspection ?? nil)?.1 ?? nil, robots: robots,
                           transfer: transfer, changeover: changeover, pick: pick, pickDeployment: pickDeployment, power: power, calendar: calendar,
                           carriers: carriers, conveyor: conveyor)
    }

    /// Reads `conveyor: {length: 40m, speed: 0.2m/s, pitch: 6m, accumulating: true}`, the conveyor in place of `station`'s buffer.
    func readConveyor(_ value: YAMLValue, station: MappingReader) throws(PlantFileError) -> ConveyorSpec {
        let map = try value.mapping(allowed: PlantLoader.conveyorKeys)
        if let v = station["buffer"] { throw v.error("a conveyor is the station's buffer (it holds length ÷ pitch jobs): give one of them") }
        if let v = station["pick"], (try? v.string()) != "fifo" {
            throw v.error("jobs leave a conveyor in the order they entered it: a pick rule needs a buffer")
        }
        let length = try map.required("length", hint: "the conveyor's length, e.g. 40m").length()
        let speed = try map.required("speed", hint: "its speed, e.g. 0.2m/s or 12m/min").speed()
        let pitchValue = try map.required("pitch", hint: "the length one job takes on it (carrier and gap), e.g. 6m")
        let pitch = try pitchValue.length()
        guard pitch <= length else { throw pitchValue.error("the pitch (\(pitch) m) is longer than the conveyor (\(length) m): not one job fits") }
        guard Ticks.from(seconds: pitch / speed) > 0 else { throw pitchValue.error("a job moves one pitch in under a microsecond: the pitch is too short for this speed") }
        let conveyor = ConveyorSpec(length: length, speed: speed, pitch: pitch, accumulating: try map["accumulating"]?.bool() ?? true)
        guard conveyor.capacity <= 1_000_000 else { throw pitchValue.error("\(conveyor.capacity) jobs fit on the conveyor: at most 1,000,000") }
        return conveyor
    }

    /// Reads `carriers: {count: 40, unload: inspection, return: 5min}`.
    mutating func readCarriers(_ value: YAMLValue, resolver: Resolver) throws(PlantFileError) -> CarrierSpec {
        let map = try value.mapping(allowed: PlantLoader.carrierKeys)
        let count = try map.required("count", hint: "carriers in the loop").int(in: 1...1_000_000)
        let unloadValue = try map.required("unload", hint: "the station whose finished jobs leave their carriers")
        guard case let .station(unload) = try resolver.resolve(unloadValue) else {
            throw unloadValue.error("carriers are unloaded at a station, not at a sink")
        }
        let returnTime = try map["return"].map { v throws(PlantFileError) in try readDistribution(v) }
        return CarrierSpec(count: count, unload: unload, returnTime: returnTime)
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

    /// Refuses a transfer into a station that a conveyor feeds: the conveyor's length and speed are the way there.
    mutating func checkConveyorFeeders(stationItems: [YAMLValue], stations: [StationSpec]) {
        for (s, station) in stations.enumerated() where station.transfer != nil {
            for case let .station(t) in station.allSuccessors where stations[t].conveyor != nil {
                guard let v = try? stationItems[s].mapping()["transfer"] else { continue }
                errors.append(v.error("'\(stations[t].name)' is fed by a conveyor, whose length and speed give the way there: drop this transfer"))
                break
            }
        }
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
}
