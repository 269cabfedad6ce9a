import Foundation
import TaktKernel
import TaktPolicy

/// Predictive maintenance: inspections of robot cells' robots, the
/// maintenance decision point, and maintenance now or at the next break.
///
/// A robot's wear grows linearly over the life it drew at its last renewal;
/// its health reading is 1 − wear plus sensor noise. Maintenance takes the
/// robot down like a failure (the cell stops or slows down by its rule) and
/// renews it: its pending failure is cancelled and it draws a new life. A
/// robot planned for the next break that fails first is repaired instead.
extension LineModel {
    /// Schedules the first inspection of every cell whose rule inspects.
    func startInspections(_ sim: Simulation) {
        for s in plant.stations.indices {
            guard let maintenance = plant.stations[s].robots?.maintenance, maintenance.rule != .runToFailure else { continue }
            sim.schedule(Event(RobotCellEvent.inspection, target: Int32(s)), at: maintenance.inspectEvery)
        }
    }

    /// Inspects the working robots of cell `s` without a plan, decides for each, and schedules the next inspection.
    func inspect(cell s: Int, _ sim: Simulation) {
        guard let maintenance = plant.stations[s].robots?.maintenance else { return }
        sim.schedule(Event(RobotCellEvent.inspection, target: Int32(s)), after: maintenance.inspectEvery)
        for r in robotCells.first[s]..<robotCells.first[s + 1] where !robotCells.isDown[r] && !robotCells.planned[r] {
            let health = healthReading(r, noise: maintenance.sensorNoise)
            let action: Int
            switch maintenance.rule {
            case .runToFailure:
                action = MaintenancePoint.runOn
            case let .fixedInterval(interval):
                action = now - robotCells.renewed[r] >= interval ? plannedOrNow() : MaintenancePoint.runOn
            case let .healthBelow(level):
                action = health < level / 2 ? MaintenancePoint.now : health < level ? plannedOrNow() : MaintenancePoint.runOn
            case .oracle, .policy:
                writeMaintenanceFeatures(r, health: health, maintenance)
                action = decide(site: sites.atMaintenance[s], candidates: MaintenancePoint.candidates) { oracleMaintenance(r, maintenance) }
            }
            switch action {
            case MaintenancePoint.now: startMaintenance(r, sim)
            case MaintenancePoint.nextBreak where shiftClock.hasCalendar:
                robotCells.planned[r] = true
                robotCells.plannedRobots.append(r)
            default: break
            }
        }
    }

    /// Maintenance at the next break; now when the plant is off shift already or has no breaks.
    private func plannedOrNow() -> Int { shiftClock.hasCalendar && !shiftClock.offShift ? MaintenancePoint.nextBreak : MaintenancePoint.now }

    /// The sensor's health reading of robot `r`: 1 − wear plus noise, within 0…1.
    func healthReading(_ r: Int, noise: Double) -> Double {
        // Box–Muller from the robot's own health stream, drawn at every inspection whatever the rule.
        let u1 = robotCells.healthStreams[r].nextOpenUnit(), u2 = robotCells.healthStreams[r].nextUnit()
        let gauss = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        let wear = Double(now - robotCells.renewed[r]) / Double(max(robotCells.lifetime[r], 1))
        return min(max(1 - wear + noise * gauss, 0), 1)
    }

    /// Robot `r` goes down for maintenance now (it begins when its crew comes, if it needs one); its pending failure is cancelled.
    func startMaintenance(_ r: Int, _ sim: Simulation) {
        guard let maintenance = plant.stations[robotCells.station[r]].robots?.maintenance, !robotCells.isDown[r] else { return }
        sim.cancel(robotCells.failureHandle[r])
        robotCells.planned[r] = false
        robotCells.maintenanceCount[r] += 1
        robotStops(r, sim)
        if let crew = maintenance.crew { callCrew(crew, for: .robotMaintenance, target: r, sim) } else { beginRobotMaintenance(r, sim) }
    }

    /// At the start of a break: maintains every robot still planned for it.
    func startPlannedMaintenance(_ sim: Simulation) {
        for r in robotCells.plannedRobots where robotCells.planned[r] { startMaintenance(r, sim) }
        robotCells.plannedRobots.removeAll(keepingCapacity: true)
    }

