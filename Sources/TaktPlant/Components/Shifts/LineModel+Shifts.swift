import TaktKernel

/// Shift calendars: the plant stops at the end of a shift and resumes at the start of the next.
///
/// Off shift nothing moves: sources hold their next job, servers stop
/// (a job in process keeps its remaining work), blocked jobs stay blocked.
/// Calendar-basis failures and repairs go on; operating-basis failures do
/// not age. Time off shift is its own state in the station time shares.
extension LineModel {
    /// Handles a shift event.
    func handle(_ kind: ShiftEvent, _ event: Event, _ sim: Simulation) {
        switch kind {
        case .shiftChange: shiftChanged(sim)
        }
    }

    /// Handles a shift boundary and schedules the next one.
    func shiftChanged(_ sim: Simulation) {
        guard let calendar = plant.calendar else { return }
        let (on, next) = calendar.state(at: sim.now)
        scheduleShiftChange(at: next, start: !on, sim)
        guard on == shiftClock.offShift else { return }  // no change (cannot happen with a compiled calendar)
        for k in servers.indices { closeStateInterval(k, at: sim.now) }
        let wasActive = servers.indices.map(isActive)
        if on {
            shiftClock.offShift = false
            shiftClock.onShiftSince = sim.now
            for k in servers.indices { noteActivity(k, was: wasActive[k], at: sim.now) }
            resumeWork(sim)
        } else {
            shiftClock.operatingBefore += sim.now - shiftClock.onShiftSince
            shiftClock.offShift = true
            for k in servers.indices { noteActivity(k, was: wasActive[k], at: sim.now) }
            for k in servers.indices where servers[k].phase == .working && !servers[k].down && !servers[k].paused {
                pause(server: k, sim)
            }
            if !robotCells.plannedRobots.isEmpty { startPlannedMaintenance(sim) }
        }
    }

    /// Schedules the next shift boundary. A shift start comes before anything
    /// else due at that time (so an arrival at 06:00 finds the plant working);
    /// a shift end comes after everything else (so a job finishing at 22:00 leaves).
    func scheduleShiftChange(at time: Tick, start: Bool, _ sim: Simulation) {
        sim.schedule(Event(ShiftEvent.shiftChange), at: time, priority: start ? -2 : 2)
    }

    /// Stops the job in process on server `k`, keeping its remaining work and failure clock.
    func pause(server k: Int, _ sim: Simulation) {
        sim.cancel(servers[k].pendingHandle)
        let left = servers[k].pendingEnd - sim.now
        if servers[k].pendingIsFailure {
            // The failure would have come `left` from now; the job had more work after it.
            servers[k].remainingWork += left
            servers[k].timeToFailure = left
        } else {
            servers[k].remainingWork = workLeft(k, at: sim.now)
            if servers[k].timeToFailure != .max { servers[k].timeToFailure += left }
        }
        servers[k].paused = true
    }

    /// At a shift start: resume stopped work, let idle servers take waiting
    /// jobs, release blocked jobs, and let sources release their held jobs.
    func resumeWork(_ sim: Simulation) {
        for (job, t) in transfers.arrivedOffShift {
            transfers.reserved[t] -= 1
            enter(job, station: t, sim)
        }
        transfers.arrivedOffShift.removeAll(keepingCapacity: true)
        for k in servers.indices where servers[k].paused && !servers[k].down {
            servers[k].paused = false
            beginWork(server: k, work: servers[k].remainingWork, sim)
        }
        for s in plant.stations.indices {
            var k = pools.first[s]
            while k < pools.first[s + 1], !buffers.queues[s].isEmpty {
                if servers[k].phase == .idle, !servers[k].down, partsReady(s), let job = takeNext(from: s, server: k, sim) {
                    stats[s].queueLength.update(to: Double(buffers.queues[s].count), at: sim.now)
                    startService(server: k, job: job, sim)
                }
                k += 1
            }
            buffers.noteRoom(at: s)
        }
        for i in plant.sources.indices where shiftClock.waitingForShift[i] {
            shiftClock.waitingForShift[i] = false
            arrival(source: i, sim)
        }
    }

    /// On-shift time elapsed since the start of the run, at `now`.
    func operatingClock(at now: Tick) -> Tick {
        guard shiftClock.hasCalendar else { return now }
        return shiftClock.operatingBefore + (shiftClock.offShift ? 0 : now - shiftClock.onShiftSince)
    }
}
