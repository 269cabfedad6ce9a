import Foundation
import Testing
import TaktKernel

@Suite("Duration histogram")
struct DurationHistogramTests {
    @Test("fixed bins: 20 per decade from 0.1 s, an underflow and an overflow bin, edges in whole ticks")
    func bins() {
        #expect(DurationHistogram.binCount == 162 && DurationHistogram.edges.count == 161)
        #expect(DurationHistogram.bin(0) == 0 && DurationHistogram.bin(99_999) == 0)
        #expect(DurationHistogram.bin(100_000) == 1)  // 0.1 s opens bin 1
        #expect(DurationHistogram.bin(Ticks.perSecond) == 21 && DurationHistogram.lowerSeconds(21) == 1)
        #expect(DurationHistogram.bin(Ticks.perSecond - 1) == 20)
        #expect(DurationHistogram.upperSeconds(20) == 1 && DurationHistogram.upperSeconds(161) == nil)
        #expect(DurationHistogram.lowerSeconds(161) == 1e7 && DurationHistogram.bin(Tick(1e13)) == 161)
        // Each bin is 10^(1/20) ≈ 1.122 times as wide as the one before.
        for k in 2...160 {
            let ratio = DurationHistogram.lowerSeconds(k + 1) / DurationHistogram.lowerSeconds(k)
            #expect(abs(ratio - 1.1220184543) < 1e-4)
        }
    }

    @Test("a duration's bin is the number of edges at or below it: at every edge, beside it, at every power of two, and for random durations")
    func binCountsEdges() {
        let edges = DurationHistogram.edges
        func expected(_ ticks: Tick) -> Int { edges.count { $0 <= ticks } }
        var probes: [Tick] = [Tick.min, -1, 0, 1, Tick.max, Tick.max - 1]
        for edge in edges { probes += [edge - 1, edge, edge + 1] }
        for k in 0..<(Tick.bitWidth - 1) { probes += [Tick(1) << k, (Tick(1) << k) - 1, (Tick(1) << k) + 1] }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 { probes.append(Tick(exp(Double.random(in: 0...40, using: &random)))) }
        let wrong = probes.filter { DurationHistogram.bin($0) != expected($0) }
        #expect(wrong.isEmpty, "bins differ from the edge count at \(wrong.prefix(5))")
    }

    @Test("records, counts and resets without changing its size")
    func records() {
        var h = DurationHistogram()
        for s in [0.05, 1.0, 1.05, 76.0, 76.5, 3e8] { h.record(Ticks.from(seconds: s)) }
        #expect(h.count == 6 && h.counts.count == DurationHistogram.binCount)
        #expect(h.counts[0] == 1 && h.counts[21] == 2 && h.counts[161] == 1)
        #expect(h.counts[DurationHistogram.bin(Ticks.from(seconds: 76))] == 2)
        h.reset()
        #expect(h.count == 0 && h.counts.count == DurationHistogram.binCount)
    }
}
