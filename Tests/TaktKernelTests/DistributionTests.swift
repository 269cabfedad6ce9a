import Foundation
import Testing
import TaktKernel

/// The first four raw moments E[X], E[X²], E[X³], E[X⁴] of a distribution,
/// from closed forms, and the derived central quantities.
struct Moments {
    var raw: [Double]  // raw[k-1] = E[X^k], k = 1...4

    var mean: Double { raw[0] }
    var variance: Double { raw[1] - raw[0] * raw[0] }
    /// Fourth central moment: μ₄ = m₄ − 4m₃m₁ + 6m₂m₁² − 3m₁⁴.
    var mu4: Double {
        let m1 = raw[0], m2 = raw[1], m3 = raw[2], m4 = raw[3]
        let m1sq: Double = m1 * m1
        let a: Double = m4 - 4 * m3 * m1
        let b: Double = 6 * m2 * m1sq - 3 * m1sq * m1sq
        return a + b
    }

    /// Exponential with mean θ: E[X^k] = k! θ^k.
    static func exponential(mean t: Double) -> Moments {
        Moments(raw: [t, 2 * t * t, 6 * pow(t, 3), 24 * pow(t, 4)])
    }
    /// Uniform on [a, b]: E[X^k] = (b^{k+1} − a^{k+1}) / ((k+1)(b − a)).
    static func uniform(_ a: Double, _ b: Double) -> Moments {
        var raw: [Double] = []
        for k in 1...4 {
            let e = Double(k + 1)
            let num: Double = pow(b, e) - pow(a, e)
            raw.append(num / (e * (b - a)))
        }
        return Moments(raw: raw)
    }
    /// Gamma with shape k and scale θ: E[X^n] = θ^n Γ(k+n)/Γ(k) = θ^n k(k+1)…(k+n−1).
    static func gamma(shape k: Double, scale t: Double) -> Moments {
        var raw: [Double] = []
        var r = 1.0
        for n in 0..<4 {
            r *= t * (k + Double(n))
            raw.append(r)
        }
        return Moments(raw: raw)
    }
    /// Weibull with shape k and scale λ: E[X^n] = λ^n Γ(1 + n/k).
    static func weibull(shape k: Double, scale l: Double) -> Moments {
        var raw: [Double] = []
        for n in 1...4 {
            let e = Double(n)
            raw.append(pow(l, e) * tgamma(1 + e / k))
        }
        return Moments(raw: raw)
    }
    /// Lognormal exp(N(μ, σ²)): E[X^n] = exp(nμ + n²σ²/2).
    static func lognormal(mu: Double, sigma2: Double) -> Moments {
        var raw: [Double] = []
        for n in 1...4 {
            let e = Double(n)
            raw.append(exp(e * mu + e * e * sigma2 / 2))
        }
        return Moments(raw: raw)
    }
    /// Discrete uniform over the listed values (with repeats).
    static func discrete(_ values: [Double]) -> Moments {
        var raw: [Double] = []
        for k in 1...4 {
            var sum = 0.0
            for v in values { sum += pow(v, Double(k)) }
            raw.append(sum / Double(values.count))
        }
        return Moments(raw: raw)
    }
    /// Equal-weight mixture.
    static func mixture(_ parts: [Moments]) -> Moments {
        var raw: [Double] = [0, 0, 0, 0]
        for part in parts {
            for i in 0..<4 { raw[i] += part.raw[i] / Double(parts.count) }
        }
        return Moments(raw: raw)
    }
}

/// n samples of `d` from a fixed stream, with their summary.
struct SampleSummary {
    var n: Int
    var mean: Double
    var variance: Double  // n − 1 denominator
    var min: Double
    var max: Double
    var values: [Double]

