/// A growable FIFO queue of job or server ids on a power-of-two ring: O(1)
/// push and pop, no allocation once it has grown to its working size.
///
/// Written by hand rather than using `Deque` because it sits on the hottest
/// path of the line model (every job entering and leaving every buffer) and
/// needs nothing but FIFO with removal by position. Its storage is raw
/// memory, as a `Slab`'s is: an `Array` would pay a uniqueness check (a call
/// into the runtime) at every push and pop. So a ring buffer is owned by one
/// place (a slab's element, mutated in place, never copied to be mutated)
/// and its owner calls `release()` exactly once. Slots outside the live
/// range keep stale values; ids are plain integers, so nothing is retained.
struct RingBuffer {
    private var storage: UnsafeMutablePointer<Int32>
    /// The ring's size, a power of two.
    private var size: Int
    private var head = 0
    private(set) var count = 0

    init(capacity: Int = 8) {
        var size = 1
        while size < max(capacity, 2) { size <<= 1 }
        self.size = size
        storage = .allocate(capacity: size)
        storage.initialize(repeating: 0, count: size)
    }

    var isEmpty: Bool { count == 0 }

    var first: Int32? { count == 0 ? nil : storage[head] }

    @inline(__always)
    mutating func append(_ element: Int32) {
        if count == size { grow() }
        storage[(head + count) & (size - 1)] = element
        count += 1
    }

    @inline(__always)
    mutating func popFirst() -> Int32? {
        guard count > 0 else { return nil }
        let element = storage[head]
        head = (head + 1) & (size - 1)
        count -= 1
        return element
    }

    /// Takes the element at the back (the ring used as a stack).
    @inline(__always)
    mutating func popLast() -> Int32? {
        guard count > 0 else { return nil }
        count -= 1
        return storage[(head + count) & (size - 1)]
    }

    /// Empties the ring, keeping its storage.
    mutating func removeAll() {
        head = 0
        count = 0
    }

    /// The element at position `i` from the front (0 is the first).
    subscript(i: Int) -> Int32 {
        assert(i >= 0 && i < count, "ring buffer index \(i) out of 0..<\(count)")
        return storage[(head + i) & (size - 1)]
    }

    /// Removes the element at position `i` from the front, keeping order. O(count − i).
    mutating func remove(at i: Int) {
        assert(i >= 0 && i < count, "ring buffer index \(i) out of 0..<\(count)")
        if i == 0 {
            _ = popFirst()
            return
        }
        let mask = size - 1
        var k = i
        while k + 1 < count {
            storage[(head + k) & mask] = storage[(head + k + 1) & mask]
            k += 1
        }
        count -= 1
    }

    /// Frees the storage (the owner's release).
    func release() { storage.deallocate() }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Int32>.allocate(capacity: size * 2)
        bigger.initialize(repeating: 0, count: size * 2)
        for i in 0..<count { bigger[i] = storage[(head + i) & (size - 1)] }
        storage.deallocate()
        storage = bigger
        size *= 2
        head = 0
    }
}
