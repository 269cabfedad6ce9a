import TaktKernel

/// Worker pools: a staffed station's job works only with the workers it
/// needs, and a crew-repaired failure is repaired only when its crew comes.
///
/// The job holds its server from the start; the workers are taken when its
/// work would begin and returned when the work ends (before the job moves
/// on or blocks). A failure or the end of a shift that interrupts the work
/// keeps them with it, with one exception: when the failure's repair needs
/// a crew they cannot make up (another pool, or more workers), they go back
/// to the pool while the server waits for its crew, and the work asks for
/// them again after the repair. A server that waits for workers therefore
/// holds none, so pools cannot lock each other. A request that cannot be
/// served waits in its pool's line, by priority and then in request order,
/// and no later request overtakes the first; returned workers serve the
/// line from the front. A pool with a calendar takes no request off duty;
/// workers at a task when their duty ends finish it, then leave. Workers
/// a stopped job keeps overnight are not at work (`noteHeldWorkers`), and
/// stay with it only while their pool is on duty: when the duty ends they
/// leave, and the job asks for them again (`releaseStoppedWork`).
extension LineModel {
    /// Handles a worker pool's event.
    func handle(_ kind: WorkerEvent, _ event: Event, _ sim: Simulation) {
        switch kind {
        case .dutyChange: dutyChanged(pool: Int(event.target), sim)
        case .walkEnd: walkEnded(Walk(detail: event.detail), target: Int(event.target), sim)
        }
    }

    /// Puts each pool with a calendar on duty or off at the start, and schedules its next change.
    func startWorkerCalendars(_ sim: Simulation) {
        for p in workforce.calendars.indices where workforce.calendars[p] != nil { dutyChanged(pool: p, sim) }
    }

    /// Pool `p`'s duty changes now (or its calendar is started): on duty,
    /// its workers not at a task are free and serve the waiting line; off
    /// duty, none is free.
    func dutyChanged(pool p: Int, _ sim: Simulation) {
        guard let calendar = workforce.calendars[p] else { return }
        let (on, next) = calendar.state(at: sim.now)
        // Before anything else at that instant: no task starts as the duty ends (not even at a shift start), and a request then finds it begun.
        sim.schedule(Event(WorkerEvent.dutyChange, target: Int32(p)), at: next, priority: on ? -3 : -2)
        workforce.onDuty[p] = on
        workforce.duty[p].update(to: on ? Double(workforce.size[p]) : 0, at: sim.now)
        if on { serveLine(pool: p, sim) } else { releaseStoppedWork(pool: p, sim) }
    }

    /// Pool `p` goes off duty: the workers that jobs stopped off shift (or
    /// failed and repaired by others) keep go home, so no job resumes with
    /// workers who are off duty. Each such job asks for them again: a
    /// stopped one now (served when the pool is back), a failed one after
    /// its repair.
    func releaseStoppedWork(pool p: Int, _ sim: Simulation) {
        for k in workforce.heldOffShift.indices where workforce.heldOffShift[k] {
            let s = Int(servers[k].station)
            let need = workforce.need[s]
            guard need.pool == p else { continue }
            servers[k].paused = false
            setPhase(k, .waitingWorker, at: sim.now)
            noteHeldWorkers(server: k, at: sim.now)
            giveBack(need.count, to: p, at: s, sim)
            if servers[k].down { workforce.rejoin[k] = true } else { askForWorkersAgain(server: k, sim) }
        }
    }

    /// Takes the workers server `k`'s job at station `s` needs, if they are
    /// free and no request that goes first is waiting, and returns how long
    /// they walk there (0: they are there; the work then begins when they
    /// arrive); nil if they are not free.
    @inline(__always)
    func takeWorkers(server k: Int, station s: Int, _ sim: Simulation) -> Tick? {
        let need = workforce.need[s]
        guard canServe(need.count, priority: need.priority, pool: need.pool) else { return nil }
        workforce.wait[need.pool].record(0)
        return send(need.count, from: need.pool, to: s, for: .work, target: k, sim)
    }

    /// Server `k` holds its job and waits for workers; its work (`work` ticks) begins when they come.
    func waitForWorkers(server k: Int, work: Tick, at now: Tick) {
        let need = workforce.need[Int(servers[k].station)]
        enqueue(WorkerRequest(task: .work, target: Int32(k), count: need.count, priority: need.priority, time: now), pool: need.pool)
        holdForWorkers(server: k, work: work, at: now)
    }

    /// Server `k`'s work ended: its workers go back and serve the waiting line.
    func returnWorkers(server k: Int, _ sim: Simulation) {
        let s = Int(servers[k].station)
        let need = workforce.need[s]
        giveBack(need.count, to: need.pool, at: s, sim)
    }

    /// Counts server `k`'s workers at work or not: the workers its work holds
    /// stay with it off shift (they resume together), but are not at work
    /// then, unless they are repairing it. Called where its work stops or
    /// resumes off shift, it goes down or up, and its station's shift changes.
    @inline(__always)
    func noteHeldWorkers(server k: Int, at now: Tick) {
        let s = Int(servers[k].station)
        guard features[s].contains(.staffed) else { return }
        let off = servers[k].phase == .working && stationOffShift(s) && !(servers[k].down && breakdowns.crewRepaired[s])
        guard off != workforce.heldOffShift[k] else { return }
        workforce.heldOffShift[k] = off
        let need = workforce.need[s]
        workforce.busy[need.pool].add(Double(off ? -need.count : need.count), at: now)
    }

