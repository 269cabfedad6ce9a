import TaktKernel

/// An idle vehicle as the dispatcher sees it.
public struct VehicleView: Sendable, Equatable {
    /// The vehicle's index within its fleet.
    public var vehicle: Int
    /// Travel time from where it stands to the depot.
    public var toDepot: Tick
    /// When it became idle.
    public var idleSince: Tick
    /// Battery charge left, 0…1 (1 without a battery model).
    public var charge: Double

    public init(vehicle: Int, toDepot: Tick, idleSince: Tick, charge: Double) {
        self.vehicle = vehicle
        self.toDepot = toDepot
        self.idleSince = idleSince
        self.charge = charge
    }
}

/// A waiting kit request as the dispatcher sees it.
public struct KitRequestView: Sendable, Equatable {
    /// The requesting station, by index.
    public var station: Int
    /// When the request was made.
    public var requested: Tick
    /// Kits the station has left.
    public var kitsLeft: Int

    public init(station: Int, requested: Tick, kitsLeft: Int) {
        self.station = station
        self.requested = requested
        self.kitsLeft = kitsLeft
    }
}

/// The rules a fleet names in the plant file: which idle vehicle serves a
/// new request, and which waiting request a freed vehicle serves next. The
/// model asks only when there is a choice (at least one candidate) and clamps
/// the answer to the candidates given. The oracle and learned policies serve
/// the second choice through the `dispatch` decision point instead.
public struct FleetRules: Sendable {
    public var vehicleChoice: FleetSpec.VehicleChoice
    public var requestChoice: FleetSpec.RequestChoice

    public init(vehicleChoice: FleetSpec.VehicleChoice, requestChoice: FleetSpec.RequestChoice) {
        self.vehicleChoice = vehicleChoice
        self.requestChoice = requestChoice
    }

    /// The index in `idle` (never empty) of the vehicle for `request`.
    public func vehicle(for request: KitRequestView, among idle: [VehicleView], at now: Tick) -> Int {
        var best = 0
        for i in idle.indices.dropFirst() {
            let a = idle[i], b = idle[best]
            switch vehicleChoice {
            case .nearestIdle:
                if a.toDepot < b.toDepot || (a.toDepot == b.toDepot && a.idleSince < b.idleSince) { best = i }
            case .longestIdle:
                if a.idleSince < b.idleSince { best = i }
            }
        }
        return best
    }

    /// The index in `waiting` (never empty) of the request `vehicle` serves.
    public func request(for vehicle: VehicleView, among waiting: [KitRequestView], at now: Tick) -> Int {
        guard requestChoice == .lowestStock else { return 0 }  // waiting requests are kept oldest first
        var best = 0
        for i in waiting.indices.dropFirst() where waiting[i].kitsLeft < waiting[best].kitsLeft { best = i }
        return best
    }
}
