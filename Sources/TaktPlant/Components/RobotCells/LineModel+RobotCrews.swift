import TaktKernel

/// Repair and maintenance crews for robots: a failed robot whose cell names
/// a crew (`robots: {failures: {repair: technicians}}`) stays down until the
/// crew comes from its worker pool, then for its time to repair; a robot
/// taken down for maintenance whose cell names a maintenance crew
/// (`maintenance: {crew: technicians}`) stays down until that crew comes,
/// then for the maintenance's duration. The crew then goes back. Requests
/// wait in the pool's line with the stations' repairs and work, by priority
/// and then in request order.
extension LineModel {
    /// Robot `r`'s crew is there: its repair takes a time to repair from now
    /// (drawn from the robot's stream, as a repair without a crew draws it at the failure).
    func beginRobotRepair(_ r: Int, _ sim: Simulation) {
        let s = robotCells.station[r]
        guard let cell = robotCells.cells[s] else { return }
        let time = cell.timeToRepair.sampleTicks(&robotCells.streams[r])
        switch cell.basis {
        case .calendar: sim.schedule(Event(RobotCellEvent.robotRepair, target: Int32(r)), after: time)
        case .operating: sim.schedule(Event(FailureEvent.repair, target: Int32(pools.first[s])), after: time)
        }
    }

    /// Robot `r`'s maintenance crew is there (or it needs none): the maintenance takes its duration from now.
    func beginRobotMaintenance(_ r: Int, _ sim: Simulation) {
        guard let maintenance = plant.stations[robotCells.station[r]].robots?.maintenance else { return }
        sim.schedule(Event(RobotCellEvent.robotRepair, target: Int32(r)), after: maintenance.duration.sampleTicks(&robotCells.maintenanceStreams[r]))
    }

    /// Robot `r` is repaired or maintained: the workers its crew took go back to their pool.
    func releaseRobotCrew(_ r: Int, _ sim: Simulation) {
        let held = robotCells.crewHeld[r]
        robotCells.crewHeld[r] = 0
        giveBack(held, to: robotCells.crewPool[r], at: robotCells.station[r], sim)
    }
}
