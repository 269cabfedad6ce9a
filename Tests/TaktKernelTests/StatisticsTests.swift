import Testing
import TaktKernel

@Suite("Tally")
struct TallyTests {
    @Test func empty() {
        let t = Tally()
        #expect(t.count == 0)
        #expect(t.mean == 0)
        #expect(t.variance == 0)
        #expect(t.standardDeviation == 0)
        #expect(t.min == .infinity)
        #expect(t.max == -.infinity)
    }

    @Test func singleObservation() {
        var t = Tally()
        t.record(-4.5)
        #expect(t.count == 1)
        #expect(t.mean == -4.5)
        #expect(t.variance == 0)
        #expect(t.min == -4.5 && t.max == -4.5)
    }

    @Test("Hand-computed small data set")
    func handComputed() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sum of squared deviations 32,
        // sample variance 32/7.
        var t = Tally()
        for x in [2.0, 4, 4, 4, 5, 5, 7, 9] { t.record(x) }
        #expect(t.count == 8)
        #expect(abs(t.mean - 5) < 1e-12)
        #expect(abs(t.variance - 32.0 / 7.0) < 1e-12)
        #expect(abs(t.standardDeviation - (32.0 / 7.0).squareRoot()) < 1e-12)
        #expect(t.min == 2 && t.max == 9)
    }

    @Test("Matches a direct two-pass computation on random data")
    func matchesTwoPass() {
        var rng = RandomStream(seed: 8, replication: 0, name: "tally")
        var xs: [Double] = []
        var t = Tally()
        for _ in 0..<10_000 {
            let x = 100 * rng.nextUnit() - 30 + (rng.nextUnit() < 0.01 ? 1e4 : 0)
            xs.append(x)
            t.record(x)
        }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count - 1)
        #expect(t.count == xs.count)
        #expect(abs(t.mean - mean) <= 1e-9 * abs(mean))
        #expect(abs(t.variance - variance) <= 1e-9 * variance)
        #expect(t.min == xs.min()!)
        #expect(t.max == xs.max()!)
    }

    @Test("Numerically stable with a large offset")
    func largeOffset() {
        // 1e9 + {4, 7, 13, 16}: variance 30, the example the naive sum-of-squares
        // formula gets wrong (Wikipedia, "Algorithms for calculating variance").
        var t = Tally()
        for x in [4.0, 7, 13, 16] { t.record(1e9 + x) }
        #expect(abs(t.mean - (1e9 + 10)) < 1e-6)
        #expect(abs(t.variance - 30) < 1e-6)

        // Offset not at the first observation: 0 first, then values near 1e9.
        var u = Tally()
        var xs: [Double] = [0]
        u.record(0)
        for i in 0..<1000 {
            let x = 1e9 + Double(i % 10)
            xs.append(x)
            u.record(x)
        }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count - 1)
        #expect(abs(u.variance - variance) <= 1e-9 * variance)
    }

    @Test("Constant data has zero variance, never negative")
    func constantData() {
        var t = Tally()
        for _ in 0..<1000 { t.record(0.1) }
        #expect(abs(t.mean - 0.1) < 1e-15)
        #expect(t.variance >= 0)
        #expect(t.variance < 1e-25)
        #expect(!t.standardDeviation.isNaN)
    }

    @Test func resetForgetsEverything() {
        var t = Tally()
        for x in [100.0, 200, 300] { t.record(x) }
        t.reset()
        #expect(t.count == 0)
        #expect(t.mean == 0)
        #expect(t.variance == 0)
        #expect(t.min == .infinity && t.max == -.infinity)
        for x in [1.0, 2, 3] { t.record(x) }
        #expect(t.count == 3)
        #expect(abs(t.mean - 2) < 1e-12)
        #expect(abs(t.variance - 1) < 1e-12)
        #expect(t.min == 1 && t.max == 3)
    }
}

@Suite("TimeWeighted")
struct TimeWeightedTests {
    @Test("Hand-computed piecewise-constant average")
    func handComputed() {
        // Value 2 on [0,10), 5 on [10,30), 1 on [30,40]:
        // area = 2·10 + 5·20 + 1·10 = 130, mean over [0,40] = 130/40 = 3.25.
        var w = TimeWeighted(value: 2, at: 0)
        w.update(to: 5, at: 10)
        w.update(to: 1, at: 30)
        #expect(w.value == 1)
        #expect(w.integral(at: 40) == 130)
        #expect(w.mean(at: 40) == 3.25)
        // Mid-interval: over [0,20]: 2·10 + 5·10 = 70, mean 3.5.
        #expect(w.max == 5)
        var v = TimeWeighted(value: 2, at: 0)
        v.update(to: 5, at: 10)
        #expect(v.integral(at: 20) == 70)
        #expect(v.mean(at: 20) == 3.5)
    }

    @Test func addAccumulates() {
        // 0 on [100,110), 1 on [110,115), 3 on [115,120), 2 on [120,130]:
        // area = 0 + 5 + 15 + 20 = 40 over a span of 30.
        var w = TimeWeighted(value: 0, at: 100)
        w.add(1, at: 110)
        w.add(2, at: 115)
        w.add(-1, at: 120)
        #expect(w.value == 2)
        #expect(w.integral(at: 130) == 40)
        #expect(abs(w.mean(at: 130) - 40.0 / 30.0) < 1e-12)
        #expect(w.max == 3)
    }

    @Test("Several updates at the same time count only the last value")
    func simultaneousUpdates() {
        var w = TimeWeighted(value: 0, at: 0)
        w.update(to: 10, at: 5)
        w.update(to: 100, at: 5)
        w.update(to: 4, at: 5)
        // 0 on [0,5), 4 on [5,10]: area 20.
        #expect(w.integral(at: 10) == 20)
        #expect(w.mean(at: 10) == 2)
        #expect(w.max == 100)  // the transient value is still the largest seen
    }

