import Foundation
import Testing
import TaktExperiment
import TaktKernel

// Reference quantiles: standard t tables (e.g. NIST/SEMATECH e-Handbook,
// §1.3.6.7.2 "Critical values of the Student's t distribution"), to four
// decimals; the extra digits in comments come from scipy 1.17.1
// `scipy.stats.t.ppf(p, df)`, run when these tests were written.

@Suite("StudentT")
struct StudentTTests {
    struct TableValue: Sendable, CustomTestStringConvertible {
        var p: Double
        var df: Double
        var t: Double
        var testDescription: String { "t(\(p), \(df)) = \(t)" }
    }

    static let table: [TableValue] = [
        TableValue(p: 0.975, df: 1, t: 12.7062),  // 12.7062047362
        TableValue(p: 0.975, df: 2, t: 4.3027),  // 4.3026527297
        TableValue(p: 0.975, df: 4, t: 2.7764),  // 2.7764451052
        TableValue(p: 0.975, df: 5, t: 2.5706),  // 2.5705818356
        TableValue(p: 0.975, df: 9, t: 2.2622),  // 2.2621571628
        TableValue(p: 0.995, df: 9, t: 3.2498),  // 3.2498355416
        TableValue(p: 0.975, df: 30, t: 2.0423),  // 2.0422724563
        TableValue(p: 0.975, df: 1000, t: 1.9623),  // 1.9623390808
        TableValue(p: 0.95, df: 4, t: 2.1318),  // 2.1318467863
        TableValue(p: 0.95, df: 5, t: 2.0150),  // 2.0150483733
        TableValue(p: 0.90, df: 3, t: 1.6377),  // 1.6377443537
        TableValue(p: 0.999, df: 5, t: 5.8934),  // 5.8934295314
        TableValue(p: 0.99, df: 1, t: 31.8205),  // 31.8205159538
        TableValue(p: 0.60, df: 7, t: 0.2632),  // 0.2631668614
    ]

    @Test("quantile matches table values to 1e-4", arguments: table)
    func quantileTable(_ v: TableValue) {
        let q = StudentT.quantile(v.p, degreesOfFreedom: v.df)
        #expect(abs(q - v.t) < 1e-4, "got \(q)")
    }

    @Test("quantile matches scipy to 1e-8")
    func quantileHighPrecision() {
        // scipy.stats.t.ppf
        let cases: [(p: Double, df: Double, t: Double)] = [
            (0.975, 1, 12.706_204_736_2),
            (0.975, 9, 2.262_157_162_8),
            (0.995, 9, 3.249_835_541_6),
            (0.975, 1000, 1.962_339_080_8),
            (0.975, 999, 1.962_341_461_1),
            (0.975, 2.5, 3.574_654_842_0),  // non-integer degrees of freedom
        ]
        for c in cases {
            let q = StudentT.quantile(c.p, degreesOfFreedom: c.df)
            #expect(abs(q - c.t) < 1e-8, "p \(c.p), df \(c.df): got \(q)")
        }
    }

    @Test("Large df approaches the normal quantile 1.959964")
    func largeDegreesOfFreedom() {
        // scipy: t.ppf(0.975, 100000) = 1.9599877075; z_{0.975} = 1.959963985.
        let q = StudentT.quantile(0.975, degreesOfFreedom: 100_000)
        #expect(abs(q - 1.959_987_707_5) < 1e-6)
        #expect(q > 1.959_963_985)
    }

    @Test("Closed forms for df = 1 and df = 2")
    func closedForms() {
        // df = 1 (Cauchy): F(t) = 1/2 + atan(t)/π, so t_p = tan(π(p − 1/2)).
        // df = 2: F(t) = 1/2 + t / (2√(2 + t²)), so t_p = (2p − 1)√(2 / (1 − (2p − 1)²)).
        for p in [0.55, 0.7, 0.9, 0.975, 0.999] {
            #expect(abs(StudentT.quantile(p, degreesOfFreedom: 1) - tan(Double.pi * (p - 0.5))) < 1e-8 * max(1, tan(Double.pi * (p - 0.5))))
            let a = 2 * p - 1
            #expect(abs(StudentT.quantile(p, degreesOfFreedom: 2) - a * (2 / (1 - a * a)).squareRoot()) < 1e-8)
        }
        for t in [-3.0, -0.5, 0.0, 0.25, 1.0, 4.0] {
            #expect(abs(StudentT.cdf(t, degreesOfFreedom: 1) - (0.5 + atan(t) / Double.pi)) < 1e-12)
            #expect(abs(StudentT.cdf(t, degreesOfFreedom: 2) - (0.5 + t / (2 * (2 + t * t).squareRoot()))) < 1e-12)
        }
    }

