import Testing
import TaktKernel

/// One delivered event, comparable as a whole.
struct Delivery: Equatable, CustomStringConvertible {
    var time: Tick
    var event: Event
    var description: String { "t=\(time) k=\(event.kind) d=\(event.detail)" }
}

extension EventCalendar {
    /// Pops everything still pending, in order.
    mutating func drain(through limit: Tick = .max) -> [Delivery] {
        var out: [Delivery] = []
        while let next = popNext(through: limit) { out.append(Delivery(time: next.time, event: next.event)) }
        return out
    }
}

@Suite("EventCalendar")
struct EventCalendarTests {
    @Test func emptyCalendar() {
        var cal = EventCalendar()
        #expect(cal.count == 0)
        #expect(cal.isEmpty)
        #expect(cal.peekTime() == nil)
        #expect(cal.popNext() == nil)
        #expect(cal.popNext(through: 100) == nil)
    }

    @Test func ordersByTime() {
        var cal = EventCalendar()
        let times: [Tick] = [30, 10, 20, 0, 1_000_000_000_000_000_000, 15, 10]
        for (i, t) in times.enumerated() { cal.schedule(Event(kind: 1, detail: Int32(i)), at: t) }
        #expect(cal.count == times.count)
        #expect(!cal.isEmpty)
        #expect(cal.peekTime() == 0)
        let got = cal.drain()
        #expect(got.map(\.time) == times.sorted())
        // The two events at t = 10 come in insertion order (details 1 then 6).
        #expect(got.filter { $0.time == 10 }.map(\.event.detail) == [1, 6])
        #expect(got.first?.event.detail == 3)
        #expect(cal.isEmpty)
    }

    @Test func equalTimesKeepInsertionOrder() {
        var cal = EventCalendar()
        for i in 0..<5000 { cal.schedule(Event(kind: 0, target: 0, detail: Int32(i)), at: 7) }
        let got = cal.drain()
        #expect(got.count == 5000)
        #expect(got.map(\.event.detail) == Array(0..<5000).map(Int32.init))
        #expect(got.allSatisfy { $0.time == 7 })
    }

    @Test func priorityBreaksTiesLowerFirst() {
        var cal = EventCalendar()
        let priorities: [Int16] = [3, -5, 0, .min, .max, -1, 0, 3, .min, 1]
        for (i, p) in priorities.enumerated() { cal.schedule(Event(kind: 0, detail: Int32(i)), at: 42, priority: p) }
        let got = cal.drain().map(\.event.detail)
        // Stable sort by priority = order by (priority, insertion).
        let expected = priorities.enumerated().sorted { ($0.element, $0.offset) < ($1.element, $1.offset) }.map { Int32($0.offset) }
        #expect(got == expected)
        #expect(got == [3, 8, 1, 5, 2, 6, 9, 0, 7, 4])  // by hand
    }

    @Test func timeDominatesPriority() {
        var cal = EventCalendar()
        cal.schedule(Event(kind: 2), at: 2, priority: .min)
        cal.schedule(Event(kind: 1), at: 1, priority: .max)
        cal.schedule(Event(kind: 3), at: 3, priority: -1)
        #expect(cal.drain().map(\.event.kind) == [1, 2, 3])
    }

    @Test func eventFieldsSurvive() {
        var cal = EventCalendar()
        let e = Event(kind: .max, target: .min, detail: -7)
        cal.schedule(e, at: 5)
        let got = cal.popNext()
        #expect(got?.time == 5)
        #expect(got?.event == e)
        #expect(Event(kind: 4) == Event(kind: 4, target: 0, detail: 0))
    }

    @Test func handlesAreDistinctAndIncreasing() {
        var cal = EventCalendar()
        let handles = (0..<100).map { cal.schedule(Event(kind: 0), at: Tick(100 - $0)) }
        #expect(Set(handles).count == 100)
        #expect(zip(handles, handles.dropFirst()).allSatisfy { $0.sequence < $1.sequence })
    }

