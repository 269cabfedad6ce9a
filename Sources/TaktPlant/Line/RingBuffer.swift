/// A growable FIFO queue of job or server ids on a power-of-two ring: O(1)
/// push and pop, no allocation once it has grown to its working size.
///
/// Written by hand rather than using `Deque` because it sits on the hottest
/// path of the line model (every job entering and leaving every buffer) and
/// needs nothing but FIFO with removal by position. Slots outside the live
/// range keep stale values; ids are plain integers, so nothing is retained.
struct RingBuffer {
    private var storage: [Int32]
    private var head = 0
    private(set) var count = 0

    init(capacity: Int = 8) {
        var size = 1
        while size < max(capacity, 2) { size <<= 1 }
        storage = Array(repeating: 0, count: size)
    }

    var isEmpty: Bool { count == 0 }

    var first: Int32? { count == 0 ? nil : storage[head] }

    mutating func append(_ element: Int32) {
        if count == storage.count { grow() }
        storage[(head + count) & (storage.count - 1)] = element
        count += 1
    }

    mutating func popFirst() -> Int32? {
        guard count > 0 else { return nil }
        let element = storage[head]
        head = (head + 1) & (storage.count - 1)
        count -= 1
        return element
    }

    /// The element at position `i` from the front (0 is the first).
    subscript(i: Int) -> Int32 {
        storage[(head + i) & (storage.count - 1)]
    }

    /// Removes the element at position `i` from the front, keeping order. O(count − i).
    mutating func remove(at i: Int) {
        if i == 0 {
            _ = popFirst()
            return
        }
        let mask = storage.count - 1
        var k = i
        while k + 1 < count {
            storage[(head + k) & mask] = storage[(head + k + 1) & mask]
            k += 1
        }
        count -= 1
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: 0, count: storage.count * 2)
        for i in 0..<count { bigger[i] = storage[(head + i) & (storage.count - 1)] }
        storage = bigger
        head = 0
    }
}
