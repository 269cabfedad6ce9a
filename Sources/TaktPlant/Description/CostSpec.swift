/// What running the plant costs and earns (`costs:` at the top of a plant file), in its currency.
///
/// Conventions: every rate is per hour of the measured time (after warm-up), on
/// the calendar clock, so a rate counts off shift too unless it is for work
/// done; a station's server hour is paid for each of its servers whether it
/// works or not (capital, space, upkeep), its working hour only while a server
/// works (energy, wear, tools); a buffer place hour for each place of a finite
/// buffer (a conveyor's places are its buffer's); a worker hour for each worker
/// on duty (its pool's calendar says when); a vehicle hour for each vehicle of
/// a fleet; material for each completed job; holding cost for each job in the
/// plant per hour (the time-average work in process). The calls of deployed
/// decisions cost what their deployments say (`cost_per_call`). Revenue is
/// per completed job, so profit per hour is revenue per job × jobs per hour −
/// cost per hour.
public struct CostSpec: Sendable, Equatable {
    /// The currency's name (`EUR`), which names the money in the cost figures' units (`EUR/h`); empty: not named.
    public var currency: String
    /// Earned per completed job (a contribution margin, say); nil: no profit figure.
    public var revenuePerJob: Double?
    /// Material and consumables per completed job.
    public var materialPerJob: Double
    /// Holding cost per job in the plant per hour.
    public var workInProcessPerJobHour: Double
    /// Each station's rates, in plant-file order.
    public var stations: [StationRates]
    /// Each worker pool's rate per worker on duty per hour, in plant-file order.
    public var workerHour: [Double]
    /// Each fleet's rate per vehicle per hour, in plant-file order.
    public var vehicleHour: [Double]

    /// One station's rates.
    public struct StationRates: Sendable, Equatable {
        /// Per server per hour, working or not.
        public var serverHour: Double
        /// Per server per hour while it works.
        public var workingHour: Double
        /// Per buffer place per hour.
        public var bufferPlaceHour: Double

        public init(serverHour: Double = 0, workingHour: Double = 0, bufferPlaceHour: Double = 0) {
            (self.serverHour, self.workingHour, self.bufferPlaceHour) = (serverHour, workingHour, bufferPlaceHour)
        }
    }

    public init(currency: String, revenuePerJob: Double?, materialPerJob: Double, workInProcessPerJobHour: Double,
                stations: [StationRates], workerHour: [Double], vehicleHour: [Double]) {
        (self.currency, self.revenuePerJob, self.materialPerJob) = (currency, revenuePerJob, materialPerJob)
        self.workInProcessPerJobHour = workInProcessPerJobHour
        (self.stations, self.workerHour, self.vehicleHour) = (stations, workerHour, vehicleHour)
    }
}
