/// Sole and shifting bottleneck shares by the active-period method
/// (Roser, Nakano & Tanaka, "Shifting bottleneck detection", Proc. Winter
/// Simulation Conference 2002).
///
/// Each object (a station) alternates between *active* periods (working,
/// under repair) and *inactive* ones (starved, blocked, off shift). At any
/// moment the bottleneck is the object whose current active period is the
/// longest. Where the bottleneck's active period overlaps the active period
/// of the bottleneck before or after it, both are *shifting* bottlenecks;
/// elsewhere the bottleneck is the *sole* bottleneck.
///
/// Streaming with bounded memory: a closed period is dropped at once when an
/// open period that started no later is already longer (it can never be the
/// longest anywhere), and time is settled in chunks as soon as no open
/// period can still cover it.
public struct ShiftingBottleneck: Sendable {
    struct Period: Sendable {
        var object: Int
        var start: Tick
        var end: Tick
        var length: Tick { end - start }
    }

    /// Time each object was the sole bottleneck, in ticks.
    public private(set) var sole: [Tick]
    /// Time each object was a shifting bottleneck, in ticks.
    public private(set) var shifting: [Tick]

    /// Start of each object's open active period, or −1.
    private var openStart: [Tick]
    /// The object whose open period began first, or −1. Periods begin in time
    /// order, so it changes only when it closes (then a scan finds the next).
    private var earliest = -1
    private var pending: [Period] = []
    private var settleThreshold: Int
    private let chunk: Int
    /// Everything before this time is settled.
    private var settledUntil: Tick
    /// Statistics count only from here (the end of the warm-up).
    private var windowStart: Tick
    /// The last bottleneck period settled, its segment, and the overlap with the one before it.
    private var last: (period: Period, segment: Range<Tick>, overlapBefore: Range<Tick>)?

    /// Tracks `objects` objects from time `start`, settling time whenever
    /// `chunk` closed periods are waiting.
    public init(objects: Int, start: Tick = 0, chunk: Int = 4096) {
        self.chunk = max(1, chunk)
        settleThreshold = max(1, chunk)
        sole = Array(repeating: 0, count: objects)
        shifting = Array(repeating: 0, count: objects)
        openStart = Array(repeating: -1, count: objects)
        settledUntil = start
        windowStart = start
    }

    /// Object `i` becomes active at `time`.
    public mutating func begin(_ i: Int, at time: Tick) {
        guard openStart[i] < 0 else { return }
        openStart[i] = time
        if earliest < 0 { earliest = i }
    }

    /// The start of the open period that began first, if any.
    private func earliestOpen() -> Tick? {
        earliest >= 0 ? openStart[earliest] : nil
    }

    /// Object `i` becomes inactive at `time`.
    public mutating func end(_ i: Int, at time: Tick) {
        let start = openStart[i]
        guard start >= 0 else { return }
        openStart[i] = -1
        if earliest == i {
            // O(objects), but only when the oldest open period closes.
            earliest = -1
            for j in openStart.indices where openStart[j] >= 0 && (earliest < 0 || openStart[j] < openStart[earliest]) { earliest = j }
        }
        guard time > start else { return }
        let period = Period(object: i, start: start, end: time)
        // Dominated: an open period started no later and is already longer
        // (if any open period is, the one that started first is).
        let earliestStart = earliestOpen()
        if let s = earliestStart, s <= start, time - s > period.length { return }
        pending.append(period)
        if pending.count >= settleThreshold {
            settle(upTo: earliestStart ?? time)
            settleThreshold = max(chunk, 2 * pending.count)
        }
    }

    /// Forgets the shares so far; counting restarts at `time` (periods in progress still count).
    public mutating func reset(at time: Tick) {
        settle(upTo: min(time, earliestOpen() ?? time))
        for i in sole.indices { sole[i] = 0; shifting[i] = 0 }
        windowStart = time
    }

    /// Closes every open period at `time` and settles everything: the final shares.
    public mutating func finish(at time: Tick) {
        for i in openStart.indices { end(i, at: time) }
        settle(upTo: time)
        if let l = last { book(l.period, segment: l.segment, before: l.overlapBefore, after: l.period.end..<l.period.end) }
        last = nil
    }

