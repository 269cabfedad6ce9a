import TaktKernel

/// Departures into sinks and the warm-up reset of statistics.
extension LineModel {
    func depart(_ job: Int32, _ sim: Simulation) {
        output.recordDeparture(createdAt: jobs.created[Int(job)], at: sim.now, operatingClock: operatingClock(at: sim.now),
                               reworked: jobs.reworked[Int(job)])
        control.instruments.departureLog?.record(at: sim.now, leadTime: sim.now - jobs.created[Int(job)])
        if orders.dueDates, jobs.due[Int(job)] >= 0 { output.recordDue(jobs.due[Int(job)], finished: sim.now) }
        if orders.enabled {
            output.recordOrder(variant: jobs.variant[Int(job)], colour: jobs.colour[Int(job)], leadTime: sim.now - jobs.created[Int(job)])
        }
        retire(job, sim)
    }

    /// `job` leaves the model (it departed, was lost at its source or was consumed as a part): a carrier
    /// it still rides goes back, and its number is free for a new job.
    @inline(__always)
    func retire(_ job: Int32, _ sim: Simulation) {
        if !carriers.riding.isEmpty { unloadCarrier(job, at: -1, sim) }
        jobs.free.append(job)
    }

    /// The end of warm-up: the core's statistics start again, and each component's.
    func resetStatistics(at now: Tick) {
        keepRunningFigures()
        for s in stats.indices { stats[s].reset(at: now) }
        for k in servers.indices { servers[k].stateSince = now }
        output.reset(at: now, operatingClock: operatingClock(at: now))
        components.resetStatistics(self, at: now)
    }
}
