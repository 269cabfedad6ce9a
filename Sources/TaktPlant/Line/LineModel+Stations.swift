import TaktKernel

/// Stations: entering, service, routing, blocking and release of blocked jobs.
extension LineModel {
    /// A job from a source enters the plant at its first station; lead time starts now.
    func admit(_ job: Int32, station s: Int, _ sim: Simulation) {
        jobs.created[Int(job)] = sim.now
        output.workInProcess.add(1, at: sim.now)
        enter(job, station: s, sim)
    }

    /// True if station `s` can accept a job now.
    @inline(__always)
    func hasRoom(_ s: Int) -> Bool {
        let onTheirWay = transfers.reserved[s]
        if onTheirWay == 0 {
            // (An assembly's free server can take a job only when its parts are there.)
            if pools.idleUp[s] > 0, partsReady(s) { return true }
            return buffers.queues[s].count < buffers.capacity[s]
        }
        if !features[s].isDisjoint(with: .gated) {
            return (pools.idleUp[s] > onTheirWay && partsReady(s)) || buffers.queues[s].count + onTheirWay < buffers.capacity[s]
        }
        // Jobs in transfer hold a place: a free server first, then the buffer.
        let freeServers = pools.idleUp[s] - onTheirWay
        return freeServers > 0 || buffers.queues[s].count - freeServers < buffers.capacity[s]
    }

    /// Passes server `k`'s finished job to station `t`, directly or through a transfer.
    @inline(__always)
    func pass(server k: Int, to t: Int, _ sim: Simulation) {
        let job = servers[k].job
        leaveStation(server: k, sim)
        let s = Int(servers[k].station)
        if features[t].contains(.assembly), let p = partIndex(at: t, from: s) {
            enterPart(job, station: t, input: p, sim)
        } else if features[s].contains(.transfer), let transfer = transfers.time[s] {
            startTransfer(job, from: s, to: t, time: transfer, sim)
        } else {
            enter(job, station: t, sim)
        }
        freeServer(k, sim)
    }

    /// A job enters station `s`: straight into a free server, else into the buffer (or onto its conveyor).
    @inline(__always)
    func enter(_ job: Int32, station s: Int, _ sim: Simulation) {
        jobs.entered[Int(job)] = sim.now
        if pools.idleUp[s] > 0, partsReady(s) {
            var k = pools.first[s]
            while servers[k].phase != .idle || servers[k].down { k += 1 }
            startService(server: k, job: job, sim)
        } else {
            buffers.queues[s].append(job)
            stats[s].queueLength.update(to: Double(buffers.queues[s].count), at: sim.now)
            if features[s].contains(.conveyor) { enteredConveyor(station: s, sim) }
        }
    }

    @inline(__always)
    func setPhase(_ k: Int, _ phase: ServerState.Phase, at now: Tick) {
        closeStateInterval(k, at: now)
        let wasBusy = servers[k].busy
        servers[k].phase = phase
        // Activity (busy or down, on shift) changes only when a job's cycle starts or stops.
        if wasBusy != servers[k].busy, !serverOffShift(k), !servers[k].down {
            noteActivity(k, was: wasBusy, at: now)
        }
    }

    /// Active for bottleneck analysis: busy (working, or waiting for its pick decision) or under repair, on shift.
    @inline(__always)
    func isActive(_ k: Int) -> Bool {
        !serverOffShift(k) && (servers[k].down || servers[k].busy)
    }

    /// Keeps the count of active servers per station. A station's active
    /// period runs while all its servers are active: a station with an idle
    /// or blocked server has capacity to spare and is not what holds the
    /// line back (with one server this is Roser's definition).
    @inline(__always)
    func noteActivity(_ k: Int, was: Bool, at now: Tick) {
        let active = isActive(k)
        guard active != was else { return }
        let s = Int(servers[k].station)
        activity.activeServers[s] += active ? 1 : -1
        // Reported once the event is handled: a server that finishes a job
        // and at once starts the next stays in one active period.
        if !activity.changed[s] {
            activity.changed[s] = true
            activity.changedStations[activity.changedCount] = s
            activity.changedCount += 1
        }
    }

