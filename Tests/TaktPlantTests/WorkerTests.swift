import Foundation
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// Worker pools: a staffed station's job works only with the workers it needs.
@Suite("Worker pools")
struct WorkerTests {
    /// The M/M/3 validation plant with `servers` servers, each job needing one of `workers` workers.
    func mmc(servers: Int, workers: Int) throws -> PlantDescription {
        try RepositoryPlant.load("Plants/validation/mmc.yaml", replacing: [
            ("servers: 3\n", "servers: \(servers)\n    workers: crew\n"),
            ("sources:\n", "workers:\n  - {name: crew, count: \(workers)}\nsources:\n"),
        ])
    }

    @Test("Three workers on fifty fixtures are the M/M/3 queue, job for job: the same lead times, waits moved from the buffer to the fixtures")
    func workersAreServers() throws {
        let plain = try RepositoryPlant.load("Plants/validation/mmc.yaml", replacing: [])
        let staffed = try mmc(servers: 50, workers: 3)
        let a = try Replication.run(plain, settings: plain.run, replication: 0)
        let b = try Replication.run(staffed, settings: staffed.run, replication: 0)
        // Processing times are drawn in arrival order either way, and both lines serve first come first served.
        #expect(a.jobsCompleted == b.jobsCompleted)
        #expect(a.leadTimeMean == b.leadTimeMean)
        #expect(a.leadTimeP95 == b.leadTimeP95)
        #expect(abs(a.stations[0].meanWait - b.workerPools[0].meanWait) < 1e-6 * a.stations[0].meanWait)
        #expect(abs(a.stations[0].utilization - b.workerPools[0].utilization) < 1e-9)
        #expect(b.stations[0].meanWait == 0)  // a fixture is always free
        #expect(b.stations[0].waitingWorker > 0)
    }

    @Test("A pool as large as the plant's servers changes no figure of the default plant (failures, shifts, robot cells, transfers)")
    func amplePoolChangesNothing() throws {
        var plant = try PlantLoader.load(path: Repository.path("Plants/xiaomi-ev.yaml"))
        var settings = plant.run
        settings.duration = 3 * 86_400 * Ticks.perSecond
        settings.warmup = 86_400 * Ticks.perSecond
        let plain = try Replication.run(plant, settings: settings, replication: 0)
        plant.workers = [WorkerPoolSpec(name: "everyone", count: plant.stations.reduce(0) { $0 + $1.servers })]
        for s in plant.stations.indices { plant.stations[s].workers = StaffSpec(pool: 0) }
        let staffed = try Replication.run(plant, settings: settings, replication: 0)
        #expect(plain.jobsCompleted == staffed.jobsCompleted)
        #expect(plain.leadTimeMean == staffed.leadTimeMean)
        #expect(plain.failures == staffed.failures)
        #expect(plain.energyKWh == staffed.energyKWh)
        for (a, b) in zip(plain.stations, staffed.stations) {
            #expect(a.jobs == b.jobs && a.working == b.working && a.failed == b.failed && a.offShift == b.offShift, "\(a.name)")
            #expect(b.waitingWorker == 0, "\(b.name)")
        }
        #expect(staffed.workerPools[0].meanWait == 0)
    }

    @Test("workers.yaml: the pools' busy time is the staffed servers' working time times the workers each job needs")
    func busyTimeIsWorkingTime() throws {
        let plant = try ExamplePlant.load("workers")
        let r = try Replication.run(plant, settings: plant.run, replication: 0)
        for (p, pool) in plant.workers.enumerated() where pool.works {
            let working = plant.stations.indices.filter { plant.stations[$0].workers?.pool == p }.reduce(0.0) { sum, s in
                sum + r.stations[s].working * Double(plant.stations[s].servers * plant.stations[s].workers!.count)
            }
            let busy = r.workerPools[p].utilization * Double(pool.count)
            #expect(abs(busy - working) < 1e-9 * max(1, busy), "\(pool.name): \(busy) busy workers, \(working) from the stations")
        }
        // The technician is busy while a station is down, but for its wait for the technician (a night and an hour's slack for the
        // run's edges: a failure waiting at the end of the run has waited without being counted).
        let measured = Ticks.seconds(plant.run.duration - plant.run.warmup)
        let technicians = try #require(plant.workers.firstIndex { $0.name == "technicians" })
        let down = r.stations.reduce(0.0) { $0 + $1.failed * Double($1.servers) }
        let repairing = r.workerPools[technicians].utilization
        let waited = Double(r.workerPools[technicians].repairs) * r.workerPools[technicians].meanRepairWait / measured
        #expect(repairing <= down + 1e-9 && repairing >= down - waited - 9 * 3_600 / measured, "\(repairing) repairing, \(down) down, \(waited) waiting")
        #expect(r.workerPools[technicians].repairs > 10)
        // Three fitters for 320 fitter-seconds a car every 120 s: stations wait for them.
        #expect(r.workerPools[0].meanWait > 0)
        #expect(r.stations[1].waitingWorker > 0.05)
        for st in r.stations {
            let shares = st.working + st.starved + st.blocked + st.failed + st.offShift + st.waitingWorker
            #expect(abs(shares - 1) < 1e-9, "\(st.name): shares sum to \(shares)")
        }
    }

