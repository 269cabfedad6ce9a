/// A scheduled happening, as the kernel sees it: three small integers.
///
/// The kernel does not interpret events; the model that handles them gives
/// `kind`, `target` and `detail` their meaning (for a production line: "service
/// ends", station 4, server 1). Plain values keep the calendar free of
/// allocations and closures.
public struct Event: Hashable, Sendable {
    /// What happens; meaning defined by the model.
    public var kind: Int32
    /// The object it happens to; meaning defined by the model.
    public var target: Int32
    /// A further detail (a server index, a job id); meaning defined by the model.
    public var detail: Int32

    @inlinable
    public init(kind: Int32, target: Int32 = 0, detail: Int32 = 0) {
        self.kind = kind
        self.target = target
        self.detail = detail
    }
}

/// Identifies one scheduled event so it can be cancelled.
public struct EventHandle: Hashable, Sendable {
    /// The insertion sequence number of the event.
    public let sequence: UInt64

    @inlinable
    public init(sequence: UInt64) { self.sequence = sequence }
}