    @Test func cancelledEventsAreNeverDelivered() {
        var cal = EventCalendar()
        var handles: [EventHandle] = []
        for i in 0..<10 { handles.append(cal.schedule(Event(kind: 0, detail: Int32(i)), at: Tick(i))) }
        cal.cancel(handles[0])  // the top
        cal.cancel(handles[4])  // the middle
        cal.cancel(handles[9])  // the last
        #expect(cal.count == 7)
        #expect(cal.peekTime() == 1)
        #expect(cal.count == 7)
        let got = cal.drain()
        #expect(got.map(\.event.detail) == [1, 2, 3, 5, 6, 7, 8])
        #expect(cal.count == 0)
        #expect(cal.isEmpty)
        #expect(cal.popNext() == nil)
    }

    @Test func cancelEverything() {
        var cal = EventCalendar()
        let hs = (0..<50).map { cal.schedule(Event(kind: 0), at: Tick($0 % 5)) }
        for h in hs { cal.cancel(h) }
        #expect(cal.count == 0)
        #expect(cal.isEmpty)
        #expect(cal.peekTime() == nil)
        #expect(cal.popNext() == nil)
        // Still usable afterwards.
        cal.schedule(Event(kind: 9), at: 3)
        #expect(cal.count == 1)
        #expect(cal.popNext()?.event.kind == 9)
    }

