/// A fixed-size block of elements owned by one model, accessed in place.
///
/// The line model's per-station and per-server state is sized once, when the
/// model is built, and then touched many times per event. Through `Array`
/// every in-place mutation of a class property pays a uniqueness check; a
/// slab's elements are mutated directly through their address. The owner
/// must call `release()` exactly once (the model does so in `deinit`).
/// Indices are checked in debug builds.
struct Slab<Element> {
    private let base: UnsafeMutablePointer<Element>
    /// Number of elements.
    let count: Int

    /// Copies `elements` into a new slab.
    init(_ elements: [Element]) {
        count = elements.count
        base = .allocate(capacity: Swift.max(1, elements.count))
        elements.withUnsafeBufferPointer { buffer in
            if let source = buffer.baseAddress { base.initialize(from: source, count: count) }
        }
    }

    /// Valid indices.
    var indices: Range<Int> { 0..<count }

    /// The element at `i`, read and written in place.
    subscript(i: Int) -> Element {
        unsafeAddress {
            assert(i >= 0 && i < count, "slab index \(i) out of 0..<\(count)")
            return UnsafePointer(base + i)
        }
        nonmutating unsafeMutableAddress {
            assert(i >= 0 && i < count, "slab index \(i) out of 0..<\(count)")
            return base + i
        }
    }

    /// Destroys the elements and frees the memory.
    func release() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