    init(_ d: Distribution, n: Int = 200_000, stream name: String) {
        var rng = RandomStream(seed: 20_240_601, replication: 0, name: name)
        var values = [Double](repeating: 0, count: n)
        for i in 0..<n { values[i] = d.sample(&rng) }
        let mean = values.reduce(0, +) / Double(n)
        var ss = 0.0
        for v in values { ss += (v - mean) * (v - mean) }
        self.n = n
        self.mean = mean
        self.variance = ss / Double(n - 1)
        self.min = values.min()!
        self.max = values.max()!
        self.values = values
    }

    /// Checks the sample mean and variance against exact moments.
    ///
    /// Tolerances are 5 standard errors:
    /// - mean: SE = sqrt(σ² / n);
    /// - variance: SE ≈ sqrt((μ₄ − σ⁴) / n), the asymptotic standard error
    ///   of the sample variance.
    func check(against m: Moments, checkVariance: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
        let seMean = (m.variance / Double(n)).squareRoot()
        #expect(abs(mean - m.mean) <= 5 * seMean, "sample mean \(mean) vs exact \(m.mean) (SE \(seMean))", sourceLocation: sourceLocation)
        if checkVariance {
            let seVar = ((m.mu4 - m.variance * m.variance) / Double(n)).squareRoot()
            #expect(abs(variance - m.variance) <= 5 * seVar, "sample variance \(variance) vs exact \(m.variance) (SE \(seVar))", sourceLocation: sourceLocation)
        }
        #expect(self.min >= 0, "negative sample \(self.min)", sourceLocation: sourceLocation)
    }
}

@Suite("Distribution sampling")
struct DistributionSamplingTests {
    @Test func deterministic() throws {
        let d = try Distribution.make(.deterministic(value: 3.5))
        #expect(d.mean == 3.5)
        let s = SampleSummary(d, n: 1000, stream: "det")
        #expect(s.min == 3.5 && s.max == 3.5)
        let zero = try Distribution.make(.deterministic(value: 0))
        var rng = RandomStream(seed: 1, replication: 0, name: "z")
        #expect(zero.sample(&rng) == 0)
        #expect(zero.sampleTicks(&rng) == 0)
    }

    @Test func exponential() throws {
        let d = try Distribution.make(.exponential(mean: 2))
        #expect(d.mean == 2)
        let s = SampleSummary(d, stream: "exp")
        s.check(against: .exponential(mean: 2))  // variance θ² = 4
        #expect(s.min > 0)
        // Memorylessness shape check: P(X > θ) = e^{-1}; SE sqrt(p(1-p)/n).
        let p = Double(s.values.filter { $0 > 2 }.count) / Double(s.n)
        #expect(abs(p - exp(-1)) < 5 * (exp(-1) * (1 - exp(-1)) / Double(s.n)).squareRoot())
    }

    @Test func uniform() throws {
        let d = try Distribution.make(.uniform(min: 1, max: 4))
        #expect(d.mean == 2.5)
        let s = SampleSummary(d, stream: "uni")
        s.check(against: .uniform(1, 4))  // variance (b − a)²/12 = 0.75
        #expect(s.min >= 1 && s.max < 4)

        let point = try Distribution.make(.uniform(min: 2, max: 2))
        #expect(point.mean == 2)
        let p = SampleSummary(point, n: 100, stream: "uni-point")
        #expect(p.min == 2 && p.max == 2)
    }

    @Test func triangular() throws {
        let (a, c, b) = (1.0, 2.0, 6.0)
        let d = try Distribution.make(.triangular(min: a, mode: c, max: b))
        #expect(abs(d.mean - 3) < 1e-12)  // (a + c + b)/3
        let s = SampleSummary(d, stream: "tri")
        // Variance (a² + b² + c² − ab − ac − bc)/18; excess kurtosis is −3/5 for
        // every triangular distribution, so μ₄ = 2.4 σ⁴ (standard results, e.g.
        // Wikipedia "Triangular distribution").
        let v = (a * a + b * b + c * c - a * b - a * c - b * c) / 18  // = 7/6
        let seMean = (v / Double(s.n)).squareRoot()
        #expect(abs(s.mean - 3) <= 5 * seMean)
        let seVar = ((2.4 * v * v - v * v) / Double(s.n)).squareRoot()  // sqrt((μ₄ − σ⁴)/n)
        #expect(abs(s.variance - v) <= 5 * seVar)
        #expect(s.min >= a && s.max <= b)
        // CDF at the mode is (c − a)/(b − a) = 0.2.
        let below = Double(s.values.filter { $0 < c }.count) / Double(s.n)
        #expect(abs(below - 0.2) < 5 * (0.2 * 0.8 / Double(s.n)).squareRoot())
    }