    /// Tells the bottleneck analysis which stations' activity changed during the event.
    func reportActivity(at now: Tick) {
        while activity.changedCount > 0 {
            activity.changedCount -= 1
            let s = activity.changedStations[activity.changedCount]
            activity.changed[s] = false
            let active = activity.activeServers[s] == pools.first[s + 1] - pools.first[s]
            guard active != activity.reported[s] else { continue }
            activity.reported[s] = active
            if active { activity.bottleneck.begin(s, at: now) } else { activity.bottleneck.end(s, at: now) }
        }
    }

    /// Books the time server `k` spent in its current state up to `now`.
    @inline(__always)
    func closeStateInterval(_ k: Int, at now: Tick) {
        stats[Int(servers[k].station)].times.add(now - servers[k].stateSince, to: servers[k].accountingState(offShift: serverOffShift(k)))
        servers[k].stateSince = now
    }

    @inline(__always)
    func startService(server k: Int, job: Int32, _ sim: Simulation) {
        let s = Int(servers[k].station)
        if servers[k].phase == .idle { pools.idleUp[s] -= 1 }
        if features[s].contains(.assembly) { consumeParts(s, sim) }
        if features[s].contains(.kitted) { useKit(s, sim) }
        if features[s].contains(.carried) { loadCarrier(job, at: s, at: sim.now) }
        let wait = sim.now - jobs.entered[Int(job)]
        stats[s].serviceStarts += 1
        if wait > 0 { stats[s].waitedStarts += 1 }
        stats[s].wait.record(Double(wait))  // in ticks; converted once, in the results
        servers[k].job = job
        var work = orders.enabled ? variantWork(station: s, job: job) : processing.samplers[s].sampleTicks(&processing.streams[s])
        if features[s].contains(.changeover) { work += setupTime(server: k, job: job, station: s) }
        if features[s].contains(.staffed) {
            guard let walk = takeWorkers(server: k, station: s, sim) else { return waitForWorkers(server: k, work: work, at: sim.now) }
            if walk > 0 { return holdForWorkers(server: k, work: work, at: sim.now) }
        }
        setPhase(k, .working, at: sim.now)
        if features[s].contains(.ownCalendar) { beginWorkOnShift(server: k, work: work, sim) } else { beginWork(server: k, work: work, sim) }
    }

    /// Works `work` ticks on the held job, unless a failure (operating basis) comes first.
    @inline(__always)
    func beginWork(server k: Int, work: Tick, _ sim: Simulation) {
        let ttf = servers[k].timeToFailure
        if ttf < work {
            servers[k].remainingWork = work - ttf
            servers[k].timeToFailure = 0
            servers[k].pendingEnd = sim.now + ttf
            servers[k].pendingIsFailure = true
            servers[k].pendingHandle = sim.schedule(Event(FailureEvent.failure, target: Int32(k)), after: ttf)
            return
        }
        if ttf != .max { servers[k].timeToFailure = ttf - work }
        let time = duration(of: work, on: k)
        servers[k].pendingEnd = sim.now + time
        servers[k].pendingIsFailure = false
        servers[k].pendingHandle = sim.schedule(Event(CoreEvent.serviceEnd, target: Int32(k)), after: time)
    }

