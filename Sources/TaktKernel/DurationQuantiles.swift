/// Quantiles of durations from a bounded-memory log-linear histogram.
///
/// The bins are those of an HDR histogram (Gil Tene's HdrHistogram) with three
/// significant digits and a resolution of one tick: each duration below 2,048
/// ticks has its own bin, and above that bucket `b` (values 2^(b+10) up to
/// 2^(b+11)) has 1,024 bins of 2^b ticks. Any reported quantile is within 0.1%
/// of the true sample quantile, and memory grows with the range of durations
/// recorded (8 KiB a bucket, that is a doubling; 35 buckets from one tick to a
/// year), never with their number.
///
/// Hand-written, not taken from the hdrhistogram-swift package as before: that
/// package's reset, set-up and percentile code is generic over the count type
/// and not inlinable, so it ran unspecialized, through protocol witnesses, for
/// every one of its 36,864 bins. Measured with `perf` on one-day M/M/1
/// replications (`takt run Plants/validation/mm1.yaml --replications 2000
/// --duration 1d --warmup 1h --no-db --threads 1`), it took about 70% of each
/// replication. This type gives the same quantiles (the bins, the rank rule and
/// the clamping are the same; a test checks it against the package) and
/// allocates and scans only the buckets durations fell in.
public struct DurationQuantiles: Sendable {
    /// Counts in chunks of 1,024 bins (chunk `c` holds bins `1024c ..< 1024(c+1)`;
    /// chunks 0 and 1 are bucket 0, chunk `c` ≥ 2 is bucket `c − 1`), each
    /// allocated when a duration first falls in it: small allocations that the
    /// allocator reuses from one replication to the next.
    @usableFromInline var chunks: [[UInt64]] = []
    /// Durations per chunk, so a quantile skips whole chunks.
    @usableFromInline var chunkTotals: [UInt64] = []
    @usableFromInline var total: UInt64 = 0
    @usableFromInline var longest: UInt64 = 0
    @usableFromInline var shortestNonZero: UInt64 = .max

    /// log2 of the bins in a bucket's upper half, and of a chunk's bins; a
    /// bucket's lower half is the previous bucket, so bucket 0 alone has 2,048 bins.
    @usableFromInline static let halfBucketBits = 10
    @usableFromInline static let halfBucket = 1 << halfBucketBits

    /// An empty sketch; it allocates as durations arrive.
    public init() {}

    /// Number of recorded durations.
    public var count: Int { Int(total) }

    /// Records one duration (negative values count as zero).
    @inlinable
    public mutating func record(_ ticks: Tick) {
        let value = UInt64(Swift.max(ticks, 0))
        let bin = Self.bin(of: value)
        let chunk = bin >> Self.halfBucketBits
        if chunk >= chunks.count || chunks[chunk].isEmpty { allocate(chunk) }
        chunks[chunk][bin & (Self.halfBucket - 1)] &+= 1
        chunkTotals[chunk] &+= 1
        total &+= 1
        if value > longest { longest = value }
        if value != 0, value < shortestNonZero { shortestNonZero = value }
    }

    /// The `p`-quantile (0 < p < 1) in ticks; 0 when nothing was recorded.
    ///
    /// The smallest bin whose cumulative count reaches ⌈p·n⌉ (p just below
    /// its floating-point value, at least one), reported as the highest value
    /// that bin holds, clamped to the shortest and longest durations recorded.
    public func quantile(_ p: Double) -> Tick {
        guard total > 0 else { return 0 }
        let percentile = p * 100
        let shortest: UInt64 = chunkTotals[0] > 0 && chunks[0][0] > 0 ? 0 : shortestNonZero
        if percentile == 0 { return Tick(clamping: shortest) }
        if percentile >= 100 { return Tick(clamping: longest) }
        let requested = Swift.min(Swift.max(percentile.nextDown, 0), 100)
        let rank = Swift.max(1, UInt64((requested * Double(total) / 100).rounded(.up)))
        var cumulative: UInt64 = 0
        for chunk in chunkTotals.indices where chunkTotals[chunk] > 0 {
            guard cumulative + chunkTotals[chunk] >= rank else {
                cumulative += chunkTotals[chunk]
                continue
            }
            for (offset, count) in chunks[chunk].enumerated() {
                cumulative += count
                if cumulative >= rank {
                    let value = Self.highestValue(inBin: chunk << Self.halfBucketBits + offset)
                    return Tick(clamping: Swift.max(Swift.min(value, longest), shortest))
                }
            }
        }
        return 0
    }

    /// Forgets all durations, keeping the storage.
    public mutating func reset() {
        for chunk in chunks.indices where chunkTotals[chunk] > 0 {
            chunks[chunk].withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            chunkTotals[chunk] = 0
        }
        total = 0
        longest = 0
        shortestNonZero = .max
    }

    /// Makes room for the counts of chunk `chunk`.
    @usableFromInline
    mutating func allocate(_ chunk: Int) {
        if chunk >= chunks.count {
            chunks += repeatElement([], count: chunk + 1 - chunks.count)
            chunkTotals += repeatElement(0, count: chunk + 1 - chunkTotals.count)
        }
        chunks[chunk] = Array(repeating: 0, count: Self.halfBucket)
    }

    /// The bin `value` falls in.
    @inlinable
    static func bin(of value: UInt64) -> Int {
        let bucket = bucket(of: value)
        return ((bucket + 1) << halfBucketBits) + Int(value >> UInt64(bucket)) - halfBucket
    }

    /// The bucket of `value`: how many doublings it lies beyond bucket 0's 0…2047.
    @inlinable
    static func bucket(of value: UInt64) -> Int {
        (64 - halfBucketBits - 1) - (value | UInt64(2 * halfBucket - 1)).leadingZeroBitCount
    }

    /// The highest value bin `bin` holds.
    static func highestValue(inBin bin: Int) -> UInt64 {
        var bucket = (bin >> halfBucketBits) - 1
        var subBin = (bin & (halfBucket - 1)) + halfBucket
        if bucket < 0 {
            subBin -= halfBucket
            bucket = 0
        }
        let lowest = UInt64(subBin) << UInt64(bucket)
        return lowest + (UInt64(1) << UInt64(Self.bucket(of: lowest))) - 1
    }
}
