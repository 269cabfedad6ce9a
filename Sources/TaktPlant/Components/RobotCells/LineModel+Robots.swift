import TaktKernel

/// Robot cells: stations whose one server's work is done by named robots,
/// each with its own failure process and random stream.
///
/// With the `stop` rule any robot failure stops the cell until every robot
/// works again. With `slow_down` the cell goes on with the remaining robots at
/// a proportionally lower speed and stops only when none works (calendar
/// basis only). On the operating basis the robots of a cell work, and so age,
/// together: their remaining times to failure keep constant offsets from the
/// cell's own time to failure, which is the smallest of them.
extension LineModel {
    /// Handles a robot cell's event.
    func handle(_ kind: RobotCellEvent, _ event: Event, _ sim: Simulation) {
        switch kind {
        case .robotFailure: robotFailed(Int(event.target), sim)
        case .robotRepair: robotRepaired(Int(event.target), sim)
        case .inspection: inspect(cell: Int(event.target), sim)
        }
    }

    /// Schedules or draws each robot's first failure.
    func startRobots(_ sim: Simulation) {
        for s in robotCells.cells.indices {
            guard let cell = robotCells.cells[s] else { continue }
            let k = pools.first[s]
            switch cell.basis {
            case .calendar:
                for r in robotCells.first[s]..<robotCells.first[s + 1] { renewRobot(r, life: cell.timeToFailure, sim) }
            case .operating:
                for r in robotCells.first[s]..<robotCells.first[s + 1] { robotCells.offset[r] = cell.timeToFailure.sampleTicks(&robotCells.streams[r]) }
                servers[k].timeToFailure = rebaseRobotOffsets(s)
            }
        }
    }

    /// Makes the smallest offset of cell `s` zero and returns it (the cell's time to failure).
    func rebaseRobotOffsets(_ s: Int) -> Tick {
        var least = Tick.max
        for r in robotCells.first[s]..<robotCells.first[s + 1] { least = min(least, robotCells.offset[r]) }
        for r in robotCells.first[s]..<robotCells.first[s + 1] { robotCells.offset[r] -= least }
        return least
    }

    /// Operating basis: the cell's time to failure ran out; the robot with offset zero fails.
    func robotCellFailed(server k: Int, _ sim: Simulation) {
        let s = Int(servers[k].station)
        guard let cell = robotCells.cells[s] else { return }
        var r = robotCells.first[s]
        while r + 1 < robotCells.first[s + 1], robotCells.offset[r] != 0 { r += 1 }
        robotCells.failing[s] = r
        robotCells.failureCount[r] += 1
        output.failures += 1
        robotGoesDown(r, at: sim.now)
        takeDown(k, interruptingWork: false, sim)
        if let crew = cell.crew {
            callCrew(crew, for: .robotRepair, target: r, sim)
        } else {
            sim.schedule(Event(FailureEvent.repair, target: Int32(k)), after: cell.timeToRepair.sampleTicks(&robotCells.streams[r]))
        }
    }

    /// Operating basis: the failed robot is repaired; it draws its next time to failure.
    func robotCellRepaired(server k: Int, _ sim: Simulation) {
        let s = Int(servers[k].station)
        guard let cell = robotCells.cells[s] else { return }
        let r = robotCells.failing[s]
        if robotCells.crewHeld[r] > 0 { releaseRobotCrew(r, sim) }
        robotComesUp(r, at: sim.now)
        robotCells.offset[r] = cell.timeToFailure.sampleTicks(&robotCells.streams[r])
        servers[k].timeToFailure = rebaseRobotOffsets(s)
        bringUp(k, sim)
    }

    /// Calendar basis: robot `r` fails (a maintenance planned for it is dropped: the repair renews it).
    func robotFailed(_ r: Int, _ sim: Simulation) {
        guard let cell = robotCells.cells[robotCells.station[r]] else { return }
        robotCells.failureCount[r] += 1
        output.failures += 1
        robotCells.planned[r] = false
        robotStops(r, sim)
        if let crew = cell.crew {
            callCrew(crew, for: .robotRepair, target: r, sim)
        } else {
            sim.schedule(Event(RobotCellEvent.robotRepair, target: Int32(r)), after: cell.timeToRepair.sampleTicks(&robotCells.streams[r]))
        }
    }

