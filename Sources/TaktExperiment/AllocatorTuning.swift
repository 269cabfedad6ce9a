#if canImport(Glibc)
import Glibc
#endif

/// How the C allocator keeps memory that replications free, set once when a process starts.
///
/// A process-wide setting, so the program decides: `takt` applies it first
/// thing, as does the store-load benchmark that measures what `takt run` does.
public enum AllocatorTuning {
    /// Keeps up to 64 MiB of freed memory in the process instead of handing it back to the kernel.
    ///
    /// A replication allocates its model, statistics and results and frees
    /// them when it ends. With glibc's defaults the top of the heap goes back
    /// to the kernel once 128 KiB of it is free, and blocks above an adaptive
    /// threshold are mapped and unmapped one by one, so each replication
    /// faulted the pages of the one before it in again: on one-day M/M/1
    /// replications (`takt run Plants/validation/mm1.yaml --replications 4000
    /// --duration 1d --warmup 1h --no-db --threads 1`) 42 page faults a
    /// replication, a fifth of its time, and 1 with this setting.
    public static func apply() {
        #if canImport(Glibc)
        // glibc's mallopt, looked up because <malloc.h> is not part of Swift's Glibc module.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 4 << 20)
        _ = mallopt(trimThreshold, 64 << 20)
        #endif
    }
}