    @Test("triangular with the mode at an end point", arguments: [(0.0, 0.0, 3.0), (0.0, 3.0, 3.0)])
    func triangularDegenerateMode(_ p: (Double, Double, Double)) throws {
        let d = try Distribution.make(.triangular(min: p.0, mode: p.1, max: p.2))
        let s = SampleSummary(d, n: 50_000, stream: "tri-edge")
        let mean = (p.0 + p.1 + p.2) / 3
        let v = (p.0 * p.0 + p.1 * p.1 + p.2 * p.2 - p.0 * p.1 - p.0 * p.2 - p.1 * p.2) / 18
        #expect(abs(s.mean - mean) <= 5 * (v / Double(s.n)).squareRoot())
        #expect(s.min >= p.0 && s.max <= p.2)
    }

    @Test func normalEffectivelyUntruncated() throws {
        // mean 10, sd 1: P(X < 0) = Φ(−10) ≈ 7.6e-24, so truncation is invisible.
        let d = try Distribution.make(.normal(mean: 10, sd: 1))
        #expect(d.mean == 10)
        let s = SampleSummary(d, stream: "norm")
        // Normal: μ₄ = 3σ⁴.
        var m = Moments(raw: [10, 101, 0, 0])
        m.raw[2] = 10 * 10 * 10 + 3 * 10 * 1  // E X³ = μ³ + 3μσ²
        m.raw[3] = pow(10, 4) + 6 * 100 * 1 + 3  // E X⁴ = μ⁴ + 6μ²σ² + 3σ⁴
        #expect(abs(m.mu4 - 3) < 1e-9)
        s.check(against: m)
        // Symmetry: about half the samples below the mean.
        let below = Double(s.values.filter { $0 < 10 }.count) / Double(s.n)
        #expect(abs(below - 0.5) < 5 * (0.25 / Double(s.n)).squareRoot())
    }

    @Test func normalTruncatedAtZero() throws {
        // N(1, 2²) truncated to [0, ∞): with β = (0 − μ)/σ = −0.5 and
        // λ = φ(β)/(1 − Φ(β)), mean = μ + σλ and variance = σ²(1 + βλ − λ²)
        // (Johnson, Kotz & Balakrishnan, ch. 13). scipy.stats.truncnorm gives
        // mean 2.0183208677, variance 1.9447017428.
        let mu = 1.0, sigma = 2.0
        let d = try Distribution.make(.normal(mean: mu, sd: sigma))
        #expect(d.mean == 1)  // documented: the mean of the untruncated normal
        let beta = (0 - mu) / sigma
        let phi = exp(-beta * beta / 2) / (2 * Double.pi).squareRoot()
        let upper = 0.5 * erfc(beta / 2.0.squareRoot())  // 1 − Φ(β)
        let lambda = phi / upper
        let mean = mu + sigma * lambda
        let variance = sigma * sigma * (1 + beta * lambda - lambda * lambda)
        #expect(abs(mean - 2.0183208677) < 1e-8)
        #expect(abs(variance - 1.9447017428) < 1e-8)

        let s = SampleSummary(d, stream: "norm-trunc")
        #expect(s.min >= 0)
        #expect(abs(s.mean - mean) <= 5 * (variance / Double(s.n)).squareRoot())
        // Variance only to 2% (μ₄ of the truncated normal is not needed for that:
        // the sample variance's SE here is ≈ 0.006, i.e. 0.3%).
        #expect(abs(s.variance - variance) / variance < 0.02)
    }

