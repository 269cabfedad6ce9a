/// A fixed-size, zero-filled, 64-byte-aligned buffer of trivial values, for
/// packed weights and scratch space the kernels read with vector loads.
public final class AlignedBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    /// The first element.
    public let base: UnsafeMutablePointer<Element>
    /// Number of elements.
    public let count: Int

    /// A buffer of `count` zeros.
    public init(count: Int) {
        self.count = count
        let bytes = max(1, count) * MemoryLayout<Element>.stride
        let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        base = raw.bindMemory(to: Element.self, capacity: max(1, count))
    }

    deinit {
        UnsafeMutableRawPointer(base).deallocate()
    }

    public subscript(i: Int) -> Element {
        get { base[i] }
        set { base[i] = newValue }
    }
}
