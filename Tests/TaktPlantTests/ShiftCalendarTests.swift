import Foundation
import TaktKernel
@testable import TaktPlant
import Testing

@Suite("Shift calendars")
struct ShiftCalendarTests {
    func plant(_ yaml: String) throws -> PlantDescription {
        try PlantLoader.parse(yaml: yaml, file: "s.yaml", directory: FileManager.default.temporaryDirectory)
    }

    func run(_ yaml: String) throws -> ReplicationResult {
        let p = try plant(yaml)
        return try Replication.run(p, settings: p.run, replication: 0)
    }

    static func saturated(_ calendar: String, duration: String = "7d", extra: String = "") -> String {
        """
        run: {duration: \(duration), warmup: 0s, seed: 1}
        takt: 60s
        calendar: \(calendar)
        sources: [{name: in, unlimited: true, next: a}]
        stations:
          - {name: a, process: 60s, buffer: 0, next: out\(extra)}
        sinks: [{name: out}]
        """
    }

    @Test("Output scales with open shift hours; off shift is its own state")
    func output() throws {
        let two = try run(Self.saturated("{shifts: [\"06:00-14:00\", \"14:00-22:00\"]}"))
        #expect(two.jobsCompleted == 7 * 16 * 60)
        #expect(abs(two.operatingHours - 7 * 16) < 1e-9)
        #expect(abs(two.throughputPerOperatingHour - 60) < 1e-9)
        #expect(abs(two.throughputPerHour - 40) < 1e-9)
        #expect(abs(two.stations[0].offShift - 1.0 / 3) < 1e-9)
        #expect(abs(two.stations[0].working - 2.0 / 3) < 1e-9)
        // Interdeparture counts shift time only: every gap is one 60 s cycle.
        #expect(two.interdepartureMean == 60 && two.interdepartureP95 == 60)
        #expect(two.taktAdherence == 1)

        let breaks = try run(Self.saturated("{shifts: [\"06:00-14:00\", \"14:00-22:00\"], breaks: [\"10:00-10:30\", \"18:00-18:30\"]}"))
        #expect(breaks.jobsCompleted == 7 * 15 * 60)

        let weekdays = try run(Self.saturated("{shifts: [\"06:00-14:00\", \"14:00-22:00\"], working_days: [mon, tue, wed, thu, fri]}"))
        #expect(weekdays.jobsCompleted == 5 * 16 * 60)

        let night = try run(Self.saturated("{shifts: [\"22:00-06:00\"], maintenance: [\"wed 00:00-02:00\"]}"))
        #expect(night.jobsCompleted == (7 * 8 - 2) * 60)
    }

    @Test("A job in process at the end of a shift resumes at the next one")
    func resumes() throws {
        let r = try run("""
            run: {duration: 3d, warmup: 0s}
            calendar: {shifts: ["06:00-14:00"]}
            sources: [{name: in, unlimited: true, next: a}]
            stations:
              - {name: a, process: 10h, buffer: 0, next: out}
            sinks: [{name: out}]
            """)
        // Starts Monday 06:00, works 8 h, stops overnight, finishes Tuesday 08:00.
        #expect(r.jobsCompleted == 2)
        #expect(r.leadTimeMean == 26 * 3600)
    }

    @Test("Operating-basis failures do not age off shift; calendar-basis ones do")
    func failures() throws {
        let shifts = "{shifts: [\"06:00-14:00\", \"14:00-22:00\"]}"
        let operating = try run(Self.saturated(shifts, extra: ", failures: {ttf: 1h, ttr: 1min, basis: operating}"))
        let calendar = try run(Self.saturated(shifts, extra: ", failures: {ttf: 1h, ttr: 1min, basis: calendar}"))
        // 112 shift hours hold about 112·60/61 one-hour work stretches; 168 calendar hours about 165.
        #expect((108...112).contains(operating.failures))
        #expect((160...168).contains(calendar.failures))
    }

    @Test("A station down overnight is off shift then, not failed: its shares match the calendar and its power is the off-shift one")
    func downOffShiftIsOffShift() throws {
        // Calendar-basis failures go on at night (repairs too); no output is lost to them there.
        let r = try run(Self.saturated("{shifts: [\"06:00-14:00\"]}", duration: "28d",
                                       extra: ", failures: {mttf: 10h, mttr: 2h, basis: calendar}, power: {working: 10kW, idle: 2kW}"))
        let a = r.stations[0]
        let offShift = 1 - r.operatingHours / (28 * 24)
        #expect(abs(a.offShift - offShift) < 1e-9, "off shift \(a.offShift), the calendar's \(offShift)")
        #expect(abs(a.working + a.failed + a.offShift + a.starved + a.blocked - 1) < 1e-9)
        // On shift the station works or is down, one hour in six down on average (mttf 10h, mttr 2h).
        #expect(a.failed > 0.02 && a.failed < 0.12, "failed \(a.failed) of all time: on shift only")
        // Energy: 10 kW working and 2 kW down, on shift only (off shift draws nothing by default).
        let expected = (a.working * 10 + a.failed * 2) * 28 * 24
        #expect(abs(a.energyKWh - expected) < 1e-6 * expected, "\(a.energyKWh) kWh, \(expected) from the shares")
    }