    @Test func normalZeroSd() throws {
        let d = try Distribution.make(.normal(mean: 4, sd: 0))
        let s = SampleSummary(d, n: 100, stream: "norm0")
        #expect(s.min == 4 && s.max == 4)
    }

    @Test func lognormal() throws {
        let mean = 5.0, cv = 0.5
        let d = try Distribution.make(.lognormal(mean: mean, cv: cv))
        #expect(d.mean == 5)
        // cv² = e^{σ²} − 1 ⇒ σ² = ln(1 + cv²); mean = e^{μ + σ²/2} ⇒ μ = ln(mean) − σ²/2.
        let sigma2 = log(1 + cv * cv)
        let m = Moments.lognormal(mu: log(mean) - sigma2 / 2, sigma2: sigma2)
        #expect(abs(m.mean - 5) < 1e-12)
        #expect(abs(m.variance - (cv * mean) * (cv * mean)) < 1e-9)  // sd = cv · mean
        let s = SampleSummary(d, stream: "logn")
        s.check(against: m)
        #expect(s.min > 0)
    }

    @Test func lognormalZeroCv() throws {
        let d = try Distribution.make(.lognormal(mean: 7, cv: 0))
        let s = SampleSummary(d, n: 100, stream: "logn0")
        #expect(abs(s.min - 7) < 1e-12 && abs(s.max - 7) < 1e-12)
    }

    @Test("gamma", arguments: [
        (2.5, 4.0),  // shape > 1, non-integer
        (0.4, 2.0),  // shape < 1 (boosted Marsaglia–Tsang)
        (3.0, 6.0),  // Erlang-3 with mean 6 (phase mean 2)
        (1.0, 3.0),  // shape 1 = exponential
    ])
    func gamma(_ p: (shape: Double, mean: Double)) throws {
        let d = try Distribution.make(.gamma(shape: p.shape, mean: p.mean))
        #expect(d.mean == p.mean)
        let m = Moments.gamma(shape: p.shape, scale: p.mean / p.shape)
        #expect(abs(m.mean - p.mean) < 1e-12)
        #expect(abs(m.variance - p.mean * p.mean / p.shape) < 1e-9)  // kθ² = mean²/k
        let s = SampleSummary(d, stream: "gamma-\(p.shape)")
        s.check(against: m)
        #expect(s.min > 0)
    }

    @Test func erlang3IsSumOfThreeExponentials() throws {
        // Erlang-3 with mean 6: P(X ≤ 6) = 1 − e^{−3}(1 + 3 + 9/2) (Erlang CDF
        // with rate λ = 1/2 at x = 6, λx = 3).
        let d = try Distribution.make(.gamma(shape: 3, mean: 6))
        let s = SampleSummary(d, n: 100_000, stream: "erlang-cdf")
        let p = 1 - exp(-3) * (1 + 3 + 4.5)
        let got = Double(s.values.filter { $0 <= 6 }.count) / Double(s.n)
        #expect(abs(got - p) < 5 * (p * (1 - p) / Double(s.n)).squareRoot())
    }

    @Test("weibull", arguments: [(1.5, 2.0), (0.7, 1.0), (1.0, 3.0)])
    func weibull(_ p: (shape: Double, scale: Double)) throws {
        let d = try Distribution.make(.weibull(shape: p.shape, scale: p.scale))
        let m = Moments.weibull(shape: p.shape, scale: p.scale)
        #expect(abs(d.mean - m.mean) < 1e-12)  // λ Γ(1 + 1/k)
        let s = SampleSummary(d, stream: "weib-\(p.shape)")
        s.check(against: m)
        // CDF check at the scale: F(λ) = 1 − e^{−1} for every shape.
        let below = Double(s.values.filter { $0 <= p.scale }.count) / Double(s.n)
        let f = 1 - exp(-1.0)
        #expect(abs(below - f) < 5 * (f * (1 - f) / Double(s.n)).squareRoot())
    }

