import TaktKernel

/// Carrier loops: a job starts at a load station only on a free carrier,
/// rides it through the line, and leaves it at the loop's unload station;
/// the empty carrier then travels back (the return time) and is free at the
/// load station again.
///
/// The carriers bound the jobs between loading and unloading, as skids in a
/// paint shop or pallets on an assembly loop do: a load station out of
/// carriers holds its jobs in its buffer (its servers count as starved),
/// and the stations before it block. A job that leaves the plant still on
/// its carrier (routed past the unload station), or a part consumed by an
/// assembly on its way, sends the carrier back too.
extension LineModel {
    /// Handles a carrier event.
    func handle(_ kind: CarrierEvent, _ event: Event, _ sim: Simulation) {
        switch kind {
        case .carrierReturned: carrierReturned(to: Int(event.target), sim)
        }
    }

    /// Load station `s` starts `job`: it takes a free carrier (`partsReady` saw one).
    @inline(__always)
    func loadCarrier(_ job: Int32, at s: Int, at now: Tick) {
        carriers.free[s] -= 1
        carriers.inUse[s].add(1, at: now)
        if carriers.free[s] == 0 { carriers.emptySince[s] = now }
        carriers.riding[job] = (Int32(s), now)
    }

    /// `job` leaves station `s` (`s` < 0: the model, through `retire`): a carrier it rides and that is unloaded here goes back empty.
    func unloadCarrier(_ job: Int32, at s: Int, _ sim: Simulation) {
        guard let ride = carriers.riding[job], s < 0 || carriers.unloadAt[Int(ride.load)] == s else { return }
        carriers.riding[job] = nil
        let load = Int(ride.load)
        let back = carriers.returnTime[load].map { $0.sampleTicks(&carriers.streams[load]) } ?? 0
        if ride.since >= carriers.windowStart { carriers.cycles[load].record(Double(sim.now + back - ride.since)) }
        // An event even for an instant return: the carrier is free after this event, not in the middle of it.
        sim.schedule(Event(CarrierEvent.carrierReturned, target: Int32(load)), after: back)
    }

    /// An empty carrier is back at load station `s`: a waiting job can start on it.
    func carrierReturned(to s: Int, _ sim: Simulation) {
        if carriers.free[s] == 0 { carriers.emptyTime[s] += sim.now - max(carriers.emptySince[s], carriers.windowStart) }
        carriers.free[s] += 1
        carriers.inUse[s].add(-1, at: sim.now)
        startWaitingJobs(at: s, sim)
    }

    /// Share of measured time load station `s` had no free carrier, up to `now`.
    func carrierShortage(at s: Int, measured: Double) -> Double {
        guard measured > 0 else { return 0 }
        let open = carriers.free[s] == 0 ? now - max(carriers.emptySince[s], carriers.windowStart) : 0
        return Double(carriers.emptyTime[s] + open) / measured
    }
}
