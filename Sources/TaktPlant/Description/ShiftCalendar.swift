import TaktKernel

/// When the plant works: a weekly pattern of on-shift intervals.
///
/// Built from shifts (daily, on working days), minus breaks and planned
/// maintenance windows. Runs start on a Monday at 00:00. Outside the
/// intervals the plant is *off shift*: sources do not release jobs, stations
/// do not start, finish or pass on work (a job in process resumes where it
/// stopped at the next shift), and operating-basis failures do not age.
public struct ShiftCalendar: Sendable, Equatable {
    /// Length of the pattern.
    public static let week: Tick = 7 * 86_400 * Ticks.perSecond

    /// Sorted, disjoint on-shift intervals [start, end) within one week.
    public let onShift: [Range<Tick>]

    /// Creates a calendar from on-shift intervals within a week (sorted, disjoint, non-empty).
    public init(onShift: [Range<Tick>]) {
        self.onShift = onShift
    }

    /// On-shift time per week.
    public var onShiftPerWeek: Tick { onShift.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) } }

    /// Time per week when every one of `calendars` is on shift (the whole week when there are none).
    public static func commonTimePerWeek(_ calendars: [ShiftCalendar]) -> Tick {
        var common: [Range<Tick>] = [0..<week]
        for calendar in calendars {
            common = common.flatMap { a in
                calendar.onShift.compactMap { b in a.overlaps(b) ? max(a.lowerBound, b.lowerBound)..<min(a.upperBound, b.upperBound) : nil }
            }
        }
        return common.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) }
    }

    /// Whether the plant works at time `t`, and when that next changes.
    public func state(at t: Tick) -> (on: Bool, nextChange: Tick) {
        let weekStart = t / Self.week * Self.week
        let offset = t - weekStart
        for interval in onShift {
            if offset < interval.lowerBound { return (false, weekStart + interval.lowerBound) }
            if offset < interval.upperBound { return (true, weekStart + interval.upperBound) }
        }
        return (false, weekStart + Self.week + onShift[0].lowerBound)
    }

    /// Builds the weekly pattern, merging touching intervals and wrapping past the week's end.
    static func compile(shifts: [Range<Tick>], removals: [Range<Tick>]) -> [Range<Tick>] {
        func wrapped(_ r: Range<Tick>) -> [Range<Tick>] {
            if r.upperBound <= week { return [r] }
            return [r.lowerBound..<week, 0..<(r.upperBound - week)]
        }
        var on = shifts.flatMap(wrapped).sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Tick>] = []
        for r in on where !r.isEmpty {
            if let last = merged.last, r.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        on = merged
        for cut in removals.flatMap(wrapped) {
            on = on.flatMap { r -> [Range<Tick>] in
                guard r.overlaps(cut) else { return [r] }
                var parts: [Range<Tick>] = []
                if r.lowerBound < cut.lowerBound { parts.append(r.lowerBound..<cut.lowerBound) }
                if cut.upperBound < r.upperBound { parts.append(cut.upperBound..<r.upperBound) }
                return parts
            }
        }
        return on
    }
}