    @Test func weibullMeanKnownValue() throws {
        // 2 · Γ(5/3), Γ(5/3) = 0.9027452929509336 (Python math.gamma).
        let d = try Distribution.make(.weibull(shape: 1.5, scale: 2))
        #expect(abs(d.mean - 2 * 0.902_745_292_950_933_6) < 1e-12)
        let e = try Distribution.make(.weibull(shape: 1, scale: 3))  // exponential
        #expect(abs(e.mean - 3) < 1e-12)
    }

    @Test func empiricalResample() throws {
        let values: [Double] = [5, 1, 2, 10, 2]
        let d = try Distribution.make(.empirical(values: values, interpolate: false))
        #expect(d.mean == 4)
        let s = SampleSummary(d, stream: "emp")
        s.check(against: .discrete(values))
        // Only observed values, each with its relative frequency.
        var counts: [Double: Int] = [:]
        for v in s.values { counts[v, default: 0] += 1 }
        #expect(Set(counts.keys) == [1, 2, 5, 10])
        for (v, p) in [(1.0, 0.2), (2.0, 0.4), (5.0, 0.2), (10.0, 0.2)] {
            let got = Double(counts[v] ?? 0) / Double(s.n)
            #expect(abs(got - p) < 5 * (p * (1 - p) / Double(s.n)).squareRoot(), "value \(v)")
        }
    }

    @Test func empiricalSingleValue() throws {
        let d = try Distribution.make(.empirical(values: [3], interpolate: false))
        let s = SampleSummary(d, n: 100, stream: "emp1")
        #expect(s.min == 3 && s.max == 3)
        #expect(d.mean == 3)
    }

    @Test func empiricalInterpolated() throws {
        // Law's continuous empirical distribution over the order statistics
        // 0, 1, 10 (given unsorted): equal-weight mixture of U[0,1] and U[1,10],
        // so the exact mean is (0.5 + 5.5)/2 = 3.
        let d = try Distribution.make(.empirical(values: [10, 0, 1], interpolate: true))
        let exact = Moments.mixture([.uniform(0, 1), .uniform(1, 10)])
        #expect(abs(exact.mean - 3) < 1e-12)
        let s = SampleSummary(d, stream: "emp-int")
        s.check(against: exact)
        #expect(s.min >= 0 && s.max <= 10)
        // Half the mass lies below the middle order statistic.
        let below = Double(s.values.filter { $0 < 1 }.count) / Double(s.n)
        #expect(abs(below - 0.5) < 5 * (0.25 / Double(s.n)).squareRoot())
        // Interpolation produces values that were never observed.
        #expect(s.values.contains { $0 != 0 && $0 != 1 && $0 != 10 })
    }

    @Test func empiricalInterpolatedSymmetricMean() throws {
        // Equally spaced order statistics: the interpolated distribution is
        // U[2, 8], whose mean equals the arithmetic mean 5.
        let d = try Distribution.make(.empirical(values: [8, 2, 4, 6], interpolate: true))
        #expect(abs(d.mean - 5) < 1e-12)
        let s = SampleSummary(d, n: 50_000, stream: "emp-sym")
        s.check(against: .uniform(2, 8))
    }

    @Test("Distribution.mean of an interpolated empirical is the exact mean")
    func empiricalInterpolatedMeanProperty() throws {
        // The doc comment promises the "exact mean of the distribution"; for
        // Law's interpolated empirical over 0, 1, 10 that is 3 (see above),
        // while the arithmetic mean of the values is 11/3.
        let d = try Distribution.make(.empirical(values: [10, 0, 1], interpolate: true))
        #expect(abs(d.mean - 3) < 1e-12)
        // 8, 1, 4, 2 sorted: segment midpoints 1.5, 3, 6, each with weight 1/3 ⇒ 3.5
        // (the arithmetic mean of the values would be 3.75).
        let e = try Distribution.make(.empirical(values: [8, 1, 4, 2], interpolate: true))
        #expect(abs(e.mean - 3.5) < 1e-12)
        let f = try Distribution.make(.empirical(values: [8, 1, 4, 2], interpolate: false))
        #expect(f.mean == 3.75)
    }

