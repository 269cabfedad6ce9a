/// A conveyor's events (the target is the station the conveyor feeds).
enum ConveyorEvent: Int32, LineEventKind {
    /// The conveyor's first job reaches its end.
    case conveyorEnd = 18
    /// The last job to enter has moved a pitch on: the conveyor's start has room again.
    case conveyorStartFree = 19
}