    /// When the next break starts (the next time the plant goes off shift,
    /// after the coming shift when off shift now), how long it lasts, and when
    /// the break after it starts (nil without a calendar).
    func nextBreak() -> (start: Tick, length: Tick, following: Tick)? {
        guard let calendar = plant.calendar else { return nil }
        var (on, start) = calendar.state(at: now)
        if !on { start = calendar.state(at: start).nextChange }
        let end = calendar.state(at: start).nextChange
        return (start, end - start, calendar.state(at: end).nextChange)
    }

    /// Fills the decision scratch with the maintenance point's features and mask.
    func writeMaintenanceFeatures(_ r: Int, health: Double, _ maintenance: MaintenanceSpec) {
        let x = sites.scratch.features.base, mask = sites.scratch.mask.base
        let s = robotCells.station[r]
        let robots = plant.stations[s].robots!
        let life = robots.failures.timeToFailure.mean, every = Ticks.seconds(maintenance.inspectEvery)
        let repair = robots.failures.timeToRepair.mean, pm = maintenance.duration.mean
        let age = Ticks.seconds(now - robotCells.renewed[r])
        let breakAhead = nextBreak()
        var planned = 0
        for q in robotCells.first[s]..<robotCells.first[s + 1] where robotCells.planned[q] { planned += 1 }
        let count = Double(robotCells.first[s + 1] - robotCells.first[s])
        func f(_ v: Double) -> Float { Float(v) }
        x[0] = f(health)
        x[1] = f(min(age / life, 2))
        x[2] = f(min(health >= 1 ? 1 : age * health / (1 - health) / life, 1))
        x[3] = f(breakAhead.map { min(Ticks.seconds($0.start - now) / life, 1) } ?? 1)
        x[4] = f(breakAhead.map { min(Ticks.seconds($0.following - now) / life, 1) } ?? 1)
        x[5] = f(breakAhead.map { min(Ticks.seconds($0.length) / max(pm, 1), 1) } ?? 0)
        x[6] = shiftClock.offShift ? 1 : 0
        x[7] = f(min(every / life, 1))
        x[8] = f(min(pm / max(repair, 1), 2))
        x[9] = f(min(repair / every, 1))
        x[10] = f(Double(robotCells.downInCell[s]) / count)
        x[11] = f(Double(planned) / count)
        x[12] = robots.rule == .stop ? 1 : 0
        x[13] = f(min(Double(buffers.queues[s].count) / 16, 1))
        x[14] = servers[pools.first[s]].phase == .idle ? 1 : 0
        x[15] = 1
        mask[MaintenancePoint.runOn] = true
        mask[MaintenancePoint.nextBreak] = breakAhead != nil
        mask[MaintenancePoint.now] = true
        for k in MaintenancePoint.candidates..<PickPoint.candidates { mask[k] = false }
    }

    /// The teacher: knows when robot `r` will fail, and maintains it in the
    /// last free time before that. Off shift (maintenance costs no work now),
    /// it maintains now when the robot would fail before the next break. On
    /// shift, it plans the next break when the robot would fail before the
    /// break after it; when the robot would fail before the next break, it
    /// maintains now if that is quicker than the repair would be (without a
    /// calendar, when the failure comes before the next inspection).
    func oracleMaintenance(_ r: Int, _ maintenance: MaintenanceSpec) -> Int {
        let failure = robotCells.renewed[r] + robotCells.lifetime[r]
        let repair = plant.stations[robotCells.station[r]].robots?.failures.timeToRepair.mean ?? 0
        let nowOrFail = maintenance.duration.mean < repair ? MaintenancePoint.now : MaintenancePoint.runOn
        guard let next = nextBreak() else { return failure - now <= maintenance.inspectEvery ? nowOrFail : MaintenancePoint.runOn }
        if shiftClock.offShift { return failure < next.start ? MaintenancePoint.now : MaintenancePoint.runOn }
        if failure < next.start { return failure - now <= maintenance.inspectEvery ? nowOrFail : MaintenancePoint.runOn }
        return failure < next.following ? MaintenancePoint.nextBreak : MaintenancePoint.runOn
    }
}
