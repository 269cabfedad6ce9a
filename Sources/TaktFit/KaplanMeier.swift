import Foundation

/// The Kaplan–Meier estimate of a survival function from right-censored values:
/// the distribution the data show when some durations were still running.
///
/// S(t) = Π over event times tⱼ ≤ t of (1 − dⱼ/nⱼ), dⱼ the events at tⱼ and nⱼ the
/// values at least tⱼ (a value censored at tⱼ is still at risk there). Without
/// censoring it is one minus the empirical distribution function. The estimate
/// ends at the largest value: beyond a censored largest value nothing is known.
public struct KaplanMeier: Sendable, Equatable {
    /// The distinct event times, increasing.
    public let times: [Double]
    /// S just after each event time.
    public let survival: [Double]
    /// The largest value, event or censored: where the estimate ends.
    public let end: Double

    /// The estimate from `values`, where `isEvent(i)` tells whether value i ended in the event (not censored).
    public init(_ values: [Double], isEvent: (Int) -> Bool) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var times: [Double] = [], survival: [Double] = []
        var s = 1.0
        var k = 0
        while k < order.count {
            let t = values[order[k]]
            let atRisk = order.count - k
            var events = 0
            while k < order.count && values[order[k]] == t {
                if isEvent(order[k]) { events += 1 }
                k += 1
            }
            if events > 0 {
                s *= 1 - Double(events) / Double(atRisk)
                times.append(t)
                survival.append(s)
            }
        }
        self.times = times
        self.survival = survival
        end = order.last.map { values[$0] } ?? 0
    }

    /// The estimate of the durations of `sample`, its censored values counted as still running.
    public init(_ sample: ObservedSample) {
        self.init(sample.values) { !sample.isCensored($0) }
    }

    /// S(t): the estimated share of durations longer than t (up to `end`).
    public func survival(at t: Double) -> Double {
        let i = lastIndex(atMost: t)
        return i < 0 ? 1 : survival[i]
    }

    /// The index of the last event time at most `t`, or −1.
    func lastIndex(atMost t: Double) -> Int {
        var lo = 0, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }

    /// The p-quantile: the first event time where 1 − S reaches p; nil when the estimate
    /// never gets there (too many durations were still running).
    public func quantile(_ p: Double) -> Double? {
        survival.firstIndex { 1 - $0 >= p - 1e-12 }.map { times[$0] }
    }

    /// A draw of the duration given that it exceeds `t`: the first event time where
    /// S falls to `u` × S(t) or below (`u` uniform on (0, 1)); infinite when S never
    /// falls that far (the estimate's last value was censored, so the rest is unknown).
    func conditionalDraw(above t: Double, u: Double) -> Double {
        let start = lastIndex(atMost: t)
        let target = u * (start < 0 ? 1 : survival[start])
        var lo = start + 1, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if survival[mid] <= target { hi = mid } else { lo = mid + 1 }
        }
        return lo < times.count ? times[lo] : .infinity
    }
}
