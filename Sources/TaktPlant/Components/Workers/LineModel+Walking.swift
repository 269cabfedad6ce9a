import TaktKernel

/// Workers walking between stations: a pool with a walk time sends the
/// workers already at a task's station first, then those at no station yet,
/// then those at other stations (in station order); if any of them must
/// walk, the task begins after one walk time, drawn from the pool's stream.
/// The server waits for its workers meanwhile (`waiting_worker`), a failed
/// server or robot stays down, and the walkers count as at work.
extension LineModel {
    /// Takes `count` free workers of pool `p` for `task` at station `s` and
    /// returns how long they walk there (0: they are there, and the task
    /// begins now; otherwise a `walkEnd` event for `target` begins it).
    @inline(__always)
    func send(_ count: Int, from p: Int, to s: Int, for task: WorkerTask, target: Int, _ sim: Simulation) -> Tick {
        take(count, from: p, at: sim.now)
        return workforce.walk[p] == nil ? 0 : walk(count, from: p, to: s, for: task, target: target, sim)
    }

    /// Sends `count` free workers of pool `p` to `task`, which begins now or when they arrive.
    func dispatch(_ count: Int, from p: Int, for task: WorkerTask, target: Int, _ sim: Simulation) {
        if send(count, from: p, to: station(of: task, target: target), for: task, target: target, sim) == 0 { begin(task, target: target, sim) }
    }

    /// The workers are there: the job's work, the server's repair, or the robot's repair or maintenance begins.
    func begin(_ task: WorkerTask, target: Int, _ sim: Simulation) {
        switch task {
        case .work: workersArrived(server: target, sim)
        case .repair: beginRepair(server: target, sim)
        case .robotRepair: beginRobotRepair(target, sim)
        case .robotMaintenance: beginRobotMaintenance(target, sim)
        }
    }

    /// Where `task` is done: its server's station, or its robot's cell.
    func station(of task: WorkerTask, target: Int) -> Int {
        task.isRobotTask ? robotCells.station[target] : Int(servers[target].station)
    }

    /// `send` for a pool whose workers walk (out of line, so the core's `startService`, which inlines `send`, stays small).
    @inline(never)
    func walk(_ count: Int, from p: Int, to s: Int, for task: WorkerTask, target: Int, _ sim: Simulation) -> Tick {
        guard let walk = workforce.walk[p] else { return 0 }
        let walkers = leavePlaces(count, pool: p, for: s)
        guard walkers > 0 else { return 0 }
        let time = walk.sampleTicks(&workforce.walkStreams[p])
        guard time > 0 else { return 0 }
        workforce.walking[p].add(Double(walkers), at: sim.now)
        sim.schedule(Event(WorkerEvent.walkEnd, target: Int32(target), detail: Walk(task, walkers: walkers).detail), after: time)
        return time
    }

    /// Takes `count` free workers of walking pool `p` from their places for a
    /// task at station `s`: those there first; returns how many must walk.
    func leavePlaces(_ count: Int, pool p: Int, for s: Int) -> Int {
        let here = min(count, workforce.freeAt[p][s])
        workforce.freeAt[p][s] -= here
        let walkers = count - here, nowhere = workforce.freeAt[p].count - 1
        // No station yet first, then the stations in order; the places add up to at least `count` (`canServe` saw them free).
        var left = walkers
        for i in 0...nowhere where left > 0 {
            let place = i == 0 ? nowhere : i - 1
            let from = min(left, workforce.freeAt[p][place])
            workforce.freeAt[p][place] -= from
            left -= from
        }
        return walkers
    }

    /// Server `k` holds its job while its workers are not there (they walk, or it waits for them):
    /// its work (`work` ticks) begins when they come.
    func holdForWorkers(server k: Int, work: Tick, at now: Tick) {
        servers[k].remainingWork = work
        setPhase(k, .waitingWorker, at: now)
    }

    /// Workers who walked to a task arrive: it begins.
    func walkEnded(_ walk: Walk, target: Int, _ sim: Simulation) {
        let s = station(of: walk.task, target: target)
        let p = switch walk.task {
        case .work: workforce.need[s].pool
        case .repair: workforce.repairNeed[s].pool
        case .robotRepair, .robotMaintenance: robotCells.crewPool[target]
        }
        begin(walk.task, target: target, sim)
        workforce.walking[p].add(-Double(walk.walkers), at: sim.now)
    }
}