    @Test("cdf matches scipy")
    func cdfReference() {
        // scipy.stats.t.cdf(t, df)
        #expect(abs(StudentT.cdf(1.0, degreesOfFreedom: 1) - 0.75) < 1e-12)
        #expect(abs(StudentT.cdf(2.0, degreesOfFreedom: 5) - 0.949_030_260_585) < 1e-10)
        #expect(abs(StudentT.cdf(-0.5, degreesOfFreedom: 3) - 0.325_723_982_424) < 1e-10)
        #expect(abs(StudentT.cdf(3.0, degreesOfFreedom: 20) - 0.996_462_050_604) < 1e-10)
        #expect(StudentT.cdf(0, degreesOfFreedom: 7) == 0.5)
    }

    @Test("Symmetry: quantile(1 − p) = −quantile(p), cdf(−t) = 1 − cdf(t)")
    func symmetry() {
        #expect(StudentT.quantile(0.5, degreesOfFreedom: 3) == 0)
        for df in [1.0, 2, 5, 29, 400] {
            for p in [0.6, 0.8, 0.95, 0.975, 0.995] {
                let hi = StudentT.quantile(p, degreesOfFreedom: df)
                let lo = StudentT.quantile(1 - p, degreesOfFreedom: df)
                #expect(hi > 0)
                #expect(abs(hi + lo) < 1e-9 * hi)
            }
            for t in [0.1, 1, 2.5, 10] {
                let sum = StudentT.cdf(t, degreesOfFreedom: df) + StudentT.cdf(-t, degreesOfFreedom: df)
                #expect(abs(sum - 1) < 1e-12)
            }
        }
    }

    @Test("cdf(quantile(p)) ≈ p, and both are monotone")
    func roundTrip() {
        for df in [1.0, 2, 3, 7, 15, 60, 250, 1000] {
            var previous = -Double.infinity
            for p in [0.001, 0.01, 0.05, 0.2, 0.4, 0.5, 0.6, 0.8, 0.95, 0.99, 0.999] {
                let q = StudentT.quantile(p, degreesOfFreedom: df)
                #expect(abs(StudentT.cdf(q, degreesOfFreedom: df) - p) < 1e-9, "df \(df), p \(p)")
                #expect(q > previous)
                previous = q
            }
        }
        // Quantiles shrink toward the normal one as df grows.
        let qs = [1.0, 2, 5, 10, 100].map { StudentT.quantile(0.975, degreesOfFreedom: $0) }
        #expect(zip(qs, qs.dropFirst()).allSatisfy { $0 > $1 })
    }
}

@Suite("Estimate")
struct EstimateTests {
    @Test("Hand-computed mean and half-width")
    func handComputed() throws {
        // 2, 4, 4, 5, 7, 8: mean 30/6 = 5; squared deviations 9+1+1+0+4+9 = 24,
        // s² = 24/5 = 4.8, s/√n = √0.8 = 0.894427191;
        // t_{0.975,5} = 2.5706 (table) ⇒ half-width 2.29920 (2.2991982905 with scipy's t).
        let e = Estimate([2, 4, 4, 5, 7, 8])
        #expect(e.count == 6)
        #expect(abs(e.mean - 5) < 1e-12)
        let hw = try #require(e.halfWidth)
        #expect(abs(hw - 2.5706 * 0.894_427_191) < 1e-4)  // table t · s/√n
        #expect(abs(hw - 2.299_198_290_5) < 1e-8)

        // 90% level: t_{0.95,5} = 2.0150 ⇒ 2.0150483733 · 0.894427191 = 1.8023140563.
        let e90 = Estimate([2, 4, 4, 5, 7, 8], level: 0.90)
        #expect(e90.mean == e.mean)
        #expect(abs((e90.halfWidth ?? 0) - 1.802_314_056_3) < 1e-8)
    }