    /// Calendar basis: robot `r` goes down (failed or for maintenance); the cell stops or slows down by its rule.
    func robotStops(_ r: Int, _ sim: Simulation) {
        let s = robotCells.station[r]
        guard let cell = robotCells.cells[s] else { return }
        let (k, all, wasUp, working, left) = cellWork(s, at: sim.now)
        robotGoesDown(r, at: sim.now)
        switch cell.rule {
        case .stop:
            if wasUp == all { takeDown(k, interruptingWork: true, sim) }
        case .slowDown:
            if wasUp == 1 {
                if working {
                    sim.cancel(servers[k].pendingHandle)
                    servers[k].remainingWork = left
                }
                takeDown(k, interruptingWork: false, sim)
            } else if working {
                sim.cancel(servers[k].pendingHandle)
                beginWork(server: k, work: left, sim)  // slower now
            }
        }
    }

    /// Calendar basis: robot `r` is repaired (or maintained) and draws its next failure.
    func robotRepaired(_ r: Int, _ sim: Simulation) {
        let s = robotCells.station[r]
        guard let cell = robotCells.cells[s] else { return }
        let (k, _, wasUp, working, left) = cellWork(s, at: sim.now)
        if robotCells.crewHeld[r] > 0 { releaseRobotCrew(r, sim) }
        robotComesUp(r, at: sim.now)
        renewRobot(r, life: cell.timeToFailure, sim)
        switch cell.rule {
        case .stop:
            if robotCells.downInCell[s] == 0 { bringUp(k, sim) }
        case .slowDown:
            if wasUp == 0 {
                bringUp(k, sim)
            } else if working {
                sim.cancel(servers[k].pendingHandle)
                beginWork(server: k, work: left, sim)  // faster now
            }
        }
    }

    /// Calendar basis: robot `r` starts a new life now; its failure is scheduled at its end.
    func renewRobot(_ r: Int, life lifetimes: Sampler, _ sim: Simulation) {
        let life = lifetimes.sampleTicks(&robotCells.streams[r])
        robotCells.renewed[r] = sim.now
        robotCells.lifetime[r] = life
        robotCells.failureHandle[r] = sim.schedule(Event(RobotCellEvent.robotFailure, target: Int32(r)), after: life)
    }

    /// Cell `s` before a robot changes: its server, robots in all and up, whether
    /// it is working on a job, and the work left at the speed its pending
    /// service end was scheduled with.
    func cellWork(_ s: Int, at now: Tick) -> (server: Int, all: Int, up: Int, working: Bool, left: Tick) {
        let k = pools.first[s]
        let all = robotCells.first[s + 1] - robotCells.first[s]
        let working = servers[k].phase == .working && !servers[k].paused && !servers[k].down
        return (k, all, all - robotCells.downInCell[s], working, working ? workLeft(k, at: now) : 0)
    }

    func robotGoesDown(_ r: Int, at now: Tick) {
        let s = robotCells.station[r]
        robotCells.downInCell[s] += 1
        robotCells.isDown[r] = true
        robotCells.downSince[r] = now
    }

    func robotComesUp(_ r: Int, at now: Tick) {
        let s = robotCells.station[r]
        robotCells.downInCell[s] -= 1
        robotCells.isDown[r] = false
        closeDowntime(robot: r, at: now)
    }

    /// Books robot `r`'s down time since `downSince` as on or off shift, by its station's state until now.
    func closeDowntime(robot r: Int, at now: Tick) {
        let state = shiftClock.stationOff[robotCells.station[r]] ? RobotCellState.downOffShift : RobotCellState.down
        robotCells.times[r].add(now - max(robotCells.downSince[r], output.windowStart), to: state)
        robotCells.downSince[r] = now
    }

    /// Station `s` goes on or off shift now: the down time of its robots so far is booked in the state it ends.
    func closeRobotDowntime(station s: Int, at now: Tick) {
        for r in robotCells.first[s]..<robotCells.first[s + 1] where robotCells.isDown[r] { closeDowntime(robot: r, at: now) }
    }

    /// Work left on server `k`'s job, in ticks at full speed.
    @inline(__always)
    func workLeft(_ k: Int, at now: Tick) -> Tick {
        let left = servers[k].pendingEnd - now
        let s = Int(servers[k].station)
        guard features[s].contains(.slowDownCell) else { return left }
        let all = robotCells.first[s + 1] - robotCells.first[s]
        // In floating point: a user's enormous process time must not overflow.
        return Tick(Double(left) * Double(all - robotCells.downInCell[s]) / Double(all))
    }

    /// How long `work` (at full speed) takes on server `k` now.
    @inline(__always)
    func duration(of work: Tick, on k: Int) -> Tick {
        let s = Int(servers[k].station)
        guard features[s].contains(.slowDownCell) else { return work }
        let all = robotCells.first[s + 1] - robotCells.first[s]
        let up = all - robotCells.downInCell[s]
        // Rounded up, in floating point so that no process time can overflow.
        return Tick(min((Double(work) * Double(all) / Double(up)).rounded(.up), 4e18))
    }
}
