import Foundation
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// Worker pools with calendars of their own: off duty they take no request; a task under way at the end of a duty is finished.
@Suite("Worker pool calendars")
struct WorkerCalendarTests {
    /// A job every hour at half past, 10 min of one worker's work each; the worker is on duty `shifts` every day.
    static func dayShift(_ shifts: String) -> String {
        """
        plant: day-shift
        run: {duration: 10d, warmup: 1d, seed: 3}
        workers: [{name: fitter, count: 1, calendar: {shifts: \(shifts)}}]
        sources: [{name: in, takt: 1h, first_arrival: 30min, next: fit}]
        stations: [{name: fit, servers: 50, process: 10min, workers: fitter, next: done}]
        sinks: [{name: done}]
        """
    }

    @Test("A day-shift worker serves the night's requests in the morning, one after another: waits as a hand-made reference says")
    func dayShiftWaits() throws {
        let plant = try PlantLoader.parse(yaml: Self.dayShift(#"["06:00-14:00"]"#), file: "day.yaml", directory: Repository.root)
        let r = try Replication.run(plant, settings: plant.run, replication: 0)
        // The reference: one first-come-first-served worker who starts tasks only in [06:00, 14:00) and finishes what it started.
        let day = 86_400.0, duration = 10 * day, warmup = day
        var free = 0.0, waits: [Double] = []
        for arrival in stride(from: 1_800.0, to: duration, by: 3_600) {
            var start = max(arrival, free)
            let midnight = (start / day).rounded(.down) * day
            if start - midnight < 6 * 3_600 { start = midnight + 6 * 3_600 } else if start - midnight >= 14 * 3_600 { start = midnight + day + 6 * 3_600 }
            if start >= duration { break }
            if start >= warmup { waits.append(start - arrival) }
            free = start + 600
        }
        let pool = r.workerPools[0]
        #expect(pool.assignments == waits.count)
        #expect(abs(pool.meanWait - waits.reduce(0, +) / Double(waits.count)) < 1e-6, "\(pool.meanWait) s against \(waits.reduce(0, +) / Double(waits.count)) s")
        #expect(abs(pool.onDuty - 8.0 / 24) < 1e-9)
        #expect(pool.utilization <= pool.onDuty + 1e-9)
    }

    @Test("A task under way when the duty ends is finished; none starts at the end's instant")
    func overtime() throws {
        // Duty 06:00-06:15: the 06:30 job waits for the next morning; at 06:00 the night's 6 requests wait, one starts
        // (done 06:10), the second starts at 06:10 and ends at 06:20, after the duty; the rest wait a day.
        let plant = try PlantLoader.parse(yaml: Self.dayShift(#"["06:00-06:15"]"#), file: "short.yaml", directory: Repository.root)
        let r = try Replication.run(plant, settings: plant.run, replication: 0)
        #expect(r.workerPools[0].assignments == 2 * 9)  // two a day after the warm-up day
        #expect(r.workerPools[0].utilization > r.workerPools[0].onDuty)  // the overtime counts as work
    }

    @Test("A pool's calendar the same as the plant's changes no figure of a plant that works by that calendar")
    func sameAsPlant() throws {
        let base = """
            plant: two-shift
            run: {duration: 12d, warmup: 1d, seed: 6}
            calendar: {shifts: ["06:00-14:00", "14:00-22:00"], breaks: ["10:00-10:30"], working_days: [mon, tue, wed, thu, fri]}
            workers: [{name: crew, count: 2CALENDAR}]
            sources: [{name: in, interarrival: {dist: exponential, mean: 70s}, next: a}]
            stations:
              - {name: a, servers: 3, process: {dist: exponential, mean: 80s}, buffer: 5, workers: crew,
                 failures: {mttf: 3h, mttr: 10min, basis: calendar}, next: b}
              - {name: b, process: {dist: exponential, mean: 50s}, buffer: 5, next: done}
            sinks: [{name: done}]
            """
        let calendar = #", calendar: {shifts: ["06:00-14:00", "14:00-22:00"], breaks: ["10:00-10:30"], working_days: [mon, tue, wed, thu, fri]}"#
        let plain = try PlantLoader.parse(yaml: base.replacingOccurrences(of: "CALENDAR", with: ""), file: "a.yaml", directory: Repository.root)
        let own = try PlantLoader.parse(yaml: base.replacingOccurrences(of: "CALENDAR", with: calendar), file: "b.yaml", directory: Repository.root)
        let a = try Replication.run(plain, settings: plain.run, replication: 0)
        let b = try Replication.run(own, settings: own.run, replication: 0)
        #expect(a.jobsCompleted == b.jobsCompleted && a.leadTimeMean == b.leadTimeMean && a.failures == b.failures)
        #expect(a.stations.map(\.working) == b.stations.map(\.working) && a.stations.map(\.waitingWorker) == b.stations.map(\.waitingWorker))
        #expect(a.workerPools[0].meanWait == b.workerPools[0].meanWait)
        // Measured from Tuesday to the next Saturday: nine working days of 15.5 h in 11 days; a pool without a calendar
        // of its own is on duty (and paid) when the plant works, so its duty is the same.
        #expect(abs(b.workerPools[0].onDuty - 9 * 15.5 / 264) < 1e-9 && abs(a.workerPools[0].onDuty - b.workerPools[0].onDuty) < 1e-9)
    }

    /// A cell working `cell` every day, staffed by a one-worker pool on duty `pool` (nil: when the plant works), fed without end; jobs of `process`.
    static func offDutyPlant(cell: String, pool: String?, process: String = "60s") -> String {
        """
        plant: off-duty
        run: {duration: 7d, warmup: 0s, seed: 1}
        calendar: {shifts: \(cell)}
        workers: [{name: ops, count: 1\(pool.map { ", calendar: {shifts: \($0)}" } ?? "")}]
        sources: [{name: parts, unlimited: true, next: cell}]
        stations: [{name: cell, process: \(process), buffer: 1, workers: ops, next: done}]
        sinks: [{name: done}]
        """
    }

    @Test("A job stopped by its station's shift end keeps its workers only while they are on duty; none starts as their duty ends",
          arguments: [(#"["06:00-14:00"]"#, #"["13:59-22:00"]"#), (#"["06:00-22:00"]"#, #"["21:59-06:00"]"#)])
    func oneMinuteTogether(_ hours: (cell: String, pool: String)) throws {
        // The pool and the cell work together one minute a day: one 60 s job a day. (Two were made: the worker who
        // started a job at the instant the cell stopped kept it overnight and finished it while off duty.)
        let plant = try PlantLoader.parse(yaml: Self.offDutyPlant(cell: hours.cell, pool: hours.pool), file: "off.yaml", directory: Repository.root)
        let r = try Replication.run(plant, settings: plant.run, replication: 0)
        #expect(r.jobsCompleted == 7)
    }

    @Test("A pool never on duty while a station that needs it works, and a station never on shift with the plant, are refused")
    func neverTogether() throws {
        func error(_ yaml: String) -> String {
            do { _ = try PlantLoader.parse(yaml: yaml, file: "off.yaml", directory: Repository.root); return "" } catch { return "\(error)" }
        }
        let pool = error(Self.offDutyPlant(cell: #"["06:00-14:00"]"#, pool: #"["14:00-22:00"]"#))
        #expect(pool.contains("off.yaml:4:43: workers[0].calendar: pool 'ops' is never on duty while station 'cell' works"), "\(pool)")
        let station = error(Self.offDutyPlant(cell: #"["06:00-14:00"]"#, pool: nil)
            .replacingOccurrences(of: "workers: ops,", with: #"workers: ops, calendar: {shifts: ["22:00-06:00"]},"#))
        #expect(station.contains("stations[0].calendar: station 'cell' would never work"), "\(station)")
        // A repair crew may work off shift (calendar-basis failures go on then): not refused.
        #expect(error(Self.offDutyPlant(cell: #"["06:00-14:00"]"#, pool: #"["14:00-22:00"]"#)
            .replacingOccurrences(of: "workers: ops,", with: "failures: {mttf: 8h, mttr: 1h, basis: calendar, repair: ops},")) == "")
    }

    @Test("A job stopped overnight resumes with its workers when their pool works by the plant's calendar, and waits for them when it does not")
    func stoppedOvernight() throws {
        // 3 h jobs on a cell working 06:00-14:00: the third of each day (started 12:00) stops at 14:00 with 1 h left.
        let always = try PlantLoader.parse(yaml: Self.offDutyPlant(cell: #"["06:00-14:00"]"#, pool: nil, process: "3h"),
                                           file: "a.yaml", directory: Repository.root)
        let daytime = try PlantLoader.parse(yaml: Self.offDutyPlant(cell: #"["06:00-14:00"]"#, pool: #"["06:00-15:00"]"#, process: "3h"),
                                            file: "b.yaml", directory: Repository.root)
        let a = try Replication.run(always, settings: always.run, replication: 0)
        let b = try Replication.run(daytime, settings: daytime.run, replication: 0)
        // Both make 8 h of work a day, the stopped job finishing at 07:00 the next morning: the same output.
        #expect(a.jobsCompleted == b.jobsCompleted && a.jobsCompleted == 18)
        // With a duty of its own, the stopped job's worker went home at 15:00 and was asked for again: requests served in the morning.
        #expect(a.workerPools[0].meanWait == 0 && b.workerPools[0].meanWait > 0)
    }
}
