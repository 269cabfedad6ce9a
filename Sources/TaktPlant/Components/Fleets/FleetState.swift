import TaktKernel

/// One vehicle of a fleet during a run.
struct Vehicle {
    enum State: Int { case idle = 0, busy = 1, charging = 2 }

    /// Where it stands: a station index, or `Vehicle.depot` / `Vehicle.charger`.
    var place: Int = Vehicle.depot
    var state: State = .idle
    var stateSince: Tick = 0
    /// Time spent idle, busy (on a trip) and charging (driving to the charger included) since the window start, by `State`.
    var times = StateTimes()
    /// Busy time left on the battery.
    var charge: Tick
    /// The trip under way: the station it delivers to, and when that station asked.
    var destination = -1
    var requestedAt: Tick = 0
    /// Where the trip under way goes when (what a played-back run draws).
    var legs = VehicleLegs()

    static let depot = -1
    static let charger = -2

    init(charge: Tick) {
        self.charge = charge
    }

    /// Books the time in the current state up to `now` and enters `state`.
    mutating func enter(_ state: State, at now: Tick) {
        times.add(now - stateSince, to: self.state.rawValue)
        self.state = state
        stateSince = now
    }
}

/// Where a vehicle's trip goes when: from its place to a stop (the depot, or
/// the charger), then, for a delivery, from the depot to the station. Set
/// when the trip starts; read only by a played-back run (`TimelineScanner`).
struct VehicleLegs: Equatable {
    /// Where it set out from (a station, `Vehicle.depot` or `Vehicle.charger`) and when.
    var from = Vehicle.depot
    var start: Tick = -1
    /// The first stop, and when it reaches it.
    var stop = Vehicle.depot
    var atStop: Tick = 0
    /// A delivery: when it leaves the depot loaded, and reaches the station (`destination`); nil otherwise.
    var leaves: Tick?
    var arrives: Tick = 0

    /// When its last drive ends: at the station for a delivery, else at the first stop.
    var lastArrival: Tick { leaves == nil ? atStop : arrives }
}

/// A station's request for kits, waiting for a vehicle.
struct KitRequest {
    var station: Int
    var time: Tick
}

/// A fleet during a run: its vehicles, waiting requests and figures.
struct FleetState {
    init(_ spec: FleetSpec, stations: Int, stream: RandomStream) {
        vehicles = Array(repeating: Vehicle(charge: spec.battery?.runtime ?? .max), count: spec.vehicles)
        idle = Array(0..<spec.vehicles)
        self.stream = stream
        rules = FleetRules(vehicleChoice: spec.dispatch, requestChoice: spec.requests.choice)
        depotTravel = (0..<stations).map { spec.depotToStation[$0] ?? 0 }
        chargerTravel = (0..<stations).map { spec.battery?.stationToCharger[$0] ?? 0 }
        chargerToDepot = spec.battery?.chargerToDepot ?? 0
        load = spec.load.sampler
        meanHandling = (spec.load.mean + spec.unload.mean) * Double(Ticks.perSecond)
        unload = spec.unload.sampler
        battery = spec.battery.map { Battery(runtime: $0.runtime, chargeTime: $0.chargeTime, rechargeBelow: $0.rechargeBelow) }
    }

    /// A fleet's battery settings, read once from its `FleetSpec`.
    struct Battery {
        /// Busy time a full battery lasts.
        let runtime: Tick
        /// Time to charge an empty battery to full.
        let chargeTime: Tick
        /// The share of `runtime` left below which a vehicle charges after a delivery.
        let rechargeBelow: Double
    }

    var vehicles: [Vehicle]
    /// Requests no vehicle has taken yet, oldest first.
    var waiting: [KitRequest] = []
    /// Vehicles waiting for work, in the order they became idle.
    var idle: [Int]
    var stream: RandomStream
    let rules: FleetRules
    /// Travel times by station index (0 where the fleet does not deliver): depot to station, station to charger.
    let depotTravel: [Tick]
    let chargerTravel: [Tick]
    let chargerToDepot: Tick
    /// Time to load kits at the depot and to unload them at a station (samplers valid while the plant lives).
    let load: Sampler
    let unload: Sampler
    /// Mean loading plus unloading time of one trip, ticks.
    let meanHandling: Double
    /// The vehicles' batteries (nil: none).
    let battery: Battery?
    // Figures since the window start.
    var deliveries = 0
    var response = Tally()
    var charges = 0
    /// Scratch lists for the dispatcher, reused to avoid allocating per decision.
    var idleViews: [VehicleView] = []
    var requestViews: [KitRequestView] = []

    /// Travel time from a place (a station, `Vehicle.depot` or `Vehicle.charger`) to the depot.
    @inline(__always)
    func toDepot(from place: Int) -> Tick {
        place >= 0 ? depotTravel[place] : (place == Vehicle.charger ? chargerToDepot : 0)
    }

    /// Vehicle `v` as the dispatcher sees it.
    @inline(__always)
    func view(of v: Int) -> VehicleView {
        let vehicle = vehicles[v]
        return VehicleView(vehicle: v, toDepot: toDepot(from: vehicle.place), idleSince: vehicle.stateSince,
                           charge: battery.map { Double(vehicle.charge) / Double($0.runtime) } ?? 1)
    }
}
