import Testing
import TaktKernel

/// Records every event it is given, then runs an optional reaction.
final class Recorder: EventHandler {
    var delivered: [Delivery] = []
    var reaction: ((Event, Simulation) -> Void)?

    init(reaction: ((Event, Simulation) -> Void)? = nil) { self.reaction = reaction }

    func handle(_ event: Event, in simulation: Simulation) {
        delivered.append(Delivery(time: simulation.now, event: event))
        reaction?(event, simulation)
    }
}

@Suite("Simulation")
struct SimulationTests {
    @Test func startsAtZeroAndEmpty() {
        let sim = Simulation()
        #expect(sim.now == 0)
        #expect(sim.eventsHandled == 0)
        #expect(sim.pendingEvents == 0)
    }

    @Test("reachedTime: events at exactly endTime are handled, clock ends at endTime")
    func reachedTime() {
        let sim = Simulation()
        for t: Tick in [5, 10, 15] { sim.schedule(Event(kind: Int32(t)), at: t) }
        let rec = Recorder()
        #expect(sim.run(until: 10, handler: rec) == .reachedTime)
        #expect(rec.delivered.map(\.time) == [5, 10])
        #expect(sim.now == 10)
        #expect(sim.eventsHandled == 2)
        #expect(sim.pendingEvents == 1)

        // Same end time again: nothing more to do.
        #expect(sim.run(until: 10, handler: rec) == .reachedTime)
        #expect(rec.delivered.count == 2)

        // Between events: the clock still moves to the end time.
        #expect(sim.run(until: 12, handler: rec) == .reachedTime)
        #expect(sim.now == 12)
        #expect(rec.delivered.count == 2)

        // Continue: the last event, then an empty calendar; the clock is set to endTime.
        #expect(sim.run(until: 100, handler: rec) == .calendarEmpty)
        #expect(rec.delivered.map(\.time) == [5, 10, 15])
        #expect(rec.delivered.map(\.event.kind) == [5, 10, 15])
        #expect(sim.now == 100)
        #expect(sim.eventsHandled == 3)
        #expect(sim.pendingEvents == 0)
    }

    @Test func calendarEmptyWithoutEvents() {
        let sim = Simulation()
        let rec = Recorder()
        #expect(sim.run(until: 50, handler: rec) == .calendarEmpty)
        #expect(sim.now == 50)
        #expect(rec.delivered.isEmpty)
    }

    @Test("run(until: .max) leaves the clock at the last event")
    func runForever() {
        let sim = Simulation()
        sim.schedule(Event(kind: 1), at: 7)
        sim.schedule(Event(kind: 2), at: 3)
        let rec = Recorder()
        #expect(sim.run(until: .max, handler: rec) == .calendarEmpty)
        #expect(sim.now == 7)
        #expect(rec.delivered.map(\.event.kind) == [2, 1])
    }

    @Test func endTimeInThePastDoesNotMoveClockBack() {
        let sim = Simulation()
        sim.schedule(Event(kind: 1), at: 20)
        sim.schedule(Event(kind: 2), at: 40)
        let rec = Recorder()
        #expect(sim.run(until: 30, handler: rec) == .reachedTime)
        #expect(sim.now == 30)
        #expect(sim.run(until: 10, handler: rec) == .reachedTime)
        #expect(sim.now == 30)
        #expect(rec.delivered.count == 1)
    }

    @Test("stopRequested: stop() returns after the current event; a second run continues")
    func stopRequested() {
        let sim = Simulation()
        for i in 1...6 { sim.schedule(Event(kind: Int32(i)), at: Tick(i * 10)) }
        let rec = Recorder { event, sim in
            if event.kind == 3 { sim.stop() }
        }
        #expect(sim.run(until: 1000, handler: rec) == .stopRequested)
        #expect(rec.delivered.map(\.event.kind) == [1, 2, 3])
        #expect(sim.now == 30)
        #expect(sim.pendingEvents == 3)
        #expect(sim.eventsHandled == 3)

        #expect(sim.run(until: 1000, handler: rec) == .calendarEmpty)
        #expect(rec.delivered.map(\.event.kind) == [1, 2, 3, 4, 5, 6])
        #expect(sim.now == 1000)
        #expect(sim.eventsHandled == 6)
    }

    @Test("stop() outside a run does not stop the next run")
    func stopBeforeRunIsForgotten() {
        let sim = Simulation()
        sim.schedule(Event(kind: 1), at: 1)
        sim.schedule(Event(kind: 2), at: 2)
        sim.stop()
        let rec = Recorder()
        #expect(sim.run(until: 10, handler: rec) == .calendarEmpty)
        #expect(rec.delivered.count == 2)
    }

    @Test("eventLimit counts per run call")
    func eventLimit() {
        let sim = Simulation()
        for i in 0..<10 { sim.schedule(Event(kind: Int32(i)), at: Tick(i)) }
        let rec = Recorder()
        #expect(sim.run(until: 100, handler: rec, maxEvents: 3) == .eventLimit)
        #expect(rec.delivered.map(\.event.kind) == [0, 1, 2])
        #expect(sim.now == 2)
        #expect(sim.eventsHandled == 3)

        #expect(sim.run(until: 100, handler: rec, maxEvents: 3) == .eventLimit)
        #expect(rec.delivered.map(\.event.kind) == [0, 1, 2, 3, 4, 5])
        #expect(sim.eventsHandled == 6)
        #expect(sim.now == 5)

        #expect(sim.run(until: 100, handler: rec, maxEvents: 0) == .eventLimit)
        #expect(rec.delivered.count == 6)
        #expect(sim.now == 5)

        #expect(sim.run(until: 100, handler: rec) == .calendarEmpty)
        #expect(rec.delivered.map(\.event.kind) == Array(0..<10).map(Int32.init))
        #expect(sim.eventsHandled == 10)
    }

