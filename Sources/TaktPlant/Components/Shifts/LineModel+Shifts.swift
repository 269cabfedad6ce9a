import TaktKernel

/// Shift calendars: the plant stops at the end of a shift and resumes at the start of the next.
///
/// Off shift nothing moves: sources hold their next job, servers stop
/// (a job in process keeps its remaining work), blocked jobs stay blocked.
/// Calendar-basis failures and repairs go on; operating-basis failures do
/// not age. Time off shift is its own state in the station time shares.
///
/// A station with a calendar of its own works only while the plant's and
/// its own calendar are both on shift (staggered breaks, a station staffed
/// on fewer shifts than the line). Off its own shift it stops as above, but
/// the line goes on: its buffer fills, and a job that reaches a free
/// server waits there, unworked, until the station's next shift.
extension LineModel {
    /// Handles a shift event.
    func handle(_ kind: ShiftEvent, _ event: Event, _ sim: Simulation) {
        switch kind {
        case .shiftChange: shiftChanged(sim)
        case .stationShiftChange: stationShiftChanged(Int(event.target), sim)
        }
    }

    /// Whether station `s` is off shift: by the plant's calendar, or by its own.
    @inline(__always)
    func stationOffShift(_ s: Int) -> Bool { shiftClock.stationOff[s] }

    /// Whether server `k`'s station is off shift.
    @inline(__always)
    func serverOffShift(_ k: Int) -> Bool { shiftClock.stationOff[Int(servers[k].station)] }

    /// Works `work` ticks on server `k`'s job now, or, its station off shift,
    /// keeps them for the next shift (the job waits in the machine).
    @inline(__always)
    func beginWorkOnShift(server k: Int, work: Tick, _ sim: Simulation) {
        servers[k].paused = serverOffShift(k)
        if servers[k].paused {
            servers[k].remainingWork = work
            noteHeldWorkers(server: k, at: sim.now)
        } else {
            beginWork(server: k, work: work, sim)
        }
    }

    /// Sets the plant off or on shift, and with it every station that its own calendar does not hold off,
    /// and the duty of every worker pool without a calendar of its own (it works, and is paid, when the plant does).
    func setPlantOffShift(_ off: Bool, at now: Tick) {
        shiftClock.offShift = off
        for s in plant.stations.indices {
            let stationOff = off || shiftClock.ownOff[s]
            if stationOff != shiftClock.stationOff[s] { closeRobotDowntime(station: s, at: now) }
            shiftClock.stationOff[s] = stationOff
        }
        for p in workforce.calendars.indices where workforce.calendars[p] == nil {
            workforce.duty[p].update(to: off ? 0 : Double(workforce.size[p]), at: now)
        }
    }

    /// Sets each station with a calendar of its own on or off at the start, and schedules its next change.
    func startStationCalendars(_ sim: Simulation) {
        for s in plant.stations.indices where plant.stations[s].calendar != nil { stationShiftChanged(s, sim) }
    }

    /// Station `s`'s own calendar changes now (or is started): its servers
    /// stop or go on when that changes whether the station is off shift.
    func stationShiftChanged(_ s: Int, _ sim: Simulation) {
        guard let calendar = plant.stations[s].calendar else { return }
        let (on, next) = calendar.state(at: sim.now)
        // As the plant's: a shift start before anything else at that time, a shift end after everything else.
        sim.schedule(Event(ShiftEvent.stationShiftChange, target: Int32(s)), at: next, priority: on ? 2 : -2)
        shiftClock.ownOff[s] = !on
        let off = shiftClock.offShift || !on
        guard off != shiftClock.stationOff[s] else { return }  // the plant is off shift: nothing changes now
        let pool = pools.first[s]..<pools.first[s + 1]
        for k in pool { closeStateInterval(k, at: sim.now) }
        let wasActive = pool.map(isActive)
        closeRobotDowntime(station: s, at: sim.now)
        shiftClock.stationOff[s] = off
        for k in pool {
            noteActivity(k, was: wasActive[k - pool.lowerBound], at: sim.now)
            noteHeldWorkers(server: k, at: sim.now)
        }
        if off {
            for k in pool where servers[k].phase == .working && !servers[k].down && !servers[k].paused { pause(server: k, sim) }
        } else {
            resumeStation(s, sim)
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
            setPlantOffShift(false, at: sim.now)
            shiftClock.onShiftSince = sim.now
            for k in servers.indices {
                noteActivity(k, was: wasActive[k], at: sim.now)
                noteHeldWorkers(server: k, at: sim.now)
            }
            resumeWork(sim)
        } else {
            shiftClock.operatingBefore += sim.now - shiftClock.onShiftSince
            setPlantOffShift(true, at: sim.now)
            for k in servers.indices {
                noteActivity(k, was: wasActive[k], at: sim.now)
                noteHeldWorkers(server: k, at: sim.now)
            }
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
        for k in servers.indices where servers[k].paused && !servers[k].down && !serverOffShift(k) {
            servers[k].paused = false
            beginWork(server: k, work: servers[k].remainingWork, sim)
        }
        for s in plant.stations.indices {
            if stationOffShift(s) { buffers.noteRoom(at: s) } else { startWaitingJobs(at: s, sim) }
        }
        for i in plant.sources.indices where shiftClock.waitingForShift[i] {
            shiftClock.waitingForShift[i] = false
            arrival(source: i, sim)
        }
    }

    /// Station `s` goes on shift while the plant is: its stopped work resumes, its idle servers take waiting jobs.
    func resumeStation(_ s: Int, _ sim: Simulation) {
        for k in pools.first[s]..<pools.first[s + 1] where servers[k].paused && !servers[k].down {
            servers[k].paused = false
            beginWork(server: k, work: servers[k].remainingWork, sim)
        }
        startWaitingJobs(at: s, sim)
    }

    /// On-shift time elapsed since the start of the run, at `now`.
    func operatingClock(at now: Tick) -> Tick {
        guard shiftClock.hasCalendar else { return now }
        return shiftClock.operatingBefore + (shiftClock.offShift ? 0 : now - shiftClock.onShiftSince)
    }
}
