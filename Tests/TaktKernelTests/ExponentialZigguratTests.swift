import Foundation
@testable import TaktKernel
import Testing

@Suite("Exponential ziggurat")
struct ExponentialZigguratTests {
    @Test("Kolmogorov–Smirnov against 1 − e^(−x) over 400k draws")
    func kolmogorovSmirnov() {
        var rng = RandomStream(seed: 42, replication: 0, name: "ziggurat-ks")
        let n = 400_000
        var xs = (0..<n).map { _ in ExponentialZiggurat.sample(&rng) }
        xs.sort()
        var d = 0.0
        for (i, x) in xs.enumerated() {
            let f = 1 - exp(-x)
            d = max(d, abs(f - Double(i) / Double(n)), abs(f - Double(i + 1) / Double(n)))
        }
        // Critical value at the 1% level: 1.628 / √n (Law, Table 6.14, large-n form).
        #expect(d < 1.628 / Double(n).squareRoot(), "D = \(d)")
        #expect(xs.first! >= 0)
    }

    @Test("The tail beyond r = 7.697 has probability e^(−r)")
    func tail() {
        var rng = RandomStream(seed: 7, replication: 0, name: "ziggurat-tail")
        let n = 2_000_000
        var beyond = 0
        var beyondTwice = 0
        for _ in 0..<n {
            let x = ExponentialZiggurat.sample(&rng)
            if x > ExponentialZiggurat.r { beyond += 1 }
            if x > 2 * ExponentialZiggurat.r { beyondTwice += 1 }
        }
        let p = exp(-ExponentialZiggurat.r)
        let se = (p * (1 - p) / Double(n)).squareRoot()
        #expect(abs(Double(beyond) / Double(n) - p) < 5 * se, "share beyond r: \(Double(beyond) / Double(n)) vs \(p)")
        // Memorylessness through the tail: P(X > 2r) = e^(−2r) ≈ 2e-7, so a handful at most.
        #expect(beyondTwice < 10)
    }

    @Test("Tables: layers shrink towards the tail and thresholds stay inside 53 bits")
    func tables() {
        for i in 1..<255 {
            #expect(ExponentialZiggurat.w[i] < ExponentialZiggurat.w[i + 1])
            #expect(ExponentialZiggurat.f[i] > ExponentialZiggurat.f[i + 1])
            #expect(ExponentialZiggurat.k[i + 1] < 1 << 53)
        }
        #expect(ExponentialZiggurat.f[0] == 1)
        #expect(abs(ExponentialZiggurat.w[255] * 0x1p53 - ExponentialZiggurat.r) < 1e-12)
    }
}