    @Test("Events scheduled by handlers, including at the current time, keep (time, priority, insertion) order")
    func handlerSchedulesAtNow() {
        let sim = Simulation()
        sim.schedule(Event(kind: 1), at: 5)  // A
        sim.schedule(Event(kind: 2), at: 5, priority: 1)  // B
        let rec = Recorder { event, sim in
            switch event.kind {
            case 1: sim.schedule(Event(kind: 3), after: 0)  // C: same time, same priority as A, inserted later
            case 3: sim.schedule(Event(kind: 4), at: sim.now, priority: -1)  // D: ahead of B
            case 4: sim.schedule(Event(kind: 5), after: 2)  // E: later
            default: break
            }
        }
        #expect(sim.run(until: 100, handler: rec) == .calendarEmpty)
        #expect(rec.delivered == [
            Delivery(time: 5, event: Event(kind: 1)),
            Delivery(time: 5, event: Event(kind: 3)),
            Delivery(time: 5, event: Event(kind: 4)),
            Delivery(time: 5, event: Event(kind: 2)),
            Delivery(time: 7, event: Event(kind: 5)),
        ])
    }

    @Test("schedule(after:) is relative to now")
    func scheduleAfterIsRelative() {
        let sim = Simulation()
        sim.schedule(Event(kind: 1), after: 10)
        let rec = Recorder { event, sim in
            if event.kind == 1 { sim.schedule(Event(kind: 2), after: 15) }
        }
        _ = sim.run(until: 1000, handler: rec)
        #expect(rec.delivered.map(\.time) == [10, 25])
    }

    @Test func cancelAndReschedule() {
        let sim = Simulation()
        let h = sim.schedule(Event(kind: 1), at: 10)
        let gone = sim.schedule(Event(kind: 2), at: 12)
        sim.schedule(Event(kind: 3), at: 15)
        let moved = sim.reschedule(h, event: Event(kind: 1, detail: 9), at: 20)
        #expect(moved != h)
        sim.cancel(gone)
        #expect(sim.pendingEvents == 2)
        let rec = Recorder()
        #expect(sim.run(until: 100, handler: rec) == .calendarEmpty)
        #expect(rec.delivered == [
            Delivery(time: 15, event: Event(kind: 3)),
            Delivery(time: 20, event: Event(kind: 1, detail: 9)),
        ])
        #expect(sim.eventsHandled == 2)  // cancelled events are not counted
    }

    @Test("A handler can cancel and reschedule pending events")
    func handlerCancels() {
        let sim = Simulation()
        sim.schedule(Event(kind: 1), at: 1)
        let later = sim.schedule(Event(kind: 2), at: 50)
        sim.schedule(Event(kind: 3), at: 60)
        let rec = Recorder { event, sim in
            if event.kind == 1 { sim.reschedule(later, event: Event(kind: 2), at: 70, priority: -1) }
        }
        #expect(sim.run(until: 70, handler: rec) == .calendarEmpty)
        #expect(rec.delivered.map(\.time) == [1, 60, 70])
        #expect(rec.delivered.map(\.event.kind) == [1, 3, 2])
    }

    @Test("Only cancelled events left: the run reports an empty calendar")
    func onlyCancelledLeft() {
        let sim = Simulation()
        let h = sim.schedule(Event(kind: 1), at: 5)
        sim.cancel(h)
        let rec = Recorder()
        #expect(sim.pendingEvents == 0)
        #expect(sim.run(until: 100, handler: rec) == .calendarEmpty)
        #expect(rec.delivered.isEmpty)
        #expect(sim.eventsHandled == 0)
    }

    @Test("10,000 random events through run() match a sorted reference")
    func randomizedRun() {
        var rng = RandomStream(seed: 4, replication: 0, name: "sim")
        let sim = Simulation()
        var refs: [(time: Tick, priority: Int16, index: Int)] = []
        var handles: [EventHandle] = []
        for i in 0..<10_000 {
            let t = Tick(rng.next() % 1000)
            let p = Int16(Int(rng.next() % 5) - 2)
            handles.append(sim.schedule(Event(kind: 0, detail: Int32(i)), at: t, priority: p))
            refs.append((t, p, i))
        }
        var cancelled = Set<Int>()
        for i in 0..<10_000 where rng.next() % 8 == 0 {
            sim.cancel(handles[i])
            cancelled.insert(i)
        }
        let expected = refs.filter { !cancelled.contains($0.index) }
            .sorted { ($0.time, $0.priority, $0.index) < ($1.time, $1.priority, $1.index) }
            .map { Delivery(time: $0.time, event: Event(kind: 0, detail: Int32($0.index))) }
        #expect(sim.pendingEvents == expected.count)

        // In two halves, to exercise continuation.
        let rec = Recorder()
        #expect(sim.run(until: 499, handler: rec) == .reachedTime)
        #expect(rec.delivered.allSatisfy { $0.time <= 499 })
        #expect(sim.now == 499)
        #expect(sim.run(until: 999, handler: rec) == .calendarEmpty)
        #expect(rec.delivered == expected)
        #expect(sim.eventsHandled == expected.count)
        #expect(sim.now == 999)
    }
}