    @Test("Two values: half-width is t_{0.975,1} · s/√2")
    func twoValues() {
        // 1, 3: mean 2, s = √2, s/√2 = 1 ⇒ half-width = t_{0.975,1} = 12.7062.
        let e = Estimate([1, 3])
        #expect(e.mean == 2)
        #expect(abs((e.halfWidth ?? 0) - 12.706_204_736_2) < 1e-8)
        #expect(e.contains(14.7))
        #expect(!e.contains(14.71))
        #expect(e.contains(-10.7))
        #expect(!e.contains(-10.71))
    }

    @Test("One value: no half-width; contains only the mean")
    func oneValue() {
        let e = Estimate([4.25])
        #expect(e.count == 1)
        #expect(e.mean == 4.25)
        #expect(e.halfWidth == nil)
        #expect(e.contains(4.25))
        #expect(!e.contains(4.25 + 1e-9))
        #expect(!e.contains(4.25 - 1e-9))
    }

    @Test("No values: mean 0, no half-width")
    func noValues() {
        let e = Estimate([])
        #expect(e.count == 0)
        #expect(e.mean == 0)
        #expect(e.halfWidth == nil)
    }

    @Test("Constant values: zero half-width")
    func constantValues() {
        let e = Estimate([3, 3, 3, 3])
        #expect(e.mean == 3)
        #expect(e.halfWidth == 0)
        #expect(e.contains(3))
        #expect(!e.contains(3.000_001))
    }

    @Test("contains() is inclusive at the interval ends")
    func containsBoundaries() throws {
        let e = Estimate([10, 12, 14, 16, 18])  // mean 14, s² = 10
        let hw = try #require(e.halfWidth)
        // t_{0.975,4} = 2.7764451052 (scipy); s/√n = √2.
        #expect(abs(hw - 2.776_445_105_2 * 2.0.squareRoot()) < 1e-8)
        #expect(e.contains(14))
        #expect(e.contains(14 + 0.999 * hw))
        #expect(e.contains(14 - 0.999 * hw))
        #expect(!e.contains(14 + 1.001 * hw))
        #expect(!e.contains(14 - 1.001 * hw))
        // Exactly at the ends (values 0, 2: mean 1, interval 1 ± t_{0.975,1}).
        let f = Estimate([0, 2])
        let fw = try #require(f.halfWidth)
        #expect(f.contains(1 + fw))
        #expect(f.contains(1 - fw))
        #expect(!f.contains((1 + fw).nextUp.nextUp))
    }

    @Test("Higher confidence gives a wider interval")
    func levelOrdering() {
        let xs = [1.0, 4, 2, 8, 5, 7]
        let w90 = Estimate(xs, level: 0.90).halfWidth ?? 0
        let w95 = Estimate(xs, level: 0.95).halfWidth ?? 0
        let w99 = Estimate(xs, level: 0.99).halfWidth ?? 0
        #expect(w90 > 0)
        #expect(w90 < w95 && w95 < w99)
    }

    @Test("Coverage of the 95% interval is about 95% for normal data")
    func coverage() {
        // 2000 intervals of 10 standard-normal values each (Box–Muller over a
        // local SplitMix64, so the test is reproducible; a 95% t interval
        // covers the true mean 0 with probability exactly 0.95 for normal data).
        var state: UInt64 = 0x1234_5678
        func unit() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return (Double(z >> 11) + 0.5) * 0x1.0p-53
        }
        var covered = 0
        let trials = 2000
        for _ in 0..<trials {
            let xs = (0..<10).map { _ in (-2 * log(unit())).squareRoot() * cos(2 * Double.pi * unit()) }
            if Estimate(xs).contains(0) { covered += 1 }
        }
        // Binomial(2000, 0.95): sd = √(2000·0.95·0.05) ≈ 9.75; allow 5 sd (±49).
        #expect(abs(covered - 1900) <= 49, "covered \(covered) of \(trials)")
    }

    @Test func codableRoundTrip() throws {
        for e in [Estimate([1, 2, 3.5]), Estimate([7]), Estimate([])] {
            let data = try JSONEncoder().encode(e)
            let back = try JSONDecoder().decode(Estimate.self, from: data)
            #expect(back == e)
        }
    }
}
