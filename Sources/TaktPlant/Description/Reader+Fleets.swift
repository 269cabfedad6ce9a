import TaktKernel

extension Reader {
    static let fleetKeys = ["name", "vehicles", "depot", "speed", "distances", "load", "unload", "battery", "dispatch", "requests", "source",
                            "description"]
    static let batteryKeys = ["charger", "runtime", "charge_time", "recharge_below", "source"]
    static let kitKeys = ["fleet", "size", "reorder_at", "source"]

    /// Reads `fleets:` and each station's `kits:`, and works out the travel
    /// times every kitted station needs; sets `stations[s].kits`.
    mutating func readFleets(_ value: YAMLValue?, stationItems: [YAMLValue], stations: inout [StationSpec]) -> [FleetSpec] {
        var distanceTables: [[Pair: Double]] = []
        var distanceValues: [YAMLValue] = []
        var fleets: [FleetSpec] = []
        let errorsBefore = errors.count
        if let value {
            let read = readNamedList(value, kind: "fleet", allowed: Self.fleetKeys) { r, map, name throws(PlantFileError) in
                try r.readFleet(map, name: name, stations: stations.map(\.name))
            }
            for (fleet, table, tableValue) in read {
                fleets.append(fleet)
                distanceTables.append(table)
                distanceValues.append(tableValue)
            }
        }
        let fleetNames = fleets.map(\.name)
        // A kit naming a fleet that failed to read was already reported there.
        let fleetsFailed = errors.count > errorsBefore
        for (s, item) in stationItems.enumerated() where s < stations.count {
            let kits = attempt { _ throws(PlantFileError) -> KitSpec? in
                guard let v = try item.mapping()["kits"] else { return nil }
                let map = try v.mapping(allowed: Self.kitKeys)
                let fleetValue = try map.required("fleet", hint: "the fleet that delivers the kits")
                let fleetName = try fleetValue.string()
                guard let f = fleetNames.firstIndex(of: fleetName) else {
                    if fleetsFailed { return nil }
                    throw fleetValue.error(fleetNames.isEmpty ? "no fleet is defined: add one under 'fleets' at the top of the plant file"
                        : "no fleet is named '\(fleetName)'\(Suggestion.hint(for: fleetName, in: fleetNames))")
                }
                let size = try map.required("size", hint: "kits per delivery").int(in: 1...100_000)
                let reorderAt = try map.required("reorder_at", hint: "request a delivery when this many kits are left").int(in: 0...100_000)
                return KitSpec(fleet: f, size: size, reorderAt: reorderAt)
            }
            stations[s].kits = kits ?? nil
            guard let kit = kits ?? nil else { continue }
            // Travel times the kitted station needs: from the depot, and to the charger.
            let fleet = fleets[kit.fleet]
            let where_ = distanceValues[kit.fleet]
            let name = stations[s].name
            if let d = distanceTables[kit.fleet][Pair(fleet.depot, name)] {
                fleets[kit.fleet].depotToStation[s] = travel(d, fleet)
            } else {
                errors.append(where_.error("no distance between '\(fleet.depot)' and '\(name)' (kitted by fleet '\(fleet.name)'): add it here"))
            }
            if let charger = fleet.battery?.charger {
                if let d = distanceTables[kit.fleet][Pair(charger, name)] {
                    fleets[kit.fleet].battery?.stationToCharger[s] = travel(d, fleet)
                } else {
                    errors.append(where_.error("no distance between '\(charger)' and '\(name)' (fleet '\(fleet.name)' charges there): add it here"))
                }
            }
        }
        return fleets
    }

    /// Travel time over `metres` at the fleet's speed.
    private func travel(_ metres: Double, _ fleet: FleetSpec) -> Tick {
        Ticks.from(seconds: metres / fleet.speed)
    }

