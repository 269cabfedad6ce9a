import TaktKernel

/// Failures and repairs of servers, on the operating or calendar basis.
extension LineModel {
    func failed(server k: Int, _ sim: Simulation) {
        let s = Int(servers[k].station)
        guard let failures = plant.stations[s].failures else { return }
        if failures.basis == .calendar {
            switch servers[k].phase {
            case .working where !servers[k].paused:
                sim.cancel(servers[k].pendingHandle)
                servers[k].remainingWork = servers[k].pendingEnd - sim.now
            case .working:
                break  // stopped off shift: its remaining work is already set aside
            case .idle:
                idleUp[s] -= 1
            case .blocked:
                break
            }
        }
        closeStateInterval(k, at: sim.now)
        let was = isActive(k)
        servers[k].down = true
        noteActivity(k, was: was, at: sim.now)
        output.failures += 1
        let ttr = failures.timeToRepair.sampleTicks(&failureStreams[k])
        sim.schedule(Event(kind: Kind.repair, target: Int32(k)), after: ttr)
    }

    func repaired(server k: Int, _ sim: Simulation) {
        let s = Int(servers[k].station)
        guard let failures = plant.stations[s].failures else { return }
        closeStateInterval(k, at: sim.now)
        let was = isActive(k)
        servers[k].down = false
        noteActivity(k, was: was, at: sim.now)
        let ttf = failures.timeToFailure.sampleTicks(&failureStreams[k])
        switch failures.basis {
        case .calendar:
            sim.schedule(Event(kind: Kind.failure, target: Int32(k)), after: ttf)
        case .operating:
            servers[k].timeToFailure = ttf
        }
        switch servers[k].phase {
        case .working:
            if offShift { servers[k].paused = true } else { beginWork(server: k, work: servers[k].remainingWork, sim) }
        case .idle:
            serverAvailable(k, sim)
        case .blocked:
            if offShift { break }
            if case let .station(t) = servers[k].destination {
                if hasRoom(t) { roomMade.append(t) } else { checkDeadlock(from: t, sim) }
            }
        }
    }
}