    @Test("Workers a job keeps overnight are not at work: under the plant's or the station's calendar, busy time is working time",
          arguments: ["calendar: {shifts: [\"06:00-14:00\"], working_days: [mon, tue, wed, thu, fri]}", ""])
    func heldOffShiftIsNotWork(plantCalendar: String) throws {
        // One operator at one machine: at work exactly while it works. A job that a shift's end interrupts keeps
        // the operator (they resume together), which counted the nights and weekends as work before.
        let station = plantCalendar.isEmpty ? ", calendar: {shifts: [\"06:00-14:00\"], working_days: [mon, tue, wed, thu, fri]}" : ""
        func run(failures: String) throws -> ReplicationResult {
            let plant = try PlantLoader.parse(yaml: """
                plant: held-overnight
                \(plantCalendar)
                run: {duration: 21d, warmup: 0, seed: 3}
                workers: [{name: ops, count: 1}]
                sources: [{name: src, interarrival: {dist: exponential, mean: 10min}, next: st}]
                stations:
                  - {name: st, process: {dist: exponential, mean: 5min}, workers: ops\(failures)\(station), next: out}
                sinks: [{name: out}]
                """, file: "held.yaml", directory: Repository.root)
            return try Replication.run(plant, settings: plant.run, replication: 0)
        }
        let plain = try run(failures: "")
        #expect(plain.stations[0].offShift > 0.5 && plain.stations[0].working > 0.05)
        #expect(abs(plain.workerPools[0].utilization - plain.stations[0].working) < 1e-12,
                "\(plain.workerPools[0].utilization) busy, \(plain.stations[0].working) working")
        // On shift a failure keeps the operator at the machine (held, and counted); off shift neither work nor a held job counts.
        let r = try run(failures: ", failures: {mttf: 3h, mttr: 20min, basis: calendar}")
        let held = r.workerPools[0].utilization - r.stations[0].working
        #expect(r.stations[0].failed > 0.01)
        #expect(held >= -1e-12 && held <= r.stations[0].failed + 1e-12, "\(r.workerPools[0].utilization) busy, \(r.stations[0].working) working")
    }

    /// Two stations sharing a crew, with failures on both bases and a shift calendar.
    static let shiftsAndFailures = """
        plant: staffed-shifts
        run: {duration: 20d, warmup: 1d, seed: 4}
        calendar: {shifts: ["06:00-14:00", "14:00-22:00"], breaks: ["10:00-10:30"]}
        workers: [{name: crew, count: 2}]
        sources: [{name: in, interarrival: {dist: exponential, mean: 70s}, next: a}]
        stations:
          - {name: a, servers: 2, process: {dist: exponential, mean: 60s}, buffer: 5, workers: crew,
             failures: {mttf: 2h, mttr: 10min, basis: calendar}, next: b}
          - {name: b, servers: 2, process: {dist: exponential, mean: 50s}, buffer: 5, workers: {pool: crew, count: 2},
             failures: {mttf: 3h, mttr: 5min, basis: operating}, next: done}
        sinks: [{name: done}]
        """

    @Test("With failures and shifts: workers stay with interrupted work, every server's time adds up, and a seed gives one answer")
    func failuresAndShifts() throws {
        let plant = try PlantLoader.parse(yaml: Self.shiftsAndFailures, file: "staffed-shifts.yaml", directory: Repository.root)
        let r = try Replication.run(plant, settings: plant.run, replication: 0)
        let again = try Replication.run(plant, settings: plant.run, replication: 0)
        #expect(r.jobsCompleted == again.jobsCompleted && r.leadTimeMean == again.leadTimeMean && r.workerPools == again.workerPools)
        // 160 worker-seconds a job for two workers: at most a job every 80 s on shift, less failures.
        #expect(r.jobsCompleted > 5_000)
        for st in r.stations {
            let shares = st.working + st.starved + st.blocked + st.failed + st.offShift + st.waitingWorker
            #expect(abs(shares - 1) < 1e-9, "\(st.name): shares sum to \(shares)")
            #expect(st.waitingWorker > 0, "\(st.name)")
        }
        // Workers are held while their work is interrupted (failed, off shift), so busy workers are at least the working servers' needs.
        let working = r.stations[0].working * 2 + r.stations[1].working * 2 * 2
        #expect(r.workerPools[0].utilization * 2 >= working - 1e-9)
        #expect(r.workerPools[0].utilization <= 1)
        // Every job that started work had its workers: requests served and jobs done differ by the jobs in process at the edges.
        #expect(abs(r.workerPools[0].assignments - (r.stations[0].jobs + r.stations[1].jobs)) <= 8)
    }

    /// One machine and its operator; its failures on the operating basis.
    static func operatorPlant(repair: String) -> String {
        """
        plant: operator
        run: {duration: 30d, warmup: 1d, seed: 8}
        workers: [{name: operators, count: 1}, {name: technicians, count: 1}]
        sources: [{name: in, interarrival: {dist: exponential, mean: 80s}, next: press}]
        stations:
          - {name: press, process: {dist: exponential, mean: 60s}, workers: operators,
             failures: {mttf: 1h, mttr: 6min, basis: operating\(repair)}, next: finish}
          - {name: finish, process: {dist: exponential, mean: 30s}, workers: technicians, next: done}
        sinks: [{name: done}]
        """
    }

    @Test("An operator who can repair the machine they work at repairs it at once: the same figures as a repair without a crew")
    func operatorRepairsOwnMachine() throws {
        let plain = try PlantLoader.parse(yaml: Self.operatorPlant(repair: ""), file: "a.yaml", directory: Repository.root)
        let own = try PlantLoader.parse(yaml: Self.operatorPlant(repair: ", repair: operators"), file: "b.yaml", directory: Repository.root)
        let a = try Replication.run(plain, settings: plain.run, replication: 0)
        let b = try Replication.run(own, settings: own.run, replication: 0)
        #expect(a.jobsCompleted == b.jobsCompleted && a.leadTimeMean == b.leadTimeMean && a.failures == b.failures)
        #expect(a.stations[0].failed == b.stations[0].failed)
        #expect(b.workerPools[0].repairs == b.failures && b.failures > 300)
        #expect(b.workerPools[0].meanRepairWait == 0)
        // Failures come only while working (operating basis): the operator is held while the press works or is repaired.
        #expect(abs(a.workerPools[0].utilization - (a.stations[0].working + a.stations[0].failed)) < 1e-9)
        // A technician, busy at times with the finish station's work, repairs instead: the operator goes back to the pool meanwhile.
        let called = try PlantLoader.parse(yaml: Self.operatorPlant(repair: ", repair: technicians"), file: "c.yaml", directory: Repository.root)
        let c = try Replication.run(called, settings: called.run, replication: 0)
        #expect(c.workerPools[1].repairs > 300)
        #expect(c.workerPools[1].meanRepairWait > 0)
        #expect(abs(c.workerPools[0].utilization - c.stations[0].working) < 1e-9)
    }

    @Test("Servers that wait for workers hold none: two pools repairing each other's stations never lock")
    func crossedPoolsDoNotLock() throws {
        let plant = try PlantLoader.parse(yaml: """
            plant: crossed
            run: {duration: 60d, warmup: 1d, seed: 2}
            workers: [{name: a, count: 2}, {name: b, count: 2}]
            sources: [{name: in, interarrival: {dist: exponential, mean: 40s}, next: x}]
            stations:
              - {name: x, servers: 3, process: {dist: exponential, mean: 50s}, workers: a,
                 failures: {mttf: 30min, mttr: 5min, basis: calendar, repair: {pool: b, count: 2}}, next: y}
              - {name: y, servers: 3, process: {dist: exponential, mean: 50s}, workers: b,
                 failures: {mttf: 30min, mttr: 5min, basis: calendar, repair: {pool: a, count: 2}}, next: done}
            sinks: [{name: done}]
            """, file: "crossed.yaml", directory: Repository.root)
        let r = try Replication.run(plant, settings: plant.run, replication: 0)
        // A lock would stop all work: jobs would stop leaving and the pools would sit idle with requests waiting.
        #expect(r.jobsCompleted > 60_000)
        #expect(r.workerPools.allSatisfy { $0.repairs > 2_000 && $0.assignments > 60_000 })
        for st in r.stations {
            let shares = st.working + st.starved + st.blocked + st.failed + st.offShift + st.waitingWorker
            #expect(abs(shares - 1) < 1e-9, "\(st.name): shares sum to \(shares)")
        }
    }

    @Test("Robots on the operating basis wait for their crew too: a busy crew keeps the cell down longer, a crew always free changes nothing")
    func robotCrewsOperating() throws {
        func cell(_ repair: String, pool: Int) throws -> ReplicationResult {
            let plant = try PlantLoader.parse(yaml: """
                plant: cells
                run: {duration: 60d, warmup: 2d, seed: 8}
                workers: [{name: technicians, count: \(pool)}]
                sources: [{name: in, unlimited: true, next: a}]
                stations:
                  - {name: a, process: 60s, buffer: 4, robots: {count: 6, failures: {mttf: 5h, mttr: 40min, basis: operating\(repair)}}, next: b}
                  - {name: b, process: 60s, buffer: 4, robots: {count: 6, failures: {mttf: 5h, mttr: 40min, basis: operating\(repair)}}, next: done}
                sinks: [{name: done}]
                """, file: "cells.yaml", directory: Repository.root)
            return try Replication.run(plant, settings: plant.run, replication: 0)
        }
        let alone = try cell("", pool: 1)
        // Two technicians for two cells each stopped by one robot at a time: a crew is always free.
        let ample = try cell(", repair: technicians", pool: 2)
        #expect(ample.jobsCompleted == alone.jobsCompleted && ample.stations[0].failed == alone.stations[0].failed)
        #expect(ample.workerPools[0].meanRepairWait == 0 && ample.workerPools[0].repairs > 0)
        let scarce = try cell(", repair: technicians", pool: 1)
        #expect(scarce.workerPools[0].meanRepairWait > 0)
        #expect(scarce.stations[0].failed > alone.stations[0].failed && scarce.jobsCompleted < alone.jobsCompleted)
    }

    @Test("A station's workers name a pool that exists, and need no more than it has; errors say where")
    func errors() {
        let base = Self.shiftsAndFailures
        let unknown = PlantErrors.of(base.replacingOccurrences(of: "buffer: 5, workers: crew,", with: "buffer: 5, workers: crow,"))
        #expect(unknown.count == 1)
        #expect(unknown.first?.contains("plant.yaml:7:") == true, "\(unknown)")
        #expect(unknown.first?.contains("stations[0].workers") == true, "\(unknown)")
        #expect(unknown.first?.contains("no worker pool is named 'crow' (did you mean 'crew'?)") == true, "\(unknown)")
        let tooMany = PlantErrors.of(base.replacingOccurrences(of: "{pool: crew, count: 2}", with: "{pool: crew, count: 3}"))
        #expect(tooMany.count == 1)
        #expect(tooMany.first?.contains("stations[1].workers.count") == true, "\(tooMany)")
        #expect(tooMany.first?.contains("each job needs 3 workers but pool 'crew' has 2: it could never start") == true, "\(tooMany)")
        let noPools = PlantErrors.of(base.replacingOccurrences(of: "workers: [{name: crew, count: 2}]\n", with: ""))
        #expect(noPools.count == 2)
        #expect(noPools.allSatisfy { $0.contains("no worker pool is defined") }, "\(noPools)")
        let badPool = PlantErrors.of(base.replacingOccurrences(of: "{name: crew, count: 2}", with: "{name: crew, count: 0}"))
        #expect(badPool.count == 1)
        #expect(badPool.first?.contains("workers[0].count") == true, "\(badPool)")
        let robotCrew = PlantErrors.of("""
            plant: cell
            workers: [{name: crew, count: 1}]
            sources: [{name: in, interarrival: 60s, next: cell}]
            stations:
              - {name: cell, process: 50s, workers: crew, robots: {count: 2, failures: {mttf: 2h, mttr: 5min, basis: calendar, repair: crew}}, next: done}
            sinks: [{name: done}]
            """)
        #expect(robotCrew.count == 1)
        #expect(robotCrew.first?.contains("stations[0].workers: a robot cell whose robots have a repair crew cannot also take workers for its jobs") == true,
                "\(robotCrew)")
        let bigRobotCrew = PlantErrors.of("""
            plant: cell
            workers: [{name: crew, count: 1}]
            sources: [{name: in, interarrival: 60s, next: cell}]
            stations:
              - {name: cell, process: 50s, robots: {count: 2, failures: {mttf: 2h, mttr: 5min, basis: calendar, repair: {pool: crew, count: 2}}}, next: done}
            sinks: [{name: done}]
            """)
        #expect(bigRobotCrew.first?.contains("stations[0].robots.failures.repair.count: each repair needs 2 workers but pool 'crew' has 1") == true, "\(bigRobotCrew)")
        let bigCrew = PlantErrors.of(base.replacingOccurrences(of: "basis: calendar}", with: "basis: calendar, repair: {pool: crew, count: 3}}"))
        #expect(bigCrew.first?.contains("stations[0].failures.repair.count: each repair needs 3 workers but pool 'crew' has 2") == true, "\(bigCrew)")
        let unknownKey = PlantErrors.of(base.replacingOccurrences(of: "{pool: crew, count: 2}", with: "{pool: crew, count: 2, prio: 1}"))
        #expect(unknownKey.first?.contains("stations[1].workers.prio: unknown key 'prio' (did you mean 'priority'?); allowed here: pool, count, priority") == true, "\(unknownKey)")
    }
}
