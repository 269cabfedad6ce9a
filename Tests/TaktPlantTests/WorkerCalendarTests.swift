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
}