    func serviceEnded(server k: Int, _ sim: Simulation) {
        let s = Int(servers[k].station)
        if features[s].contains(.staffed) { returnWorkers(server: k, sim) }
        var destination = routes.soleSuccessor[s] ?? route(from: s)
        if features[s].contains(.inspection), let rework = inspect(servers[k].job, at: s) { destination = rework }
        switch destination {
        case .sink:
            leaveStation(server: k, sim)
            depart(servers[k].job, sim)
            freeServer(k, sim)
        case let .station(t):
            if roomAt(t, from: s) {
                pass(server: k, to: t, sim)
            } else {
                servers[k].destination = destination
                setPhase(k, .blocked, at: sim.now)
                buffers.blockedOn[t].append(Int32(k))
                if routes.onCycle[t] { checkDeadlock(from: t, sim) }
            }
        }
    }

    /// Chooses the successor of station `s` for a finished job.
    @inline(__always)
    func route(from s: Int) -> NodeRef {
        switch routes.rule[s] {
        case .single:
            return routes.successors[s][0]
        case let .probability(p):
            var u = routes.streams[s].nextUnit()
            for (i, pi) in p.enumerated() {
                if u < pi { return routes.successors[s][i] }
                u -= pi
            }
            return routes.successors[s][p.count - 1]
        case .roundRobin:
            let i = routes.roundRobin[s]
            routes.roundRobin[s] = (i + 1) % routes.successors[s].count
            return routes.successors[s][i]
        case .shortestQueue:
            return shortestQueue(among: routes.successors[s], from: s)
        case .firstFree:
            for ref in routes.successors[s] {
                switch ref {
                case .sink: return ref
                case let .station(t): if roomAt(t, from: s) { return ref }
                }
            }
            return routes.successors[s][0]
        }
    }

    /// The place with the fewest jobs waiting, among those with room first (a sink
    /// counts as empty; ties: the first listed), for a job leaving station `s`.
    func shortestQueue(among places: [NodeRef], from s: Int) -> NodeRef {
        var best = places[0]
        var bestLength = Int.max
        for ref in places {
            let length: Int
            switch ref {
            case .sink: length = -1
            case let .station(t): length = roomAt(t, from: s) ? buffers.queues[t].count : buffers.queues[t].count + 1_000_000
            }
            if length < bestLength { best = ref; bestLength = length }
        }
        return best
    }

    /// Records the held job's time in its station as it leaves.
    @inline(__always)
    func leaveStation(server k: Int, _ sim: Simulation) {
        let s = Int(servers[k].station)
        if features[s].contains(.carrierUnload) { unloadCarrier(servers[k].job, at: s, sim) }
        stats[s].departures += 1
        stats[s].timeInStation.record(Double(sim.now - jobs.entered[Int(servers[k].job)]))
    }

    /// The server let go of its job: take the next one, or wait idle.
    @inline(__always)
    func freeServer(_ k: Int, _ sim: Simulation) {
        servers[k].job = -1
        setPhase(k, .idle, at: sim.now)
        serverAvailable(k, sim)
    }

    /// An idle server that is up looks for work, and the station gains room.
    @inline(__always)
    func serverAvailable(_ k: Int, _ sim: Simulation) {
        guard !servers[k].down, servers[k].phase == .idle else { return }
        let s = Int(servers[k].station)
        pools.idleUp[s] += 1
        if stationOffShift(s) { return }  // the next shift start looks for work
        if partsReady(s), let job = takeNext(from: s, server: k, sim) {
            stats[s].queueLength.update(to: Double(buffers.queues[s].count), at: sim.now)
            startService(server: k, job: job, sim)
        }
        buffers.noteRoom(at: s)
    }

    /// Starts waiting jobs on idle servers of station `t`, in server order,
    /// now that it has material (parts, a kit) or is back on shift; nothing off shift.
    func startWaitingJobs(at t: Int, _ sim: Simulation) {
        guard !stationOffShift(t) else { return }
        var k = pools.first[t]
        while pools.idleUp[t] > 0, !buffers.queues[t].isEmpty, partsReady(t) {
            while servers[k].phase != .idle || servers[k].down { k += 1 }
            // nil: the server now waits for a deployed pick's answer (no longer idle).
            guard let job = takeNext(from: t, server: k, sim) else { continue }
            stats[t].queueLength.update(to: Double(buffers.queues[t].count), at: sim.now)
            startService(server: k, job: job, sim)
        }
        buffers.noteRoom(at: t)
    }