    @Test func cancelThenRescheduleDeliversOnceAtNewTime() {
        var cal = EventCalendar()
        cal.schedule(Event(kind: 1), at: 5)
        let h = cal.schedule(Event(kind: 2), at: 10)
        cal.schedule(Event(kind: 3), at: 15)
        cal.cancel(h)
        cal.schedule(Event(kind: 2), at: 20)
        #expect(cal.count == 3)
        #expect(cal.drain() == [
            Delivery(time: 5, event: Event(kind: 1)),
            Delivery(time: 15, event: Event(kind: 3)),
            Delivery(time: 20, event: Event(kind: 2)),
        ])

        // Rescheduling earlier, to the same time as another event: insertion order.
        var cal2 = EventCalendar()
        let late = cal2.schedule(Event(kind: 1), at: 100)
        cal2.schedule(Event(kind: 2), at: 50)
        cal2.cancel(late)
        cal2.schedule(Event(kind: 1), at: 50)
        #expect(cal2.drain().map(\.event.kind) == [2, 1])
    }

    @Test func popThroughLeavesLaterEventsPending() {
        var cal = EventCalendar()
        for t: Tick in [5, 10, 15, 10] { cal.schedule(Event(kind: Int32(t)), at: t) }
        #expect(cal.popNext(through: 4) == nil)
        #expect(cal.count == 4)
        #expect(cal.popNext(through: 9)?.time == 5)
        #expect(cal.popNext(through: 9) == nil)
        #expect(cal.count == 3)
        #expect(cal.peekTime() == 10)
        // The limit is inclusive.
        #expect(cal.drain(through: 10).map(\.time) == [10, 10])
        #expect(cal.count == 1)
        #expect(cal.popNext(through: 14) == nil)
        #expect(cal.popNext(through: 15)?.time == 15)
        #expect(cal.isEmpty)
    }

    @Test func popThroughSkipsCancelledTopButNotLaterEvents() {
        var cal = EventCalendar()
        let h = cal.schedule(Event(kind: 1), at: 5)
        cal.schedule(Event(kind: 2), at: 20)
        cal.cancel(h)
        #expect(cal.popNext(through: 10) == nil)
        #expect(cal.count == 1)
        #expect(cal.peekTime() == 20)
        #expect(cal.popNext(through: 20)?.event.kind == 2)
    }

    @Test func removeAllEmptiesTheCalendar() {
        var cal = EventCalendar()
        let h = cal.schedule(Event(kind: 1), at: 1)
        cal.schedule(Event(kind: 2), at: 2)
        cal.cancel(h)
        cal.removeAll()
        #expect(cal.count == 0)
        #expect(cal.isEmpty)
        #expect(cal.popNext() == nil)
        cal.schedule(Event(kind: 3), at: 0)
        cal.schedule(Event(kind: 4), at: 0, priority: -1)
        #expect(cal.drain().map(\.event.kind) == [4, 3])
    }

    @Test func copiesAreIndependent() {
        var a = EventCalendar()
        a.schedule(Event(kind: 1), at: 1)
        a.schedule(Event(kind: 2), at: 2)
        var b = a
        #expect(a.popNext()?.event.kind == 1)
        #expect(a.count == 1)
        #expect(b.count == 2)
        #expect(b.drain().map(\.event.kind) == [1, 2])
    }

    @Test("10,000 random events with ties and cancellations match a sorted reference")
    func randomizedAgainstSortedReference() {
        var rng = RandomStream(seed: 99, replication: 0, name: "calendar")
        var cal = EventCalendar()
        struct Ref { var time: Tick; var priority: Int16; var index: Int; var cancelled: Bool }
        var refs: [Ref] = []
        var handles: [EventHandle] = []
        for i in 0..<10_000 {
            let time = Tick(rng.next() % 500)  // many equal times
            let priority = Int16(Int(rng.next() % 7) - 3)  // -3...3
            handles.append(cal.schedule(Event(kind: 1, target: Int32(priority), detail: Int32(i)), at: time, priority: priority))
            refs.append(Ref(time: time, priority: priority, index: i, cancelled: false))
        }
        for i in 0..<10_000 where rng.next() % 10 == 0 {
            cal.cancel(handles[i])
            refs[i].cancelled = true
        }
        let live = refs.filter { !$0.cancelled }
        #expect(live.count < 9500 && live.count > 8500)  // about 10% cancelled
        #expect(cal.count == live.count)
        let expected = live
            .sorted { ($0.time, $0.priority, $0.index) < ($1.time, $1.priority, $1.index) }
            .map { Delivery(time: $0.time, event: Event(kind: 1, target: Int32($0.priority), detail: Int32($0.index))) }
        let got = cal.drain()
        #expect(got.count == expected.count)
        #expect(got == expected)
        #expect(cal.isEmpty)
    }

    @Test("Interleaved schedule, cancel and pop match a naive reference")
    func interleavedAgainstNaiveReference() {
        var rng = RandomStream(seed: 100, replication: 0, name: "interleaved")
        var cal = EventCalendar()
        struct Ref { var time: Tick; var priority: Int16; var index: Int; var handle: EventHandle }
        var pending: [Ref] = []
        var now: Tick = 0
        var index = 0
        var mismatches = 0
        var popped = 0
        for _ in 0..<20_000 {
            switch rng.next() % 10 {
            case 0..<5:  // schedule at or after now
                let time = now + Tick(rng.next() % 20)
                let priority = Int16(Int(rng.next() % 5) - 2)
                let h = cal.schedule(Event(kind: 0, detail: Int32(index)), at: time, priority: priority)
                pending.append(Ref(time: time, priority: priority, index: index, handle: h))
                index += 1
            case 5:  // cancel a random pending event
                guard !pending.isEmpty else { continue }
                let j = Int(rng.next() % UInt64(pending.count))
                cal.cancel(pending[j].handle)
                pending.remove(at: j)
            default:  // pop one
                let expected = pending.indices.min { (pending[$0].time, pending[$0].priority, pending[$0].index) < (pending[$1].time, pending[$1].priority, pending[$1].index) }
                let got = cal.popNext()
                if let e = expected {
                    if got?.time != pending[e].time || got?.event.detail != Int32(pending[e].index) { mismatches += 1 }
                    now = pending[e].time
                    pending.remove(at: e)
                    popped += 1
                } else if got != nil {
                    mismatches += 1
                }
            }
            if cal.count != pending.count { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(popped > 1000)
    }
}
