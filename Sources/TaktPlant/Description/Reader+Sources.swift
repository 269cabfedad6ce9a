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
        // A loop with no way out is one mistake: said once, listing its stations and where each sends its jobs;
        // the stations before it, whose jobs end up there, are not errors of their own.
        let trapped = (0..<n).filter { reached[$0] && !exits[$0] }
        func closure(_ s: Int) -> Set<Int> {
            var seen: Set<Int> = [], stack = [s]
            while let x = stack.popLast() {
                for case let .station(t) in stations[x].allSuccessors where seen.insert(t).inserted { stack.append(t) }
            }
            return seen
        }
        let closures = Dictionary(uniqueKeysWithValues: trapped.map { ($0, closure($0)) })
        var reported: Set<Int> = []
        for s in trapped where !reported.contains(s) {
            // In a loop with no way out: every station it reaches reaches it back.
            let loop = closures[s]!
            guard loop.contains(s), loop.allSatisfy({ closures[$0]?.contains(s) == true }) else { continue }
            reported.formUnion(loop)
            let members = loop.sorted().map { t in "'\(stations[t].name)' (next: \(nextNames(stations[t], stations: stations)))" }
            errors.append(stationItems[s].error((loop.count == 1 ? "station " + members[0] + " sends its jobs only back to itself"
                : "stations " + members.joined(separator: ", ") + " send their jobs only among themselves")
                + ": no path from \(loop.count == 1 ? "it" : "them") leads to a sink, so jobs there can never leave; route \(loop.count == 1 ? "it" : "one of them") out"))
        }
        let unreachable = (0..<n).filter { !reached[$0] }
        if let first = unreachable.first {
            let names = unreachable.map { "'\(stations[$0].name)'" }
            errors.append(stationItems[first].error(unreachable.count == 1
                ? "station \(names[0]) is unreachable: no source feeds it, directly or through other stations"
                : "stations \(names.joined(separator: ", ")) are unreachable: no source feeds them, directly or through other stations"))
        }
    }

    /// Where station `spec` sends its jobs, by name.
    private func nextNames(_ spec: StationSpec, stations: [StationSpec]) -> String {
        spec.allSuccessors.map { ref -> String in
            switch ref {
            case let .station(t): return stations[t].name
            case .sink: return "a sink"
            }
        }.joined(separator: ", ")
    }
}
