/// What one replication cost and earned per hour of measured time, by kind, in the plant's currency (`CostSpec`).
public struct CostResult: Sendable, Codable, Equatable {
    /// The plant's currency (`CostSpec.currency`).
    public var currency: String
    /// Servers, whether they work or not.
    public var capacityPerHour: Double
    /// Servers while they work.
    public var workingPerHour: Double
    /// Buffer places.
    public var buffersPerHour: Double
    /// Workers on duty.
    public var labourPerHour: Double
    /// Vehicles of the fleets.
    public var fleetsPerHour: Double
    /// Material of the completed jobs.
    public var materialPerHour: Double
    /// Work in process held.
    public var holdingPerHour: Double
    /// Calls of deployed decisions.
    public var decisionsPerHour: Double
    /// All of the above.
    public var totalPerHour: Double
    /// The total over the jobs completed (0 when none completed).
    public var perJob: Double
    /// Revenue of the completed jobs less the total, per hour (nil without a revenue per job).
    public var profitPerHour: Double?

    /// Prices `result`, a replication of `plant` measured over `hours`, by `spec`.
    public init(_ spec: CostSpec, plant: PlantDescription, result: ReplicationResult, hours: Double) {
        currency = spec.currency
        var capacity = 0.0, working = 0.0, buffers = 0.0
        for (s, station) in result.stations.enumerated() {
            let rates = spec.stations[s], servers = Double(station.servers)
            capacity += rates.serverHour * servers
            working += rates.workingHour * servers * station.working
            if case let .limited(places) = plant.stations[s].buffer { buffers += rates.bufferPlaceHour * Double(places) }
        }
        capacityPerHour = capacity
        workingPerHour = working
        buffersPerHour = buffers
        labourPerHour = zip(spec.workerHour, result.workerPools).reduce(0) { $0 + $1.0 * Double($1.1.workers) * $1.1.onDuty }
        fleetsPerHour = zip(spec.vehicleHour, result.fleets).reduce(0) { $0 + $1.0 * Double($1.1.vehicles) }
        let jobsPerHour = result.throughputPerHour
        materialPerHour = spec.materialPerJob * jobsPerHour
        holdingPerHour = spec.workInProcessPerJobHour * result.workInProcess
        decisionsPerHour = hours > 0 ? (result.deployed?.cost ?? 0) / hours : 0
        totalPerHour = capacity + working + buffers + labourPerHour + fleetsPerHour + materialPerHour + holdingPerHour + decisionsPerHour
        perJob = jobsPerHour > 0 ? totalPerHour / jobsPerHour : 0
        profitPerHour = spec.revenuePerJob.map { $0 * jobsPerHour - totalPerHour }
    }
}