    @Test("Samples are never negative, across families and many streams")
    func neverNegative() throws {
        let kinds: [Distribution.Kind] = [
            .normal(mean: 0.1, sd: 5),  // ~49% of raw draws rejected
            .exponential(mean: 1e-6),
            .lognormal(mean: 1e-3, cv: 4),
            .gamma(shape: 0.05, mean: 1),
            .weibull(shape: 0.3, scale: 1),
            .triangular(min: 0, mode: 0, max: 1e-9),
            .uniform(min: 0, max: 0),
        ]
        for kind in kinds {
            let d = try Distribution.make(kind)
            var rng = RandomStream(seed: 77, replication: 0, name: "\(kind)")
            var bad = 0
            for _ in 0..<20_000 {
                let x = d.sample(&rng)
                if !(x >= 0) || !x.isFinite { bad += 1 }
                if d.sampleTicks(&rng) < 0 { bad += 1 }
            }
            #expect(bad == 0, "\(kind)")
        }
    }

    @Test("Same stream state gives the same samples")
    func samplingIsReproducible() throws {
        let d = try Distribution.make(.gamma(shape: 0.7, mean: 3))
        var a = RandomStream(seed: 1, replication: 2, name: "g")
        var b = RandomStream(seed: 1, replication: 2, name: "g")
        let xa = (0..<1000).map { _ in d.sample(&a) }
        let xb = (0..<1000).map { _ in d.sample(&b) }
        #expect(xa == xb)
        var c = RandomStream(seed: 1, replication: 3, name: "g")
        #expect((0..<1000).map { _ in d.sample(&c) } != xa)
    }
}

@Suite("Distribution parameters")
struct DistributionParameterTests {
    struct Bad: Sendable, CustomTestStringConvertible {
        var kind: Distribution.Kind
        var parameter: String
        var testDescription: String { "\(kind) → \(parameter)" }
    }

