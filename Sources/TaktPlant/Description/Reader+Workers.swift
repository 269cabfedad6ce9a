/// Worker pools (`workers:` at the top) and what each staffed station needs
/// (a station's `workers:`, and its failures' or its robots' `repair:`).
extension Reader {
    static let poolKeys = ["name", "count", "calendar", "walk", "source", "description"]
    static let staffKeys = ["pool", "count", "priority", "source"]

    /// Reads `workers:`, each station's `workers:`, its failures' or robots' `repair:` and its robots' maintenance `crew:`;
    /// sets `stations[s].workers`, `stations[s].failures?.repair`, `stations[s].robots?.failures.repair` and
    /// `stations[s].robots?.maintenance?.crew`.
    mutating func readWorkers(_ value: YAMLValue?, stationItems: [YAMLValue], stations: inout [StationSpec], plantCalendar: ShiftCalendar?) -> [WorkerPoolSpec] {
        let errorsBefore = errors.count
        var pools = value.map { v in
            readNamedList(v, kind: "worker pool", allowed: Self.poolKeys) { r, map, name throws(PlantFileError) in
                WorkerPoolSpec(name: name, count: try map.required("count", hint: "the workers in the pool").int(in: 1...10_000),
                               calendar: try map["calendar"].flatMap { v throws(PlantFileError) in try r.readCalendar(v) },
                               walk: try map["walk"].map { v throws(PlantFileError) in try r.readDistribution(v) })
            }
        } ?? []
        // A station naming a pool that failed to read was already reported there.
        let poolsFailed = errors.count > errorsBefore
        for (s, item) in stationItems.enumerated() where s < stations.count {
            guard let map = try? item.mapping() else { continue }
            if let v = map["workers"] {
                stations[s].workers = attempt { r throws(PlantFileError) in try r.readStaff(v, pools: pools, poolsFailed: poolsFailed, for: "job") } ?? nil
                if let p = stations[s].workers?.pool { pools[p].works = true }
            }
            if let v = try? map["failures"]?.mapping()["repair"] {
                stations[s].failures?.repair = attempt { r throws(PlantFileError) in try r.readStaff(v, pools: pools, poolsFailed: poolsFailed, for: "repair") } ?? nil
                if let p = stations[s].failures?.repair?.pool { pools[p].repairs = true }
            }
            if let v = try? map["robots"]?.mapping()["failures"]?.mapping()["repair"] {
                // A cell whose job holds workers while a robot waits for a crew could lock the pools.
                if let w = map["workers"] {
                    errors.append(w.error("a robot cell whose robots have a repair crew cannot also take workers for its jobs (not modelled yet): "
                        + "a job holding workers while its robot waits for a crew could lock the pools"))
                }
                stations[s].robots?.failures.repair = attempt { r throws(PlantFileError) in try r.readStaff(v, pools: pools, poolsFailed: poolsFailed, for: "repair") } ?? nil
                if let p = stations[s].robots?.failures.repair?.pool { pools[p].repairs = true }
            }
            if let v = try? map["robots"]?.mapping()["maintenance"]?.mapping()["crew"] {
                if let w = map["workers"] {
                    errors.append(w.error("a robot cell whose robots' maintenance has a crew cannot also take workers for its jobs (not modelled yet): "
                        + "a job holding workers while its robot waits for a crew could lock the pools"))
                }
                stations[s].robots?.maintenance?.crew = attempt { r throws(PlantFileError) in
                    try r.readStaff(v, pools: pools, poolsFailed: poolsFailed, for: "maintenance")
                } ?? nil
                if let p = stations[s].robots?.maintenance?.crew?.pool { pools[p].repairs = true }
            }
        }
        checkDuty(pools: pools, plantCalendar: plantCalendar, stations: stations, poolsValue: value)
        return pools
    }

    /// A pool whose duty never meets the working time of a station whose jobs need it: those jobs could never be done.
    /// (A repair crew may work off shift: failures on the calendar basis go on then.)
    mutating func checkDuty(pools: [WorkerPoolSpec], plantCalendar: ShiftCalendar?, stations: [StationSpec], poolsValue: YAMLValue?) {
        guard let items = try? poolsValue?.sequence(), items.count == pools.count else { return }
        for (p, pool) in pools.enumerated() {
            guard let duty = pool.calendar else { continue }
            let idle = stations.filter { s in
                guard s.workers?.pool == p else { return false }
                return ShiftCalendar.commonTimePerWeek([duty] + [plantCalendar, s.calendar].compactMap { $0 }) == 0
            }
            guard let first = idle.first, let at = try? items[p].mapping()["calendar"] else { continue }
            errors.append(at.error("pool '\(pool.name)' is never on duty while station\(idle.count > 1 ? "s" : "") "
                + idle.map { "'\($0.name)'" }.joined(separator: ", ") + " work\(idle.count > 1 ? "" : "s"): \(idle.count > 1 ? "their" : "its") jobs "
                + "need its workers and could never be done; give the pool hours that meet \(first.calendar == nil ? "the plant's calendar" : "the station's")"))
        }
    }

    /// One station's `workers:` (or a repair's): a pool's name, or `{pool, count, priority}`; `what` needs them.
    func readStaff(_ value: YAMLValue, pools: [WorkerPoolSpec], poolsFailed: Bool, for what: String) throws(PlantFileError) -> StaffSpec? {
        let map = value.isScalar ? nil : try value.mapping(allowed: Self.staffKeys)
        let poolValue = try map?.required("pool", hint: "the worker pool the station draws on") ?? value
        let name = try poolValue.string()
        guard let p = pools.firstIndex(where: { $0.name == name }) else {
            if poolsFailed { return nil }
            throw poolValue.error(pools.isEmpty ? "no worker pool is defined: add one under 'workers' at the top of the plant file"
                : "no worker pool is named '\(name)'\(Suggestion.hint(for: name, in: pools.map(\.name)))")
        }
        let count = try map?["count"]?.int(in: 1...10_000) ?? 1
        if count > pools[p].count, let v = map?["count"] {
            throw v.error("each \(what) needs \(count) workers but pool '\(name)' has \(pools[p].count): it could never start")
        }
        let priority = try map?["priority"]?.int(in: -1_000...1_000) ?? 0
        return StaffSpec(pool: p, count: count, priority: priority)
    }
}
