/// Every figure of a station, declared by the core and the components that measure them.
///
/// A component adds its figures with one line here; their declarations live in its folder.
public enum StationOutputs {
    public static let all: [StationOutput] = fromCore + fromBottlenecks + fromShifts + fromInspection + fromChangeovers + fromEnergy + fromKits + fromCarriers + fromConveyors
        + fromWorkers

    /// The figure named `name`, if one is declared.
    public static func named(_ name: String) -> StationOutput? { all.first { $0.name == name } }
}

/// Every figure of a robot of a robot cell.
public enum RobotOutputs {
    public static let all: [RobotOutput] = fromRobotCells + fromMaintenance + fromEnergy
}

/// Every figure of a vehicle fleet.
public enum FleetOutputs {
    public static let all: [FleetOutput] = fromFleets
}

/// Every figure of a worker pool.
public enum WorkerOutputs {
    public static let all: [WorkerOutput] = fromWorkers
}
