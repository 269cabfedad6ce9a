import TaktKernel
import Testing

@Suite("Shifting bottleneck (active-period method)")
struct ShiftingBottleneckTests {
    func analyse(_ periods: [(object: Int, start: Tick, end: Tick)], objects: Int, until: Tick, chunk: Int = 4096) -> ShiftingBottleneck {
        var events: [(time: Tick, object: Int, begins: Bool)] = []
        for p in periods {
            events.append((p.start, p.object, true))
            events.append((p.end, p.object, false))
        }
        // Ends before begins at the same time, as a model reports them.
        events.sort { ($0.time, $0.begins ? 1 : 0) < ($1.time, $1.begins ? 1 : 0) }
        var b = ShiftingBottleneck(objects: objects, chunk: chunk)
        for e in events { if e.begins { b.begin(e.object, at: e.time) } else { b.end(e.object, at: e.time) } }
        b.finish(at: until)
        return b
    }

    @Test("One object always active is the sole bottleneck all the time")
    func single() {
        let b = analyse([(0, 0, 100)], objects: 1, until: 100)
        #expect(b.sole == [100] && b.shifting == [0])
    }

    @Test("Overlapping periods hand over the bottleneck: the overlap is shifting for both")
    func handOver() {
        // A active 0–10, B active 5–30. B's period (25) is longer wherever both are active,
        // so the timeline is A on 0–5, B on 5–30; the periods overlap on 5–10.
        let b = analyse([(0, 0, 10), (1, 5, 30)], objects: 2, until: 30)
        #expect(b.sole == [5, 20])
        #expect(b.shifting == [5, 5])
    }

    @Test("Periods that do not touch give sole bottlenecks only")
    func gap() {
        let b = analyse([(0, 0, 10), (1, 20, 30)], objects: 2, until: 40)
        #expect(b.sole == [10, 10] && b.shifting == [0, 0])
    }

    @Test("Short periods inside a long one never become the bottleneck")
    func dominated() {
        let b = analyse([(0, 0, 100), (1, 10, 20), (1, 30, 40), (2, 50, 60)], objects: 3, until: 100)
        #expect(b.sole == [100, 0, 0] && b.shifting == [0, 0, 0])
    }

    @Test("Reset discards what came before the warm-up")
    func reset() {
        var b = ShiftingBottleneck(objects: 1)
        b.begin(0, at: 0)
        b.reset(at: 40)
        b.finish(at: 100)
        #expect(b.sole == [60])
    }

    @Test("Streaming and chunked settling match a brute-force reference on random periods")
    func randomAgainstReference() {
        var rng = RandomStream(seed: 9, replication: 0, name: "bottleneck")
        let objects = 4
        var periods: [(object: Int, start: Tick, end: Tick)] = []
        for o in 0..<objects {
            var t: Tick = Tick(rng.next() % 5)
            while t < 6_000 {
                let on = 1 + Tick(rng.next() % 40), off = 1 + Tick(rng.next() % 25)
                periods.append((o, t, min(t + on, 6_000)))
                t += on + off
            }
        }
        let until: Tick = 6_000
        let (sole, shifting) = Self.reference(periods, until: until)
        for chunk in [1, 7, 64, 4096] {
            let b = analyse(periods, objects: objects, until: until, chunk: chunk)
            #expect(b.sole == sole, "chunk \(chunk)")
            #expect(b.shifting == shifting, "chunk \(chunk)")
        }
        #expect(sole.reduce(0, +) + shifting.reduce(0, +) > 5_000)
    }

    /// Tick-by-tick reference of the same definitions.
    static func reference(_ periods: [(object: Int, start: Tick, end: Tick)], until: Tick) -> ([Tick], [Tick]) {
        let objects = (periods.map(\.object).max() ?? 0) + 1
        var owner = [Int?](repeating: nil, count: Int(until))
        for t in 0..<Int(until) {
            var best: Int?
            for (i, p) in periods.enumerated() where p.start <= Tick(t) && Tick(t) < p.end {
                if let j = best {
                    let q = periods[j]
                    let key = (p.end - p.start, -p.start, -p.object), other = (q.end - q.start, -q.start, -q.object)
                    if key > other { best = i }
                } else {
                    best = i
                }
            }
            owner[t] = best
        }
        var stretches: [(period: Int, start: Int, end: Int)] = []
        for t in 0..<Int(until) {
            guard let p = owner[t] else { continue }
            if let last = stretches.last, last.period == p, last.end == t {
                stretches[stretches.count - 1].end = t + 1
            } else {
                stretches.append((p, t, t + 1))
            }
        }
        func overlap(_ a: Int, _ b: Int) -> Range<Int> {
            let lo = Int(max(periods[a].start, periods[b].start)), hi = Int(min(periods[a].end, periods[b].end))
            return lo < hi ? lo..<hi : lo..<lo
        }
        var sole = [Tick](repeating: 0, count: objects), shifting = [Tick](repeating: 0, count: objects)
        for (j, s) in stretches.enumerated() {
            var shiftSet = Set<Int>()
            if j > 0, stretches[j - 1].end == s.start { shiftSet.formUnion(overlap(stretches[j - 1].period, s.period)) }
            if j + 1 < stretches.count, stretches[j + 1].start == s.end { shiftSet.formUnion(overlap(s.period, stretches[j + 1].period)) }
            let object = periods[s.period].object
            shifting[object] += Tick(shiftSet.count)
            sole[object] += Tick((s.start..<s.end).filter { !shiftSet.contains($0) }.count)
        }
        return (sole, shifting)
    }
}