    /// Settles the bottleneck timeline on [settledUntil, limit): every period
    /// covering that span is closed.
    private mutating func settle(upTo limit: Tick) {
        guard limit > settledUntil else { return }
        let (ready, keep) = pending.reduce(into: ([Period](), [Period]())) { acc, p in
            if p.start < limit { acc.0.append(p) }
            if p.end > limit { acc.1.append(p) }
        }
        pending = keep
        for (period, segment) in Self.timeline(ready, from: settledUntil, to: limit) { extend(period, segment) }
        settledUntil = limit
    }

    /// The longest covering period over each stretch of [from, to), merged.
    static func timeline(_ periods: [Period], from: Tick, to: Tick) -> [(Period, Range<Tick>)] {
        var cuts: [Tick] = [from, to]
        cuts.reserveCapacity(2 * periods.count + 2)
        for p in periods {
            if p.start > from, p.start < to { cuts.append(p.start) }
            if p.end > from, p.end < to { cuts.append(p.end) }
        }
        cuts.sort()
        var points: [Tick] = []
        points.reserveCapacity(cuts.count)
        for t in cuts where points.last != t { points.append(t) }
        let byStart = periods.sorted { $0.start < $1.start }
        var result: [(Period, Range<Tick>)] = []
        var active: [Period] = []
        var next = 0
        for (a, b) in zip(points, points.dropFirst()) {
            while next < byStart.count, byStart[next].start <= a { active.append(byStart[next]); next += 1 }
            active.removeAll { $0.end <= a }
            // Longest wins; ties go to the earlier start, then the lower object index.
            guard let best = active.max(by: { ($0.length, -$0.start, -$0.object) < ($1.length, -$1.start, -$1.object) }) else { continue }
            if let lastIndex = result.indices.last, result[lastIndex].0.object == best.object, result[lastIndex].0.start == best.start,
               result[lastIndex].1.upperBound == a {
                result[lastIndex].1 = result[lastIndex].1.lowerBound..<b
            } else {
                result.append((best, a..<b))
            }
        }
        return result
    }

    /// Adds the next stretch of the timeline.
    private mutating func extend(_ period: Period, _ segment: Range<Tick>) {
        guard let l = last else {
            last = (period, segment, segment.lowerBound..<segment.lowerBound)
            return
        }
        if l.period.object == period.object, l.period.start == period.start, l.segment.upperBound == segment.lowerBound {
            last = (l.period, l.segment.lowerBound..<segment.upperBound, l.overlapBefore)
            return
        }
        // Consecutive bottlenecks: their periods' overlap is shifting time for both.
        let overlapStart = max(l.period.start, period.start), overlapEnd = min(l.period.end, period.end)
        let contiguous = l.segment.upperBound == segment.lowerBound
        let overlap = contiguous && overlapEnd > overlapStart ? overlapStart..<overlapEnd : segment.lowerBound..<segment.lowerBound
        book(l.period, segment: l.segment, before: l.overlapBefore, after: overlap)
        last = (period, segment, overlap)
    }

    /// Books one bottleneck stretch: shifting where it overlaps its neighbours, sole elsewhere.
    private mutating func book(_ period: Period, segment: Range<Tick>, before: Range<Tick>, after: Range<Tick>) {
        func clipped(_ r: Range<Tick>) -> Range<Tick> {
            let lo = max(r.lowerBound, windowStart)
            return lo < r.upperBound ? lo..<r.upperBound : lo..<lo
        }
        func length(_ r: Range<Tick>) -> Tick { r.upperBound - r.lowerBound }
        func intersect(_ a: Range<Tick>, _ b: Range<Tick>) -> Range<Tick> {
            let lo = max(a.lowerBound, b.lowerBound), hi = min(a.upperBound, b.upperBound)
            return lo < hi ? lo..<hi : lo..<lo
        }
        let seg = clipped(segment)
        let shiftingSpan = length(clipped(before)) + length(clipped(after)) - length(intersect(clipped(before), clipped(after)))
        let inSegment = length(intersect(seg, clipped(before))) + length(intersect(seg, clipped(after)))
            - length(intersect(seg, intersect(clipped(before), clipped(after))))
        shifting[period.object] += shiftingSpan
        sole[period.object] += max(0, length(seg) - inSegment)
    }
}
