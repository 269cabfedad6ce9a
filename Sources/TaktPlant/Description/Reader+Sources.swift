import Foundation
import TaktKernel
import Yams

/// Sources and the plant graph's reachability checks.
extension Reader {
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
        let bank = attempt { _ throws(PlantFileError) -> Int in
            if map.has("order_list"), let v = map["order_bank"] ?? map["release_rule"] {
                throw v.error("an order list gives the order of release; an order bank and its release rule choose it: use one of them")
            }
            return try map["order_bank"].map { v throws(PlantFileError) in try v.int(in: 1...100_000) } ?? 0
        }
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

    /// Reads how a source's jobs arrive: exactly one of takt, interarrival,
    /// unlimited; or none, with an order list (whose release times, read with
    /// the plant's variants, must then be there: `readOrderLists`).
    mutating func readArrivals(_ item: YAMLValue, _ map: MappingReader) throws(PlantFileError) -> SourceSpec.Arrivals {
        let given = ["interarrival", "takt", "unlimited"].filter { map.has($0) }
        if given.isEmpty, map.has("order_list") { return .listed }
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
