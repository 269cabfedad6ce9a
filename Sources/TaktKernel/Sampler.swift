import Foundation

/// The drawing part of a `Distribution`: a family tag and precomputed
/// constants, trivially copyable, so a hot loop can keep samplers in plain
/// storage and draw without retaining anything.
///
/// A sampler of an empirical distribution reads values owned by its
/// `Distribution`; it is valid only while that distribution exists.
public struct Sampler: @unchecked Sendable {
    /// The family as a plain tag.
    @usableFromInline enum Family: UInt8, Sendable {
        case deterministic, exponential, uniform, triangular, normal, lognormal, gamma, weibull, empirical, interpolated
    }

    /// Immutable storage for an empirical distribution's values.
    final class Table: @unchecked Sendable {
        let values: UnsafeMutablePointer<Double>
        let count: Int

        init(_ source: [Double]) {
            count = source.count
            values = .allocate(capacity: count)
            values.initialize(from: source, count: count)
        }

        deinit { values.deallocate() }
    }

    @usableFromInline let family: Family
    // Precomputed constants; their meaning depends on the family.
    @usableFromInline let a: Double
    @usableFromInline let b: Double
    @usableFromInline let c: Double
    @usableFromInline let d: Double
    /// Added to every value of the families that start at zero (exponential, lognormal, gamma, weibull).
    @usableFromInline let shift: Double
    @usableFromInline let table: UnsafePointer<Double>?
    @usableFromInline let count: Int

    init(family: Family, a: Double, b: Double, c: Double, d: Double, table: Table?) {
        self.family = family
        self.a = a
        self.b = b
        self.c = c
        self.d = d
        shift = 0
        self.table = table.map { UnsafePointer($0.values) }
        count = table?.count ?? 0
    }

    private init(_ base: Sampler, shift: Double) {
        family = base.family
        a = base.a
        b = base.b
        c = base.c
        d = base.d
        self.shift = shift
        table = base.table
        count = base.count
    }

    /// This sampler with every value moved up by `shift`.
    func shifted(by shift: Double) -> Sampler { Sampler(self, shift: shift) }

    /// Draws one value, in seconds.
    @inlinable
    public func sample(_ rng: inout RandomStream) -> Double {
        switch family {
        case .deterministic:
            return a
        case .exponential:
            // (Without a shift, 0 + x is x exactly: the same values as before shifts existed.)
            return shift + a * ExponentialZiggurat.sample(&rng)
        case .uniform:
            return a + b * rng.nextUnit()
        case .triangular:
            let u = rng.nextUnit()
            let lo = a, hi = b, f = c
            if u < f { return lo + ((hi - lo) * (hi - lo) * f * u).squareRoot() }
            return hi - ((hi - lo) * (hi - lo) * (1 - f) * (1 - u)).squareRoot()
        case .normal:
            while true {
                let x = a + b * Self.standardNormal(&rng)
                if x >= 0 { return x }
            }
        case .lognormal:
            return shift + exp(a + b * Self.standardNormal(&rng))
        case .gamma:
            var g = Self.marsagliaTsang(d: a, c: b, &rng)
            if d < 1 { g *= pow(rng.nextOpenUnit(), 1 / d) }
            return shift + g * c
        case .weibull:
            return shift + b * pow(-log(rng.nextOpenUnit()), a)
        case .empirical:
            return table.unsafelyUnwrapped[Int(rng.next() % UInt64(count))]
        case .interpolated:
            // Law (2015), §6.2.4: P = (n − 1)U, i = ⌊P⌋, X(i) + (P − i)(X(i+1) − X(i)).
            let table = table.unsafelyUnwrapped
            let n = count
            let p = Double(n - 1) * rng.nextUnit()
            let i = min(Int(p), n - 2)
            return table[i] + (p - Double(i)) * (table[i + 1] - table[i])
        }
    }

    /// Draws one value rounded to whole ticks.
    @inlinable @inline(__always)
    public func sampleTicks(_ rng: inout RandomStream) -> Tick {
        Ticks.from(seconds: sample(&rng))
    }

    /// Standard normal by the Box–Muller transform (one value per call).
    @inlinable
    static func standardNormal(_ rng: inout RandomStream) -> Double {
        let u1 = rng.nextOpenUnit()
        let u2 = rng.nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Gamma(shape = d + 1/3, scale 1) by Marsaglia & Tsang's squeeze method.
    @inlinable
    static func marsagliaTsang(d: Double, c: Double, _ rng: inout RandomStream) -> Double {
        while true {
            var x: Double
            var v: Double
            repeat {
                x = standardNormal(&rng)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = rng.nextOpenUnit()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }
}