    @Test("A source holds its job off shift and releases it at the next shift start")
    func sources() throws {
        let r = try run("""
            run: {duration: 2d, warmup: 0s}
            calendar: {shifts: ["08:00-16:00"]}
            sources: [{name: in, takt: 1h, next: a}]
            stations:
              - {name: a, process: 1min, next: out}
            sinks: [{name: out}]
            """)
        // 08:00, 09:00, ..., 15:00 each day: 8 jobs a day; no job waits overnight in the plant.
        #expect(r.jobsCompleted == 16)
        #expect(r.leadTimeMean == 60)
    }

    @Test("Calendar errors are located; round-the-clock shifts mean no calendar")
    func parsing() throws {
        #expect(try plant(Self.saturated("{shifts: [\"00:00-24:00\"]}")).calendar == nil)
        // Shifts that meet without overlapping, a night shift into the next day, a break across a shift's end: all fine.
        #expect(try plant(Self.saturated("{shifts: [\"06:00-14:00\", \"14:00-22:00\", \"22:00-06:00\"], working_days: [mon, tue]}")).calendar != nil)
        #expect(try plant(Self.saturated("{shifts: [\"06:00-14:00\"], breaks: [\"13:30-14:30\"], maintenance: [\"mon 13:00-15:00\"]}")).calendar != nil)
        for (calendar, message) in [
            ("{shifts: [\"25:00-26:00\"]}", "expected a time span"),
            ("{shifts: [\"06:00\"]}", "expected a time span"),
            ("{shifts: []}", "needs at least one shift"),
            ("{shifts: [\"06:00-14:00\"], working_days: [mon, mon]}", "day listed twice"),
            ("{shifts: [\"06:00-14:00\"], working_days: [tues]}", "did you mean"),
            ("{shifts: [\"06:00-14:00\"], breaks: [\"06:00-14:00\"]}", "leaves no working time"),
            ("{shifts: [\"06:00-14:00\"], maintenance: [\"06:00-08:00\"]}", "weekly window"),
            ("{shift: [\"06:00-14:00\"]}", "did you mean 'shifts'"),
            // Overlaps and windows that remove nothing are mistakes, said where they are written.
            ("{shifts: [\"06:00-14:00\", \"12:00-22:00\"]}", "the shift '12:00-22:00' overlaps the shift '06:00-14:00'"),
            ("{shifts: [\"22:00-06:00\", \"05:00-13:00\"]}", "overlaps the shift '22:00-06:00'"),
            ("{shifts: [\"06:00-06:00\", \"14:00-22:00\"]}", "overlaps the shift '06:00-06:00' (from a time to the same time: 24 hours)"),
            ("{shifts: [\"06:00-14:00\"], breaks: [\"23:00-23:30\"]}", "the break '23:00-23:30' falls outside every shift"),
            ("{shifts: [\"06:00-14:00\"], working_days: [mon, tue], maintenance: [\"sun 06:00-10:00\"]}",
             "the maintenance window 'sun 06:00-10:00' falls outside every shift (sun is not a working day)"),
            ("{shifts: [\"06:00-14:00\"], maintenance: [\"mon 15:00-16:00\"]}", "falls outside every shift: it would remove no working time"),
        ] {
            do {
                _ = try plant(Self.saturated(calendar))
                Issue.record("accepted \(calendar)")
            } catch let error as PlantFileErrors {
                #expect(error.errors.first?.message.contains(message) == true, "\(calendar): \(error)")
                #expect(error.errors.first?.keyPath.hasPrefix("calendar") == true)
            }
        }
    }

    @Test("The weekly pattern: state and next change")
    func pattern() {
        let h = 3600 * Ticks.perSecond
        let c = ShiftCalendar(onShift: [6 * h..<14 * h, 30 * h..<38 * h])
        #expect(c.state(at: 0) == (false, 6 * h))
        #expect(c.state(at: 6 * h) == (true, 14 * h))
        #expect(c.state(at: 20 * h) == (false, 30 * h))
        #expect(c.state(at: 40 * h) == (false, ShiftCalendar.week + 6 * h))
        #expect(c.onShiftPerWeek == 16 * h)
        // A night shift wraps past the end of the week into Monday morning.
        let wrapped = ShiftCalendar.compile(shifts: [ShiftCalendar.week - 2 * h..<ShiftCalendar.week + 6 * h], removals: [])
        #expect(wrapped == [0..<6 * h, ShiftCalendar.week - 2 * h..<ShiftCalendar.week])
    }
}