    static let bad: [Bad] = [
        Bad(kind: .deterministic(value: -1), parameter: "value"),
        Bad(kind: .deterministic(value: .nan), parameter: "value"),
        Bad(kind: .deterministic(value: .infinity), parameter: "value"),
        Bad(kind: .exponential(mean: 0), parameter: "mean"),
        Bad(kind: .exponential(mean: -2), parameter: "mean"),
        Bad(kind: .exponential(mean: .nan), parameter: "mean"),
        Bad(kind: .exponential(mean: .infinity), parameter: "mean"),
        Bad(kind: .uniform(min: -1, max: 2), parameter: "min"),
        Bad(kind: .uniform(min: .nan, max: 2), parameter: "min"),
        Bad(kind: .uniform(min: 1, max: .nan), parameter: "max"),
        Bad(kind: .uniform(min: 1, max: .infinity), parameter: "max"),
        Bad(kind: .uniform(min: 3, max: 2), parameter: "max"),  // inverted
        Bad(kind: .triangular(min: -1, mode: 0, max: 1), parameter: "min"),
        Bad(kind: .triangular(min: 0, mode: -1, max: 1), parameter: "mode"),
        Bad(kind: .triangular(min: 0, mode: 0, max: .nan), parameter: "max"),
        Bad(kind: .triangular(min: 0, mode: 3, max: 2), parameter: "mode"),  // mode above max
        Bad(kind: .triangular(min: 2, mode: 1, max: 3), parameter: "mode"),  // mode below min
        Bad(kind: .triangular(min: 1, mode: 1, max: 1), parameter: "mode"),  // min == max
        Bad(kind: .triangular(min: 4, mode: 2, max: 1), parameter: "mode"),  // inverted
        Bad(kind: .normal(mean: 0, sd: 1), parameter: "mean"),
        Bad(kind: .normal(mean: -1, sd: 1), parameter: "mean"),
        Bad(kind: .normal(mean: 1, sd: -1), parameter: "sd"),
        Bad(kind: .normal(mean: 1, sd: .nan), parameter: "sd"),
        Bad(kind: .lognormal(mean: 0, cv: 1), parameter: "mean"),
        Bad(kind: .lognormal(mean: .nan, cv: 1), parameter: "mean"),
        Bad(kind: .lognormal(mean: 1, cv: -0.1), parameter: "cv"),
        Bad(kind: .lognormal(mean: 1, cv: .infinity), parameter: "cv"),
        Bad(kind: .gamma(shape: 0, mean: 1), parameter: "shape"),
        Bad(kind: .gamma(shape: -1, mean: 1), parameter: "shape"),
        Bad(kind: .gamma(shape: .nan, mean: 1), parameter: "shape"),
        Bad(kind: .gamma(shape: 2, mean: 0), parameter: "mean"),
        Bad(kind: .gamma(shape: 2, mean: -3), parameter: "mean"),
        Bad(kind: .weibull(shape: 0, scale: 1), parameter: "shape"),
        Bad(kind: .weibull(shape: -1, scale: 1), parameter: "shape"),
        Bad(kind: .weibull(shape: 1, scale: 0), parameter: "scale"),
        Bad(kind: .weibull(shape: 1, scale: .infinity), parameter: "scale"),
        Bad(kind: .empirical(values: [], interpolate: false), parameter: "values"),
        Bad(kind: .empirical(values: [], interpolate: true), parameter: "values"),
        Bad(kind: .empirical(values: [1], interpolate: true), parameter: "values"),
        Bad(kind: .empirical(values: [1, -1], interpolate: false), parameter: "values"),
        Bad(kind: .empirical(values: [1, .nan], interpolate: true), parameter: "values"),
        Bad(kind: .empirical(values: [.infinity], interpolate: false), parameter: "values"),
    ]

    @Test("make rejects bad parameters and names the parameter", arguments: bad)
    func rejects(_ bad: Bad) {
        do {
            let d = try Distribution.make(bad.kind)
            Issue.record("accepted \(bad.kind) as \(d)")
        } catch {
            #expect(error.parameter == bad.parameter)
            #expect(!error.message.isEmpty)
        }
    }

    static let good: [Distribution.Kind] = [
        .deterministic(value: 0),
        .exponential(mean: 1e-9),
        .uniform(min: 0, max: 0),
        .uniform(min: 2, max: 2),
        .triangular(min: 0, mode: 0, max: 1),
        .triangular(min: 0, mode: 1, max: 1),
        .normal(mean: 1, sd: 0),
        .lognormal(mean: 1, cv: 0),
        .gamma(shape: 0.01, mean: 1),
        .weibull(shape: 10, scale: 1),
        .empirical(values: [0], interpolate: false),
        .empirical(values: [0, 0], interpolate: true),
    ]

    @Test("make accepts boundary parameters and keeps the kind", arguments: good)
    func accepts(_ kind: Distribution.Kind) throws {
        let d = try Distribution.make(kind)
        #expect(d.kind == kind)
    }

    @Test("mean property matches the closed forms")
    func meanProperty() throws {
        #expect(try Distribution.make(.deterministic(value: 1.25)).mean == 1.25)
        #expect(try Distribution.make(.exponential(mean: 7)).mean == 7)
        #expect(try Distribution.make(.uniform(min: 2, max: 5)).mean == 3.5)
        #expect(try Distribution.make(.triangular(min: 0, mode: 3, max: 9)).mean == 4)
        #expect(try Distribution.make(.normal(mean: 6, sd: 1)).mean == 6)
        #expect(try Distribution.make(.lognormal(mean: 2.5, cv: 1)).mean == 2.5)
        #expect(try Distribution.make(.gamma(shape: 0.3, mean: 8)).mean == 8)
        // Weibull shape 2 scale 1: Γ(3/2) = √π/2.
        #expect(abs(try Distribution.make(.weibull(shape: 2, scale: 1)).mean - Double.pi.squareRoot() / 2) < 1e-12)
        #expect(try Distribution.make(.empirical(values: [1, 2, 6], interpolate: false)).mean == 3)
    }
}

