import Foundation
import Histogram
import Testing
import TaktKernel

/// DurationQuantiles against the HdrHistogram package it replaced: the same
/// quantiles, so that no reported figure changed.
@Suite("DurationQuantiles agrees with HdrHistogram")
struct DurationQuantilesReferenceTests {
    /// The reference set up as Takt used it: one-tick resolution, three digits, growing.
    static func reference() -> Histogram<UInt64> {
        var h = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 1 << 45, numberOfSignificantValueDigits: .three)
        h.autoResize = true
        return h
    }

    static let probabilities = [1e-6, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.999999]

    /// Samples of one shape and scale: exponential, lognormal-ish, with zeros and negatives mixed in.
    static func samples(count: Int, scale: Double, seed: UInt64) -> [Tick] {
        var random = RandomStream(seed: seed, replication: 0, name: "quantiles")
        return (0..<count).map { i in
            switch i % 10 {
            case 0: return 0
            case 1: return -Tick(random.next() % 1000)
            case 2, 3: return Tick(exp(4 * random.nextOpenUnit()) * scale)  // spans e^4 ≈ 55×
            default: return Tick(-log(random.nextOpenUnit()) * scale)
            }
        }
    }

    @Test("Same quantiles for durations from 1 tick to 2^50 ticks", arguments: [1.0, 700.0, 3e4, 1.4e8, 5e11, 1e15])
    func sameQuantiles(scale: Double) {
        var ours = DurationQuantiles()
        var theirs = Self.reference()
        for (n, seed) in [(1, UInt64(1)), (17, 2), (5_000, 3)] {
            ours.reset()
            theirs.reset()
            for t in Self.samples(count: n, scale: scale, seed: seed) {
                ours.record(t)
                theirs.record(UInt64(max(t, 0)))
            }
            #expect(ours.count == Int(theirs.totalCount))
            for p in Self.probabilities {
                #expect(ours.quantile(p) == Tick(clamping: theirs.valueAtPercentile(p * 100)), "scale \(scale), n \(n), p \(p)")
            }
        }
    }

    @Test("A reset sketch reused for shorter durations answers as a new one")
    func resetThenShorter() {
        var reused = DurationQuantiles()
        for t: Tick in [5, 1 << 40, 3 << 30] { reused.record(t) }
        reused.reset()
        var fresh = DurationQuantiles()
        for t: Tick in 1...3000 {
            reused.record(t)
            fresh.record(t)
        }
        for p in Self.probabilities { #expect(reused.quantile(p) == fresh.quantile(p)) }
    }
}
