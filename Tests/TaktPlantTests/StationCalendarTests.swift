import Foundation
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// Stations with calendars of their own: a station works only while the plant's calendar and its own are both on shift.
@Suite("Station calendars")
struct StationCalendarTests {
    static let everyDay = "[mon, tue, wed, thu, fri, sat, sun]"

    func run(_ yaml: String) throws -> ReplicationResult {
        let plant = try PlantLoader.parse(yaml: yaml, file: "station-calendar.yaml", directory: Repository.root)
        return try Replication.run(plant, settings: plant.run, replication: 0)
    }

    @Test("A station on a 12-hour day in a plant without a calendar makes 720 one-minute jobs a day and is off shift half the time")
    func oneShift() throws {
        let r = try run("""
            plant: one-shift
            run: {duration: 7d, warmup: 1d, seed: 1}
            sources: [{name: in, unlimited: true, next: press}]
            stations:
              - {name: press, process: 60s, buffer: 0, next: out, calendar: {shifts: ["08:00-20:00"], working_days: \(Self.everyDay)}}
            sinks: [{name: out}]
            """)
        // Each day the job loaded at 20:00 waits in the machine and leaves at 08:01; the one finishing at 20:00 leaves then.
        #expect(r.jobsCompleted == 6 * 720)
        let press = r.stations[0]
        #expect(abs(press.offShift - 0.5) < 1e-9 && abs(press.working - 0.5) < 1e-9 && press.starved < 1e-9)
    }

    @Test("While a station is off its own shift the line goes on: its buffer fills, the station before it is blocked")
    func upstreamBlocks() throws {
        let plant = try PlantLoader.load(path: Repository.path("Plants/validation/station-calendar.yaml"))
        let r = try Replication.run(plant, settings: plant.run, replication: 0)
        // weld works 08:00-20:00 without a gap (its buffer is full when it starts): 1440 jobs a day.
        #expect(r.jobsCompleted == 6 * 1440)
        let cut = r.stations[0], weld = r.stations[1]
        #expect(abs(weld.offShift - 0.5) < 1e-9 && abs(weld.working - 0.5) < 1e-9)
        // cut keeps pace by day and, the buffer full, holds a finished job all night: blocked half the time, never off shift.
        #expect(abs(cut.blocked - 0.5) < 1e-3 && abs(cut.working - 0.5) < 1e-3 && cut.offShift == 0)
    }

    @Test("Staggered breaks: each station stops for its own break only; the plant's calendar still bounds both")
    func staggered() throws {
        func line(_ breakA: String, _ breakB: String) throws -> ReplicationResult {
            try run("""
                plant: breaks
                run: {duration: 8d, warmup: 1d, seed: 2}
                calendar: {shifts: ["06:00-22:00"], working_days: \(Self.everyDay)}
                sources: [{name: in, unlimited: true, next: a}]
                stations:
                  - {name: a, process: {dist: uniform, min: 20s, max: 40s}, buffer: 0, next: b,
                     calendar: {shifts: ["06:00-22:00"], breaks: ["\(breakA)"], working_days: \(Self.everyDay)}}
                  - {name: b, process: {dist: uniform, min: 20s, max: 40s}, buffer: 40, next: out,
                     calendar: {shifts: ["06:00-22:00"], breaks: ["\(breakB)"], working_days: \(Self.everyDay)}}
                sinks: [{name: out}]
                """)
        }
        let together = try line("10:00-10:30", "10:00-10:30"), apart = try line("10:00-10:30", "11:00-11:30")
        // Off shift: 8 h of the plant's night and the station's half-hour break, every day.
        for r in [together, apart] {
            for s in r.stations { #expect(abs(s.offShift - 8.5 / 24) < 1e-9, "\(s.name): \(s.offShift)") }
        }
        // Apart, b runs dry once its buffer is used up during a's break: it is starved more than when both break together.
        #expect(apart.stations[1].starved > together.stations[1].starved)
        // Together, neither break costs the other anything: that line makes at least as many jobs (to within the ends' few).
        #expect(together.jobsCompleted >= apart.jobsCompleted - 5)
    }

    @Test("A station calendar the same as the plant's changes no figure")
    func sameAsPlant() throws {
        let base = """
            plant: two-shift
            run: {duration: 12d, warmup: 1d, seed: 6}
            calendar: {shifts: ["06:00-14:00", "14:00-22:00"], breaks: ["10:00-10:30"], working_days: [mon, tue, wed, thu, fri]}
            sources: [{name: in, interarrival: {dist: exponential, mean: 70s}, next: a}]
            stations:
              - {name: a, servers: 2, process: {dist: exponential, mean: 80s}, buffer: 5, failures: {mttf: 3h, mttr: 10min, basis: operating}, next: bCALENDAR}
              - {name: b, process: {dist: exponential, mean: 50s}, buffer: 5, failures: {mttf: 5h, mttr: 5min, basis: calendar}, next: done}
            sinks: [{name: done}]
            """
        let calendar = #", calendar: {shifts: ["06:00-14:00", "14:00-22:00"], breaks: ["10:00-10:30"], working_days: [mon, tue, wed, thu, fri]}"#
        let a = try run(base.replacingOccurrences(of: "CALENDAR", with: ""))
        let b = try run(base.replacingOccurrences(of: "CALENDAR", with: calendar))
        #expect(a.jobsCompleted == b.jobsCompleted && a.leadTimeMean == b.leadTimeMean && a.failures == b.failures)
        #expect(a.workInProcess == b.workInProcess)
        for (x, y) in zip(a.stations, b.stations) {
            #expect(x.working == y.working && x.blocked == y.blocked && x.starved == y.starved && x.offShift == y.offShift && x.failed == y.failed)
        }
    }

    @Test("A station calendar's mistakes are reported at their place")
    func mistakes() {
        let yaml = """
            plant: bad
            sources: [{name: in, takt: 60s, next: a}]
            stations: [{name: a, process: 30s, next: out, calendar: {shifts: ["25:00-26:00"]}}]
            sinks: [{name: out}]
            """
        var message = ""
        do { _ = try PlantLoader.parse(yaml: yaml, file: "bad.yaml", directory: Repository.root) } catch { message = error.description }
        #expect(message.contains("bad.yaml:3:") && message.contains("stations[0].calendar.shifts"), "\(message)")
    }
}
