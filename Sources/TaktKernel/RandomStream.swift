/// One independent stream of pseudo-random numbers: xoshiro256** 1.0.
///
/// Every source of randomness in a model (a station's processing times, one
/// failure process, one arrival process) owns its own stream, derived from
/// (seed, replication, stream name). Adding or removing a station therefore
/// never shifts the numbers another station sees, which is what makes common
/// random numbers work when comparing variants.
///
/// xoshiro256** (Blackman & Vigna, 2018) has period 2^256 − 1, passes BigCrush,
/// and costs a few instructions per draw. Seeding goes through SplitMix64, as
/// its authors recommend.
public struct RandomStream: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// Creates a stream from raw state words (not all zero).
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(state != (0, 0, 0, 0), "xoshiro256** state must not be all zero")
        (s0, s1, s2, s3) = state
    }

    /// Creates the stream named `name` of replication `replication` under `seed`.
    ///
    /// The three inputs are hashed together (FNV-1a of the name, then SplitMix64
    /// finalizers), and the result seeds SplitMix64, whose next four outputs form
    /// the xoshiro state.
    public init(seed: UInt64, replication: UInt64, name: String) {
        self.init(seed: seed, replication: replication, name: StreamName(name))
    }

    /// Creates the stream whose name `name` hashes, as `init(seed:replication:name:)` with the name spelt out.
    public init(seed: UInt64, replication: UInt64, name: StreamName) {
        var key = SplitMix64.mix(seed ^ 0x6A09_E667_F3BC_C908)
        key = SplitMix64.mix(key ^ SplitMix64.mix(replication &+ 0xBB67_AE85_84CA_A73B))
        key = SplitMix64.mix(key ^ name.hash)
        var seeder = SplitMix64(state: key)
        var state = (seeder.next(), seeder.next(), seeder.next(), seeder.next())
        if state == (0, 0, 0, 0) { state.0 = 1 }
        self.init(state: state)
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in (0, 1]: safe to take the logarithm of.
    @inlinable
    public mutating func nextOpenUnit() -> Double {
        Double((next() >> 11) + 1) * 0x1.0p-53
    }
}

/// A stream's name, hashed as it is spelt (FNV-1a, 64-bit, over its UTF-8
/// bytes), so names that share a beginning hash it once.
///
/// `StreamName("robot:cell-1/").appending("r1")` is `StreamName("robot:cell-1/r1")`:
/// a model with hundreds of robots names their streams from one hashed
/// prefix per station, without building each name (a few percent of a
/// short replication of the EV plant).
public struct StreamName: Sendable, Equatable {
    /// The FNV-1a hash of the name so far.
    public private(set) var hash: UInt64 = 0xCBF2_9CE4_8422_2325

    /// The name `text`.
    public init(_ text: String) {
        append(text)
    }

    /// This name followed by `text`.
    public func appending(_ text: String) -> StreamName {
        var name = self
        name.append(text)
        return name
    }

    private mutating func append(_ text: String) {
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
    }
}

/// SplitMix64 (Steele, Lea & Flood, 2014): used to expand seeds.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state; any value is valid.
    public var state: UInt64

    /// Creates a generator with the given state.
    public init(state: UInt64) { self.state = state }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The SplitMix64 output function: a bijective 64-bit mixer.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