    /// Reads one fleet; returns it with its distance table (metres) and where that table is.
    mutating func readFleet(_ map: MappingReader, name: String, stations: [String]) throws(PlantFileError)
        -> (FleetSpec, [Pair: Double], YAMLValue) {
        let vehicles = try map.required("vehicles", hint: "how many vehicles").int(in: 1...100_000)
        let depot = try map.required("depot", hint: "where kits are loaded, e.g. supermarket").string()
        let speedValue = try map.required("speed", hint: "metres per second, e.g. 1.2")
        let speed = try speedValue.double()
        guard speed > 0, speed.isFinite else { throw speedValue.error("speed must be a positive number of metres per second, got \(speed)") }
        let load = try readDistribution(try map.required("load", hint: "time to load a kit at the depot, e.g. 30s"))
        let unload = try readDistribution(try map.required("unload", hint: "time to unload a kit at the station, e.g. 20s"))
        let dispatch = try map["dispatch"].map { v throws(PlantFileError) in
            FleetSpec.VehicleChoice(rawValue: try v.choice(FleetSpec.VehicleChoice.allCases.map(\.rawValue)))!
        } ?? .nearestIdle
        let requests = try map["requests"].map { v throws(PlantFileError) in try readRequests(v) } ?? .rule(.fifo)
        var battery: BatterySpec?
        if let b = map["battery"] {
            let bm = try b.mapping(allowed: Self.batteryKeys)
            let charger = try bm.required("charger", hint: "where vehicles charge, a name in 'distances'").string()
            guard charger != depot else { throw (bm["charger"] ?? b).error("the charger must be its own place, not the depot") }
            let runtimeValue = try bm.required("runtime", hint: "busy time on a full battery, e.g. 8h")
            let runtime = try runtimeValue.duration()
            guard runtime > 0 else { throw runtimeValue.error("runtime must be greater than 0") }
            let chargeValue = try bm.required("charge_time", hint: "time to charge from empty to full, e.g. 2h")
            let chargeTime = try chargeValue.duration()
            guard chargeTime > 0 else { throw chargeValue.error("charge_time must be greater than 0") }
            let below = try bm["recharge_below"].map { v throws(PlantFileError) in
                let x = try v.double()
                guard x > 0, x < 1 else { throw v.error("must be a share between 0 and 1 (exclusive), got \(x)") }
                return x
            } ?? 0.2
            battery = BatterySpec(charger: charger, stationToCharger: [:], chargerToDepot: 0, runtime: Ticks.from(seconds: runtime),
                                  chargeTime: Ticks.from(seconds: chargeTime), rechargeBelow: below)
        }
        let tableValue = try map.required("distances", hint: "metres between the depot, the charger and each kitted station")
        let places = [depot] + (battery.map { [$0.charger] } ?? []) + stations
        let table = try readDistances(tableValue, places: places)
        var fleet = FleetSpec(name: name, vehicles: vehicles, depot: depot, speed: speed, depotToStation: [:], load: load, unload: unload,
                              battery: battery, dispatch: dispatch, requests: requests)
        if let charger = battery?.charger {
            guard let d = table[Pair(charger, depot)] else {
                throw tableValue.error("no distance between '\(charger)' and '\(depot)': add it here")
            }
            fleet.battery?.chargerToDepot = Ticks.from(seconds: d / speed)
        }
        return (fleet, table, tableValue)
    }

    /// Reads `distances: {a: {b: 120, c: 80}, …}` in metres; each pair once, either way round.
    func readDistances(_ value: YAMLValue, places: [String]) throws(PlantFileError) -> [Pair: Double] {
        var table: [Pair: Double] = [:]
        for row in try value.mapping().entries {
            let rowValue = YAMLValue(node: row.value, path: "\(value.path).\(row.key)", file: value.file)
            guard places.contains(row.key) else {
                throw YAMLValue(node: row.keyNode, path: rowValue.path, file: value.file)
                    .error("'\(row.key)' is not the depot, the charger or a station\(Suggestion.hint(for: row.key, in: places))")
            }
            for cell in try rowValue.mapping().entries {
                let cellValue = YAMLValue(node: cell.value, path: "\(rowValue.path).\(cell.key)", file: value.file)
                guard places.contains(cell.key) else {
                    throw YAMLValue(node: cell.keyNode, path: cellValue.path, file: value.file)
                        .error("'\(cell.key)' is not the depot, the charger or a station\(Suggestion.hint(for: cell.key, in: places))")
                }
                guard cell.key != row.key else { throw cellValue.error("a distance from '\(row.key)' to itself is always 0") }
                let metres = try cellValue.double()
                guard metres >= 0, metres.isFinite, metres <= 1_000_000 else { throw cellValue.error("a distance must be 0 to 1000000 metres, got \(metres)") }
                let pair = Pair(row.key, cell.key)
                guard table[pair] == nil else { throw cellValue.error("the distance between '\(row.key)' and '\(cell.key)' is given twice") }
                table[pair] = metres
            }
        }
        return table
    }
}

/// An unordered pair of place names.
struct Pair: Hashable {
    let a: String
    let b: String
    init(_ x: String, _ y: String) {
        (a, b) = x < y ? (x, y) : (y, x)
    }
}
