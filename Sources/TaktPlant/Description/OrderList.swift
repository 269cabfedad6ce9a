import TaktKernel

/// A source's order list: the orders it releases, one job each, in the
/// list's order (a production program, or a delivery table from an ERP).
///
/// With release times (a `release` column) the source releases each order
/// at its time, or as soon as the first station has room after it; without
/// them, the source's takt or interarrival times release the next order.
/// Either way the source stops at the end of the list, unless it repeats.
/// An order may name its variant and colour (else they are drawn from the
/// plant's mix) and a due date; completed jobs with due dates are measured
/// against them (`on_time_share`, `tardiness_s`).
public struct OrderList: Sendable {
    /// One job of the list: its release time, variant, colour and due date
    /// (ticks from the run's start; −1 where the list gives none).
    public struct Entry: Sendable, Equatable, BitwiseCopyable {
        public var release: Tick
        public var variant: Int16
        public var colour: Int16
        public var due: Tick
    }

    /// The jobs, an order of quantity n giving n entries; by release time when timed.
    public let entries: [Entry]
    /// True when the list gives release times (the source has no takt of its own).
    public let timed: Bool
    /// True when the source starts the list again at its end (untimed lists without due dates).
    public let repeats: Bool
    /// True when some order has a due date (found once: a list may give millions of jobs).
    public let hasDueDates: Bool

    /// The list of `entries`.
    public init(entries: [Entry], timed: Bool, repeats: Bool) {
        self.entries = entries
        self.timed = timed
        self.repeats = repeats
        hasDueDates = entries.contains { $0.due >= 0 }
    }
}
