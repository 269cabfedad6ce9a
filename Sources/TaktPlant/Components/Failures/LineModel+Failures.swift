import TaktKernel

/// Failures and repairs of servers, on the operating or calendar basis.
///
/// A server's failure process lives here; what a failure does to the
/// server (stop it, keep its job's remaining work) is `takeDown`, what a
/// repair does is `bringUp`, shared with robot cells, whose robots' failures
/// stop the cell.
extension LineModel {
    /// Handles a failure event.
    func handle(_ kind: FailureEvent, _ event: Event, _ sim: Simulation) {
        switch kind {
        case .failure: failed(server: Int(event.target), sim)
        case .repair: repaired(server: Int(event.target), sim)
        }
    }

    /// A failure event of server `k` (its own process, or a robot cell's operating-basis robots).
    func failed(server k: Int, _ sim: Simulation) {
        let s = Int(servers[k].station)
        if features[s].contains(.robotCell) {
            robotCellFailed(server: k, sim)
            return
        }
        guard let failures = breakdowns.settings[s] else { return }
        output.failures += 1
        // On the operating basis the failure *is* the pending work event.
        takeDown(k, interruptingWork: failures.basis == .calendar, sim)
        if breakdowns.crewRepaired[s] {
            callRepairCrew(server: k, sim)
        } else {
            beginRepair(server: k, sim)
        }
    }

    /// Server `k`'s repair begins: it ends after a time to repair.
    func beginRepair(server k: Int, _ sim: Simulation) {
        guard let failures = breakdowns.settings[Int(servers[k].station)] else { return }
        let ttr = failures.timeToRepair.sampleTicks(&breakdowns.streams[k])
        sim.schedule(Event(FailureEvent.repair, target: Int32(k)), after: ttr)
    }

    /// A repair event of server `k`.
    func repaired(server k: Int, _ sim: Simulation) {
        let s = Int(servers[k].station)
        if features[s].contains(.robotCell) {
            robotCellRepaired(server: k, sim)
            return
        }
        guard let failures = breakdowns.settings[s] else { return }
        let ttf = failures.timeToFailure.sampleTicks(&breakdowns.streams[k])
        switch failures.basis {
        case .calendar:
            sim.schedule(Event(FailureEvent.failure, target: Int32(k)), after: ttf)
        case .operating:
            servers[k].timeToFailure = ttf
        }
        if breakdowns.crewRepaired[s] { releaseRepairCrew(server: k, sim) }
        bringUp(k, sim)
    }

    /// Server `k` stops. A job in process keeps its remaining work; when the
    /// failure interrupts a pending service end (calendar basis), that event is cancelled.
    func takeDown(_ k: Int, interruptingWork: Bool, _ sim: Simulation) {
        let s = Int(servers[k].station)
        switch servers[k].phase {
        case .working where interruptingWork && !servers[k].paused:
            sim.cancel(servers[k].pendingHandle)
            servers[k].remainingWork = workLeft(k, at: sim.now)
        case .idle:
            pools.idleUp[s] -= 1
        case .working, .blocked, .deciding, .waitingWorker:
            break  // stopped off shift (work already set aside), holding a finished job, or already not free
        }
        closeStateInterval(k, at: sim.now)
        let was = isActive(k)
        servers[k].down = true
        noteActivity(k, was: was, at: sim.now)
        noteHeldWorkers(server: k, at: sim.now)
    }

    /// Server `k` works again: resumes its job, looks for work, or tries to pass on its finished job.
    func bringUp(_ k: Int, _ sim: Simulation) {
        closeStateInterval(k, at: sim.now)
        let was = isActive(k)
        servers[k].down = false
        noteActivity(k, was: was, at: sim.now)
        noteHeldWorkers(server: k, at: sim.now)
        switch servers[k].phase {
        case .working:
            // Stopped off shift and repaired on shift, the server is no longer paused.
            beginWorkOnShift(server: k, work: servers[k].remainingWork, sim)
        case .idle:
            serverAvailable(k, sim)
        case .deciding:
            break  // the answer sets it to work
        case .waitingWorker:
            // The workers' arrival sets it to work; if they went back when it failed, it asks for them again.
            if features[Int(servers[k].station)].contains(.staffed), workforce.rejoin[k] { askForWorkersAgain(server: k, sim) }
        case .blocked:
            if shiftClock.offShift { break }
            if case let .station(t) = servers[k].destination {
                if roomAt(t, from: Int(servers[k].station)) { buffers.roomMade.append(Int32(t)) } else { checkDeadlock(from: t, sim) }
            }
        }
    }
}
