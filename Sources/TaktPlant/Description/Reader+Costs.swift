/// The plant's costs (`costs:` at the top): rates by station, worker pool and fleet, by name, with defaults.
extension Reader {
    static let costKeys = ["currency", "revenue_per_job", "material_per_job", "wip_per_job_hour", "stations", "workers", "fleets", "source", "description"]
    static let stationRateKeys = ["per_server_hour", "per_working_hour", "per_buffer_place_hour"]

    /// Reads `costs:`, after the stations, pools and fleets it names.
    mutating func readCosts(_ value: YAMLValue, stations: [StationSpec], pools: [WorkerPoolSpec], fleets: [FleetSpec]) -> CostSpec? {
        attempt { _ throws(PlantFileError) in
            let map = try value.mapping(allowed: Self.costKeys)
            let currency = try map["currency"]?.string() ?? ""
            let revenue = try map["revenue_per_job"].map { v throws(PlantFileError) in try Self.amount(v) }
            let material = try map["material_per_job"].map { v throws(PlantFileError) in try Self.amount(v) } ?? 0
            let holding = try map["wip_per_job_hour"].map { v throws(PlantFileError) in try Self.amount(v) } ?? 0
            var rates = [CostSpec.StationRates](repeating: .init(), count: stations.count)
            if let v = map["stations"] {
                let byName = try Self.byName(v, names: stations.map(\.name), kind: "station")
                let fallback = try byName.fallback.map { v throws(PlantFileError) in try Self.stationRates(v, over: .init()) } ?? .init()
                for s in stations.indices {
                    rates[s] = fallback
                    // A default rate prices finite buffers only.
                    if stations[s].buffer == .unlimited { rates[s].bufferPlaceHour = 0 }
                }
                for (s, value) in byName.named {
                    rates[s] = try Self.stationRates(value, over: rates[s])
                    if stations[s].buffer == .unlimited, rates[s].bufferPlaceHour > 0 {
                        throw value.error("station '\(stations[s].name)' has an unlimited buffer: a rate per buffer place needs a capacity")
                    }
                }
            }
            let workerHour = try Self.rates(map["workers"], names: pools.map(\.name), kind: "worker pool")
            let vehicleHour = try Self.rates(map["fleets"], names: fleets.map(\.name), kind: "fleet")
            return CostSpec(currency: currency, revenuePerJob: revenue, materialPerJob: material, workInProcessPerJobHour: holding,
                            stations: rates, workerHour: workerHour, vehicleHour: vehicleHour)
        }
    }

    /// A money amount: a number, zero or more.
    static func amount(_ value: YAMLValue) throws(PlantFileError) -> Double {
        let x = try value.double()
        guard x >= 0, x.isFinite else { throw value.error("expected an amount of zero or more, got \(value.shown)") }
        return x
    }

    /// A mapping from names in `names` (or `default`) to values: the default's value and each named entry's index.
    static func byName(_ value: YAMLValue, names: [String], kind: String) throws(PlantFileError) -> (fallback: YAMLValue?, named: [(index: Int, value: YAMLValue)]) {
        let map = try value.mapping()
        if names.isEmpty { throw value.error("the plant has no \(kind) to price") }
        var fallback: YAMLValue?
        var named: [(Int, YAMLValue)] = []
        for entry in map.entries {
            let v = map[entry.key]!
            if entry.key == "default" {
                fallback = v
            } else if let i = names.firstIndex(of: entry.key) {
                named.append((i, v))
            } else {
                let key = YAMLValue(node: entry.keyNode, path: v.path, file: v.file)
                throw key.error("no \(kind) is named '\(entry.key)'\(Suggestion.hint(for: entry.key, in: names + ["default"]))")
            }
        }
        return (fallback, named)
    }

    /// One station's rates, each absent rate taken from `base`.
    static func stationRates(_ value: YAMLValue, over base: CostSpec.StationRates) throws(PlantFileError) -> CostSpec.StationRates {
        let map = try value.mapping(allowed: stationRateKeys)
        var rates = base
        if let v = map["per_server_hour"] { rates.serverHour = try amount(v) }
        if let v = map["per_working_hour"] { rates.workingHour = try amount(v) }
        if let v = map["per_buffer_place_hour"] { rates.bufferPlaceHour = try amount(v) }
        return rates
    }

    /// A rate per name (`default` for the rest), one per name in order; zeros when absent.
    static func rates(_ value: YAMLValue?, names: [String], kind: String) throws(PlantFileError) -> [Double] {
        guard let value else { return Array(repeating: 0, count: names.count) }
        let byName = try byName(value, names: names, kind: kind)
        var rates = Array(repeating: try byName.fallback.map(amount) ?? 0, count: names.count)
        for (i, v) in byName.named { rates[i] = try amount(v) }
        return rates
    }
}