    @Test("Mean over an empty window is the current value")
    func emptyWindow() {
        let w = TimeWeighted(value: 7, at: 50)
        #expect(w.mean(at: 50) == 7)
        #expect(w.integral(at: 50) == 0)
        #expect(w.mean(at: 60) == 7)
        #expect(w.integral(at: 60) == 70)
        let d = TimeWeighted()
        #expect(d.value == 0)
        #expect(d.mean(at: 1000) == 0)
    }

    @Test("reset(at:) starts a new window and keeps the current value")
    func reset() {
        var w = TimeWeighted(value: 10, at: 0)
        w.update(to: 3, at: 100)  // 10 on [0,100)
        w.reset(at: 150)  // warm-up ends; value 3 carries over
        #expect(w.value == 3)
        #expect(w.max == 3)  // the 10 from the warm-up is forgotten
        #expect(w.integral(at: 150) == 0)
        #expect(w.mean(at: 150) == 3)
        // 3 on [150,170), 6 on [170,200]: area 60 + 180 = 240 over 50.
        w.update(to: 6, at: 170)
        #expect(w.integral(at: 200) == 240)
        #expect(abs(w.mean(at: 200) - 4.8) < 1e-12)
        #expect(w.max == 6)
    }

    @Test("Matches a direct sum on a random path")
    func randomPath() {
        var rng = RandomStream(seed: 12, replication: 0, name: "tw")
        var w = TimeWeighted(value: 0, at: 0)
        var t: Tick = 0
        var value = 0.0
        var area = 0.0
        var largest = 0.0
        for _ in 0..<5000 {
            let dt = Tick(rng.next() % 1000)
            let next = Double(rng.next() % 20)
            area += value * Double(dt)
            t += dt
            value = next
            largest = Swift.max(largest, next)
            w.update(to: next, at: t)
        }
        let end = t + 500
        area += value * 500
        #expect(w.integral(at: end) == area)  // integers well below 2^53: exact
        #expect(abs(w.mean(at: end) - area / Double(end)) < 1e-12 * area / Double(end))
        #expect(w.max == largest)
    }
}

@Suite("DurationQuantiles")
struct DurationQuantilesTests {
    @Test func emptyReturnsZero() {
        let q = DurationQuantiles()
        #expect(q.count == 0)
        #expect(q.quantile(0.5) == 0)
        #expect(q.quantile(0.99) == 0)
    }

    @Test("Quantiles of 1...100000 within 0.1%")
    func uniformIntegers() {
        var q = DurationQuantiles()
        // Record in a scrambled order (multiplication by a unit mod 100003 is a bijection).
        for i in 1...100_000 { q.record(Tick((i * 7919) % 100_003)) }
        // The multiplier maps 1...100000 to 100000 distinct residues in 1...100002;
        // build the same set to know the exact sample quantiles.
        var values = (1...100_000).map { Tick(($0 * 7919) % 100_003) }
        values.sort()
        #expect(q.count == 100_000)
        for p in [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999] {
            // Exact sample quantile: the ⌈pN⌉-th smallest value.
            let rank = Int((p * 100_000).rounded(.up))
            let exact = Double(values[rank - 1])
            let got = Double(q.quantile(p))
            #expect(abs(got - exact) <= 0.001 * exact, "p = \(p): got \(got), exact \(exact)")
        }
    }

    @Test("Quantiles of exactly 1...100000 within 0.1%")
    func plainRange() {
        var q = DurationQuantiles()
        for i in 1...100_000 { q.record(Tick(i)) }
        for p in [0.0001, 0.05, 0.5, 0.95, 0.9999] {
            let exact = (p * 100_000).rounded(.up)
            let got = Double(q.quantile(p))
            #expect(abs(got - exact) <= 0.001 * exact, "p = \(p)")
        }
        // Small values are exact (HDR buckets have width 1 below 2048).
        #expect(q.quantile(0.0001) == 10)
    }

    @Test("Large values (beyond the initial range) keep 0.1% precision")
    func largeValues() {
        var q = DurationQuantiles()
        // One hour to ~11.6 days in microseconds.
        let values: [Tick] = (1...1000).map { Tick($0) * 1_000_000_000 }
        for v in values.reversed() { q.record(v) }
        #expect(q.count == 1000)
        for p in [0.1, 0.5, 0.9] {
            let exact = Double(values[Int((p * 1000).rounded(.up)) - 1])
            let got = Double(q.quantile(p))
            #expect(abs(got - exact) <= 0.001 * exact, "p = \(p)")
        }
    }

    @Test("Negative durations count as zero")
    func negativeAsZero() {
        var q = DurationQuantiles()
        for _ in 0..<10 { q.record(-5) }
        for _ in 0..<10 { q.record(100) }
        #expect(q.count == 20)
        #expect(q.quantile(0.25) == 0)
        #expect(q.quantile(0.75) == 100)
    }

    @Test func resetForgets() {
        var q = DurationQuantiles()
        for i in 1...1000 { q.record(Tick(i)) }
        q.reset()
        #expect(q.count == 0)
        #expect(q.quantile(0.5) == 0)
        for _ in 0..<5 { q.record(42) }
        #expect(q.count == 5)
        #expect(q.quantile(0.5) == 42)
        #expect(q.quantile(0.99) == 42)
    }

    @Test func singleValue() {
        var q = DurationQuantiles()
        q.record(123_456)
        for p in [0.01, 0.5, 0.99] {
            #expect(abs(Double(q.quantile(p)) - 123_456) <= 0.001 * 123_456)
        }
    }
}
