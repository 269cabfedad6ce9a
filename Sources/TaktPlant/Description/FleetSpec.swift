import TaktKernel

/// A fleet of vehicles (AMRs, AGVs) that deliver part kits from a depot
/// (a supermarket) to stations that consume one kit per job.
///
/// A trip goes from wherever the vehicle is to the depot, loads, drives to
/// the station and unloads. Travel time is distance over speed; vehicles
/// that run low on battery drive to the charger after a delivery and charge
/// before they take the next request. The dispatch rules are the fleet's
/// decision point.
public struct FleetSpec: Sendable {
    /// Unique name.
    public var name: String
    /// Number of vehicles; all start idle and fully charged at the depot.
    public var vehicles: Int
    /// Where kits are loaded, and where vehicles start.
    public var depot: String
    /// Travel speed, metres per second.
    public var speed: Double
    /// Travel time from the depot to each kitted station, by station index.
    public var depotToStation: [Int: Tick]
    /// Time to load a kit at the depot and to unload it at the station.
    public var load: Distribution
    public var unload: Distribution
    /// Battery and charging; nil when not modelled (vehicles never charge).
    public var battery: BatterySpec?
    /// Which idle vehicle takes a request.
    public var dispatch: VehicleChoice
    /// Which waiting request a vehicle takes when it becomes free: the dispatch decision point.
    public var requests: RequestRule

    /// How the fleet chooses a vehicle for a request.
    public enum VehicleChoice: String, Sendable, CaseIterable {
        /// The idle vehicle nearest to the depot (ties: idle longest).
        case nearestIdle = "nearest_idle"
        /// The vehicle that has been idle longest.
        case longestIdle = "longest_idle"
    }

    /// How a free vehicle chooses among waiting requests, by a rule.
    public enum RequestChoice: String, Sendable, CaseIterable {
        /// The oldest request.
        case fifo
        /// The station with the fewest kits left (ties: the oldest request).
        case lowestStock = "lowest_stock"
    }

    /// How a free vehicle chooses among waiting requests: a rule, the
    /// teacher, or a learned policy.
    public enum RequestRule: Sendable, Equatable {
        case rule(RequestChoice)
        /// The teacher: orders the waiting requests exactly as if this vehicle
        /// served them all in turn, to minimize the stations' total time
        /// without kits.
        case oracle
        case policy(PolicyBinding)

        /// The rule a vehicle falls back to (and the one named), for the rules themselves.
        public var choice: RequestChoice {
            if case let .rule(c) = self { return c }
            return .fifo
        }

        public var name: String {
            switch self {
            case let .rule(c): c.rawValue
            case .oracle: "oracle"
            case let .policy(p): p.name
            }
        }
    }
}

/// A fleet's batteries and its charger.
public struct BatterySpec: Sendable {
    /// Where vehicles charge.
    public var charger: String
    /// Travel time from each kitted station to the charger, by station index, and from the charger to the depot.
    public var stationToCharger: [Int: Tick]
    public var chargerToDepot: Tick
    /// Busy time a full battery lasts (vehicles draw nothing while idle).
    public var runtime: Tick
    /// Time to charge an empty battery to full; charging is linear.
    public var chargeTime: Tick
    /// A vehicle whose charge falls below this share after a delivery goes to charge, 0…1.
    public var rechargeBelow: Double
}

/// A station's supply of part kits, delivered by a fleet.
///
/// The station holds `reorderAt + size` kits at the start. Each job started
/// uses one; when the kits on hand plus those on their way fall to
/// `reorderAt`, the station requests `size` more. A server with a job but no
/// kit waits (it is starved of material).
public struct KitSpec: Sendable, Equatable {
    /// The delivering fleet, by index into `PlantDescription.fleets`.
    public var fleet: Int
    /// Kits per delivery.
    public var size: Int
    /// Reorder point, in kits.
    public var reorderAt: Int
}