    /// The changeover attribute of `job` at station `s`: its colour or its variant.
    func attribute(of job: Int32, at s: Int) -> Int16 {
        features[s].contains(.changeoverByColour) ? jobs.colour[Int(job)] : jobs.variant[Int(job)]
    }

    /// The next job from station `s`'s buffer for server `k`: the longest
    /// waiting, or with batch picking the longest waiting with the server's
    /// last colour or variant when there is one, or the pick decision point's
    /// choice. Nil when the buffer is empty, or when the server now waits for
    /// a deployed pick policy's answer.
    func takeNext(from s: Int, server k: Int, _ sim: Simulation) -> Int32? {
        if features[s].contains(.decidedPick) {
            if deployments.pickAnswers[k] != PickAnswer.none { return takeAnswered(s, server: k) }
            if buffers.queues[s].count > 1 {
                if deployments.siteDeployment[sites.atStation[s]] >= 0 { return requestPick(s, server: k, sim) }
                return take(from: s, at: decidePick(s, server: k, at: now))
            }
        }
        guard !features[s].isDisjoint(with: [.batchPick, .conveyor]) else { return buffers.queues[s].popFirst() }
        if features[s].contains(.conveyor) { return takeFromConveyor(s, sim) }
        return batchPick(s, server: k)
    }

    /// The longest-waiting job with server `k`'s last attribute, else the longest waiting.
    func batchPick(_ s: Int, server k: Int) -> Int32? {
        guard changeovers.lastAttribute[k] >= 0, buffers.queues[s].count > 1 else { return buffers.queues[s].popFirst() }
        for i in 0..<buffers.queues[s].count where attribute(of: buffers.queues[s][i], at: s) == changeovers.lastAttribute[k] {
            return take(from: s, at: i)
        }
        return buffers.queues[s].popFirst()
    }

    /// Removes and returns the job at buffer position `i` of station `s`.
    func take(from s: Int, at i: Int) -> Int32 {
        let job = buffers.queues[s][i]
        buffers.queues[s].remove(at: i)
        return job
    }

    /// Releases blocked predecessors into stations that gained room.
    func drainRoom(_ sim: Simulation) {
        if shiftClock.offShift {
            // Nothing moves off shift; the next shift start releases every blocked job.
            buffers.roomMade.removeAll()
            return
        }
        while let room = buffers.roomMade.popLast() {
            let s = Int(room)
            var i = 0
            while i < buffers.blockedOn[s].count {
                let blocker = buffers.blockedOn[s][i]
                if !roomAt(s, from: blocker >= 0 ? Int(servers[Int(blocker)].station) : -1) {
                    // An assembly's inputs fill separately: look further down the list.
                    if features[s].contains(.assembly) { i += 1; continue } else { break }
                }
                if blocker >= 0 {
                    let k = Int(blocker)
                    if servers[k].down { i += 1; continue }
                    buffers.blockedOn[s].remove(at: i)
                    pass(server: k, to: s, sim)
                } else {
                    let src = Int(-blocker - 1)
                    buffers.blockedOn[s].remove(at: i)
                    if arrivals.unlimited[src] {
                        if orders.listed, orders.listDone(src) { continue }  // its order list is done: it stops
                        output.arrived += 1
                        let job = newJob(at: sim.now)
                        assignOrder(job, source: src, at: sim.now)
                        admit(job, station: s, sim)
                        // Back in line behind any other blocked predecessors.
                        buffers.blockedOn[s].append(blocker)
                    } else {
                        admit(arrivals.heldJob[src], station: s, sim)
                        arrivals.heldJob[src] = -1
                        scheduleNextArrival(src, sim)
                    }
                }
            }
        }
    }
}
