import TaktKernel

/// Conveyors: a station fed by a conveyor takes its jobs from the
/// conveyor's end, in the order they entered, once they have travelled its
/// length; the conveyor is the station's buffer, its places its length over
/// the pitch.
///
/// A job enters at the start when a place is free and the job before it has
/// moved a pitch on; until then the station (or source) that holds it is
/// blocked. It reaches the end `travel` after it entered, or a pitch's
/// travel after the job ahead of it left the end, whichever is later (exact
/// for equal pitches: the job closes up behind the one ahead). A
/// non-accumulating conveyor stops as a whole while its first job waits at
/// the end, so everything on it waits too; it starts again when the station
/// takes that job.
extension LineModel {
    /// Handles a conveyor event.
    func handle(_ kind: ConveyorEvent, _ event: Event, _ sim: Simulation) {
        let s = Int(event.target)
        switch kind {
        case .conveyorEnd: jobReachedEnd(ofConveyor: s, sim)
        case .conveyorStartFree: openConveyorStart(s, sim)
        }
    }

    /// A job has entered the conveyor into station `s` at its start (as the last of its jobs): the
    /// start closes until the job has moved a pitch on, and a job alone on it heads for the end.
    ///
    /// The start is closed through the buffer's capacity, which the core's `hasRoom` reads: while
    /// closed it equals the jobs on the conveyor, so no other job enters (`hasRoom` tests no flag
    /// for conveyors); when the pitch is clear it is the conveyor's places again.
    func enteredConveyor(station s: Int, _ sim: Simulation) {
        let position = conveyors.clock(s, at: sim.now)
        conveyors.lastEntry[s] = position
        if !conveyors.accumulating[s] { conveyors.entries[s].append(position) }
        buffers.capacity[s] = buffers.queues[s].count
        conveyors.startClosed[s] = true
        // A stopped conveyor schedules this when it starts again.
        if conveyors.running[s] { sim.schedule(Event(ConveyorEvent.conveyorStartFree, target: Int32(s)), after: conveyors.gap[s]) }
        if buffers.queues[s].count == 1 { scheduleConveyorEnd(s, sim) }
    }

    /// The last job to enter the conveyor into station `s` may have moved a pitch on: if so, its start opens.
    func openConveyorStart(_ s: Int, _ sim: Simulation) {
        // (One scheduled before the conveyor stopped comes too early; the restart scheduled the right one.)
        guard conveyors.startClosed[s], conveyors.clock(s, at: sim.now) >= conveyors.lastEntry[s] + conveyors.gap[s] else { return }
        conveyors.startClosed[s] = false
        buffers.capacity[s] = conveyors.places[s]
        buffers.noteRoom(at: s)
    }

    /// Schedules the moment the first job on the conveyor into station `s` reaches its end (the conveyor
    /// runs). There is one such event per first job: it cannot leave, nor the conveyor stop, before it.
    func scheduleConveyorEnd(_ s: Int, _ sim: Simulation) {
        let arrival: Tick
        if conveyors.accumulating[s] {
            let entered = jobs.entered[Int(buffers.queues[s][0])]
            arrival = max(entered + conveyors.travel[s], conveyors.lastExit[s] + conveyors.gap[s])
        } else {
            arrival = sim.now + conveyors.entries[s].first! + conveyors.travel[s] - conveyors.clock(s, at: sim.now)
        }
        sim.schedule(Event(ConveyorEvent.conveyorEnd, target: Int32(s)), at: arrival)
    }

    /// The first job on the conveyor into station `s` reaches its end: the
    /// station may start it; if it cannot, the job waits there (and a
    /// non-accumulating conveyor stops).
    func jobReachedEnd(ofConveyor s: Int, _ sim: Simulation) {
        conveyors.waitingSince[s] = sim.now
        startWaitingJobs(at: s, sim)
        if conveyors.waitingSince[s] >= 0, !conveyors.accumulating[s] {
            conveyors.beltRun[s] += sim.now - conveyors.beltSince[s]
            conveyors.beltSince[s] = sim.now
            conveyors.running[s] = false
        }
    }

    /// A server of station `s` takes the job at the conveyor's end (`partsReady` saw it there, on shift).
    func takeFromConveyor(_ s: Int, _ sim: Simulation) -> Int32? {
        guard let job = buffers.queues[s].popFirst() else { return nil }
        let now = sim.now
        conveyors.backedUp[s] += now - max(conveyors.waitingSince[s], conveyors.windowStart)
        conveyors.waitingSince[s] = -1
        conveyors.lastExit[s] = now
        if conveyors.startClosed[s] { buffers.capacity[s] -= 1 }
        if !conveyors.accumulating[s] {
            conveyors.entries[s].removeFirst()
            if !conveyors.running[s] {
                conveyors.running[s] = true
                conveyors.beltSince[s] = now
                let open = conveyors.lastEntry[s] + conveyors.gap[s] - conveyors.clock(s, at: now)
                if open > 0 { sim.schedule(Event(ConveyorEvent.conveyorStartFree, target: Int32(s)), after: open) }
            }
        }
        if !buffers.queues[s].isEmpty { scheduleConveyorEnd(s, sim) }
        return job
    }

    /// Share of measured time a job waited at the end of the conveyor into station `s`, up to `now`.
    func conveyorBackedUp(at s: Int, measured: Double) -> Double {
        guard measured > 0 else { return 0 }
        let open = conveyors.waitingSince[s] >= 0 ? now - max(conveyors.waitingSince[s], conveyors.windowStart) : 0
        return Double(conveyors.backedUp[s] + open) / measured
    }
}