@Suite("Ticks")
struct TicksTests {
    @Test func fromSecondsRoundsToMicroseconds() {
        #expect(Ticks.perSecond == 1_000_000)
        #expect(Ticks.from(seconds: 1.5) == 1_500_000)
        #expect(Ticks.from(seconds: 1.234_567_4) == 1_234_567)
        #expect(Ticks.from(seconds: 1.234_567_6) == 1_234_568)
        #expect(Ticks.from(seconds: 0.000_000_4) == 0)
        #expect(Ticks.from(seconds: 0.000_000_6) == 1)
        #expect(Ticks.from(seconds: 3600) == 3_600_000_000)
        #expect(Ticks.from(seconds: 1e-300) == 0)
    }

    @Test func fromSecondsClamps() {
        #expect(Ticks.from(seconds: 0) == 0)
        #expect(Ticks.from(seconds: -0.0) == 0)
        #expect(Ticks.from(seconds: -1) == 0)
        #expect(Ticks.from(seconds: -.infinity) == 0)
        #expect(Ticks.from(seconds: .nan) == 0)
        #expect(Ticks.from(seconds: -.nan) == 0)
        let maxTicks = Tick(Ticks.maxSeconds * 1e6)
        #expect(maxTicks == 1_000_000_000_000_000_000)  // 1e12 s = 1e18 µs
        #expect(Ticks.from(seconds: Ticks.maxSeconds) == maxTicks)
        #expect(Ticks.from(seconds: Ticks.maxSeconds * 1.5) == maxTicks)
        #expect(Ticks.from(seconds: 2e15) == maxTicks)
        #expect(Ticks.from(seconds: .greatestFiniteMagnitude) == maxTicks)
        #expect(Ticks.from(seconds: .infinity) == maxTicks)
        #expect(Ticks.from(seconds: Ticks.maxSeconds.nextDown) <= maxTicks)
    }

    @Test func secondsRoundTrip() {
        #expect(Ticks.seconds(1_500_000) == 1.5)
        #expect(Ticks.seconds(0) == 0)
        for t: Tick in [1, 999_999, 123_456_789, 86_400_000_000] {
            #expect(Ticks.from(seconds: Ticks.seconds(t)) == t)
        }
    }

    @Test func sampleTicksIsRoundedSample() throws {
        let d = try Distribution.make(.lognormal(mean: 0.002, cv: 1.5))
        var a = RandomStream(seed: 3, replication: 0, name: "ticks")
        var b = a
        for _ in 0..<5000 {
            let seconds = d.sample(&a)
            let ticks = d.sampleTicks(&b)
            #expect(ticks == Tick((seconds * 1e6).rounded()))
        }
        #expect(try Distribution.make(.deterministic(value: 2.000_000_4)).sampleTicks(&a) == 2_000_000)
        #expect(try Distribution.make(.deterministic(value: 2.000_000_6)).sampleTicks(&a) == 2_000_001)
    }

    @Test func sampleTicksClampsHugeSamples() throws {
        var rng = RandomStream(seed: 1, replication: 0, name: "huge")
        #expect(try Distribution.make(.deterministic(value: 1e300)).sampleTicks(&rng) == Tick(Ticks.maxSeconds * 1e6))
        #expect(try Distribution.make(.exponential(mean: 1e200)).sampleTicks(&rng) <= Tick(Ticks.maxSeconds * 1e6))
    }
}
