/// The future event list: a 4-ary min-heap ordered by (time, priority, sequence).
///
/// Ties in time are broken by priority (lower first) and then by insertion
/// order, so a run is fully deterministic. Cancellation is lazy: a cancelled
/// event stays in the heap and is skipped when it reaches the top.
///
/// Complexity: `schedule` and `popNext` are O(log n); `cancel` is O(1).
public struct EventCalendar: Sendable {
    @usableFromInline
    struct Entry: Sendable {
        /// Time in the high 64 bits; priority (biased to unsigned) in the next
        /// 16, insertion sequence in the low 48: one comparison orders events.
        @usableFromInline var key: UInt128
        @usableFromInline var event: Event

        @inlinable
        init(time: Tick, order: UInt64, event: Event) {
            self.key = UInt128(UInt64(bitPattern: time)) << 64 | UInt128(order)
            self.event = event
        }

        @inlinable var time: Tick { Tick(bitPattern: UInt64(truncatingIfNeeded: key >> 64)) }
        @inlinable var sequence: UInt64 { UInt64(truncatingIfNeeded: key) & EventCalendar.sequenceMask }

        @inlinable
        func precedes(_ other: Entry) -> Bool { key < other.key }
    }

    @usableFromInline var heap: [Entry] = []
    /// True while the root is being delivered (see `beginDelivery`): it is no
    /// longer pending, but stays in place so that the first event scheduled
    /// during its handling can take its slot with a single sift.
    @usableFromInline var rootDelivered = false
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var cancelled: Set<UInt64> = []

    /// Number of sequence bits; 2^48 events is far beyond any run.
    @usableFromInline static let sequenceBits: UInt64 = 48
    @usableFromInline static let sequenceMask: UInt64 = (1 << sequenceBits) - 1

    /// Creates an empty calendar.
    public init() {
        heap.reserveCapacity(1024)
    }

    /// Number of events still to happen (cancelled ones excluded).
    public var count: Int { heap.count - cancelled.count - (rootDelivered ? 1 : 0) }

    /// True when no event is pending.
    public var isEmpty: Bool { count == 0 }

    /// Schedules `event` at `time` (≥ 0); lower `priority` runs first among equal times.
    ///
    /// - Returns: a handle that `cancel(_:)` accepts while the event is pending.
    @inlinable
    @discardableResult
    public mutating func schedule(_ event: Event, at time: Tick, priority: Int16 = 0) -> EventHandle {
        precondition(time >= 0, "event times must not be negative")
        let sequence = nextSequence
        nextSequence &+= 1
        let biased = UInt64(UInt16(bitPattern: priority) ^ 0x8000)
        let entry = Entry(time: time, order: biased << Self.sequenceBits | (sequence & Self.sequenceMask), event: event)
        if rootDelivered {
            // A pop followed by a push, done as one replacement of the root.
            rootDelivered = false
            replaceTop(with: entry)
        } else {
            heap.append(entry)
            siftUp(heap.count - 1)
        }
        return EventHandle(sequence: sequence)
    }

    /// Cancels a pending event. The handle must belong to an event that has
    /// not happened yet and was not cancelled before.
    public mutating func cancel(_ handle: EventHandle) {
        cancelled.insert(handle.sequence)
    }

    /// Returns the next pending event if it happens at or before `limit`,
    /// leaving it in the heap until `finishDelivery()` (or the next
    /// `schedule`, which takes its place). Returns nil otherwise.
    ///
    /// The "hold" pattern of a simulation — take the next event, schedule
    /// its successor — then costs one sift instead of two.
    @inlinable
    public mutating func beginDelivery(through limit: Tick) -> (time: Tick, event: Event)? {
        finishDelivery()
        dropCancelledTop()
        guard let top = heap.first, top.time <= limit else { return nil }
        rootDelivered = true
        return (top.time, top.event)
    }

    /// Removes the event returned by `beginDelivery` unless a new event already took its place.
    @inlinable
    public mutating func finishDelivery() {
        if rootDelivered {
            rootDelivered = false
            removeTop()
        }
    }

    /// Time of the next pending event, or nil when none is pending.
    public mutating func peekTime() -> Tick? {
        finishDelivery()
        dropCancelledTop()
        return heap.first?.time
    }

    /// Removes and returns the next pending event with its time.
    @inlinable
    public mutating func popNext() -> (time: Tick, event: Event)? {
        popNext(through: .max)
    }

    /// Removes and returns the next pending event if it happens at or before
    /// `limit`; returns nil (and leaves it pending) otherwise.
    @inlinable
    public mutating func popNext(through limit: Tick) -> (time: Tick, event: Event)? {
        guard let next = beginDelivery(through: limit) else { return nil }
        finishDelivery()
        return next
    }

    /// Removes every pending event.
    public mutating func removeAll() {
        rootDelivered = false
        heap.removeAll(keepingCapacity: true)
        cancelled.removeAll()
    }

    /// Removes cancelled events from the top of the heap.
    @inlinable @inline(__always)
    mutating func dropCancelledTop() {
        while !cancelled.isEmpty, let top = heap.first, cancelled.contains(top.sequence) {
            cancelled.remove(top.sequence)
            removeTop()
        }
    }

    /// Removes the root.
    @inlinable
    mutating func removeTop() {
        let last = heap.removeLast()
        if heap.isEmpty { return }
        replaceTop(with: last)
    }

    /// Puts `entry` at the root and restores heap order. Floyd's bottom-up
    /// variant: the hole sinks to a leaf along the smallest children (no
    /// comparison with `entry`), then `entry` rises from there. Entries
    /// placed here usually belong near the bottom, so this saves about a
    /// quarter of the comparisons of the textbook sift-down.
    @inlinable
    mutating func replaceTop(with entry: Entry) {
        heap.withUnsafeMutableBufferPointer { h in
            let n = h.count
            var hole = 0
            while true {
                let first = 4 * hole + 1
                if first >= n { break }
                var best = first
                var bestKey = h[first].key
                if first + 4 <= n {
                    // A full family: branch-free selection (conditional moves),
                    // since which child is smallest is unpredictable.
                    for c in first + 1 ..< first + 4 {
                        let key = h[c].key
                        let smaller = key < bestKey
                        best = smaller ? c : best
                        bestKey = smaller ? key : bestKey
                    }
                } else {
                    for c in first + 1 ..< n where h[c].key < bestKey {
                        best = c
                        bestKey = h[c].key
                    }
                }
                h[hole] = h[best]
                hole = best
            }
            while hole > 0 {
                let parent = (hole - 1) / 4
                if entry.precedes(h[parent]) {
                    h[hole] = h[parent]
                    hole = parent
                } else {
                    break
                }
            }
            h[hole] = entry
        }
    }

    @inlinable
    mutating func siftUp(_ index: Int) {
        heap.withUnsafeMutableBufferPointer { h in
            let item = h[index]
            var hole = index
            while hole > 0 {
                let parent = (hole - 1) / 4
                if item.precedes(h[parent]) {
                    h[hole] = h[parent]
                    hole = parent
                } else {
                    break
                }
            }
            h[hole] = item
        }
    }
}