    /// Failed server `k` calls its repair crew: the workers at its work
    /// repair it when they can make up the crew; otherwise they go back to
    /// the pool, and the repair begins when the crew comes (now, if free).
    func callRepairCrew(server k: Int, _ sim: Simulation) {
        let s = Int(servers[k].station)
        let crew = workforce.repairNeed[s]
        if servers[k].phase == .working, features[s].contains(.staffed) {
            let atWork = workforce.need[s]
            if atWork.pool == crew.pool, atWork.count >= crew.count {
                workforce.repairWait[crew.pool].record(0)
                beginRepair(server: k, sim)
                return
            }
            setPhase(k, .waitingWorker, at: sim.now)
            noteHeldWorkers(server: k, at: sim.now)
            workforce.rejoin[k] = true
            giveBack(atWork.count, to: atWork.pool, at: s, sim)
        } else if servers[k].phase == .waitingWorker, features[s].contains(.staffed) {
            // It waits for the crew and for nothing else: its request for work's workers is made again after the repair.
            let p = workforce.need[s].pool
            if let i = workforce.waiting[p].firstIndex(where: { $0.task == .work && $0.target == Int32(k) }) {
                workforce.waiting[p].remove(at: i)
                workforce.queued[p].update(to: Double(workforce.waiting[p].count), at: sim.now)
                workforce.rejoin[k] = true
            }
        }
        callCrew(crew, for: .repair, target: k, sim)
    }

    /// A failed server's (or robot's) repair crew, or a robot's maintenance crew, comes now if free, else its request joins the pool's line.
    func callCrew(_ crew: StaffSpec, for task: WorkerTask, target: Int, _ sim: Simulation) {
        guard canServe(crew.count, priority: crew.priority, pool: crew.pool) else {
            return enqueue(WorkerRequest(task: task, target: Int32(target), count: crew.count, priority: crew.priority, time: sim.now), pool: crew.pool)
        }
        workforce.repairWait[crew.pool].record(0)
        hold(crew.count, of: crew.pool, for: task, target: target)
        dispatch(crew.count, from: crew.pool, for: task, target: target, sim)
    }

    /// Notes the workers of pool `p` a repair's or a maintenance's crew took, to give back when it is done.
    func hold(_ count: Int, of p: Int, for task: WorkerTask, target: Int) {
        switch task {
        case .work: break
        case .repair: workforce.repairHeld[target] = count
        case .robotRepair, .robotMaintenance:
            robotCells.crewHeld[target] = count
            robotCells.crewPool[target] = p
        }
    }

    /// Repaired server `k`, whose workers went back when it failed, asks for them again.
    func askForWorkersAgain(server k: Int, _ sim: Simulation) {
        workforce.rejoin[k] = false
        let s = Int(servers[k].station)
        if let walk = takeWorkers(server: k, station: s, sim) {
            if walk == 0 { workersArrived(server: k, sim) }  // else when they arrive
        } else {
            let need = workforce.need[s]
            enqueue(WorkerRequest(task: .work, target: Int32(k), count: need.count, priority: need.priority, time: sim.now), pool: need.pool)
        }
    }

    /// Server `k`'s repair is done: the workers it took for it go back.
    func releaseRepairCrew(server k: Int, _ sim: Simulation) {
        let s = Int(servers[k].station)
        let crew = workforce.repairNeed[s]
        let taken = workforce.repairHeld[k]
        workforce.repairHeld[k] = 0
        giveBack(taken, to: crew.pool, at: s, sim)
    }

    /// True if `count` workers of pool `p` are free for a request of `priority`
    /// (no request waits that goes first: the line is by priority, highest first).
    @inline(__always)
    func canServe(_ count: Int, priority: Int, pool p: Int) -> Bool {
        workforce.free(p) >= count && workforce.waiting[p].first.map { $0.priority < priority } ?? true
    }

    @inline(__always)
    func take(_ count: Int, from p: Int, at now: Tick) {
        workforce.atWork[p] += count
        workforce.busy[p].add(Double(count), at: now)
    }

    func enqueue(_ request: WorkerRequest, pool p: Int) {
        workforce.waiting[p].insert(request, at: workforce.place(priority: request.priority, pool: p))
        workforce.queued[p].update(to: Double(workforce.waiting[p].count), at: request.time)
    }

    /// `count` workers of pool `p` are done at station `s` and, on duty, serve its waiting line from the front.
    func giveBack(_ count: Int, to p: Int, at s: Int, _ sim: Simulation) {
        if workforce.walk[p] != nil { workforce.freeAt[p][s] += count }
        workforce.atWork[p] -= count
        workforce.busy[p].add(-Double(count), at: sim.now)
        if workforce.onDuty[p] { serveLine(pool: p, sim) }
    }

    /// Pool `p`'s free workers serve its waiting line from the front, while the first request's need is free.
    func serveLine(pool p: Int, _ sim: Simulation) {
        while let first = workforce.waiting[p].first, first.count <= workforce.free(p) {
            workforce.waiting[p].removeFirst()
            workforce.queued[p].update(to: Double(workforce.waiting[p].count), at: sim.now)
            let target = Int(first.target)
            if first.task == .work {
                workforce.wait[p].record(Double(sim.now - first.time))
            } else {
                workforce.repairWait[p].record(Double(sim.now - first.time))
                hold(first.count, of: p, for: first.task, target: target)
            }
            dispatch(first.count, from: p, for: first.task, target: target, sim)
        }
    }

    /// Server `k`'s workers are there: its work begins, or waits for the
    /// repair (a failed server) or the next shift that will resume it.
    func workersArrived(server k: Int, _ sim: Simulation) {
        setPhase(k, .working, at: sim.now)
        if servers[k].down { return noteHeldWorkers(server: k, at: sim.now) }  // the repair resumes the work (`bringUp`)
        // Off shift, the next shift resumes it (`resumeWork`).
        beginWorkOnShift(server: k, work: servers[k].remainingWork, sim)
    }
}
