import Foundation
import TaktKernel
import Testing

/// A shift moves every value of the families that start at zero up by a fixed time.
@Suite("Shifted distributions")
struct ShiftedDistributionTests {
    static let kinds: [Distribution.Kind] = [.exponential(mean: 20), .lognormal(mean: 20, cv: 0.8), .gamma(shape: 0.6, mean: 20),
                                             .gamma(shape: 3, mean: 20), .weibull(shape: 1.4, scale: 25)]

    @Test("each value is the unshifted family's value from the same stream plus the shift, exactly; the mean moves by the shift",
          arguments: kinds)
    func valuesMoveUp(kind: Distribution.Kind) throws {
        let base = try Distribution.make(kind), shifted = try Distribution.make(kind, shift: 42.5)
        var a = RandomStream(seed: 9, replication: 0, name: "shift"), b = a
        for _ in 0..<10_000 {
            let x = base.sample(&a), y = shifted.sample(&b)
            #expect(y == 42.5 + x)
            if y != 42.5 + x { break }
        }
        #expect(shifted.mean == 42.5 + base.mean)
        #expect(shifted.shift == 42.5 && base.shift == 0 && shifted != base)
    }

    @Test("a shift of 0 is the family itself; a negative or infinite shift, or one on another family, is refused naming 'shift'")
    func refusals() throws {
        #expect(try Distribution.make(.exponential(mean: 3), shift: 0) == Distribution.make(.exponential(mean: 3)))
        for (kind, shift) in [(Distribution.Kind.exponential(mean: 3), -1.0), (.weibull(shape: 2, scale: 3), .infinity),
                              (.normal(mean: 3, sd: 1), 2), (.uniform(min: 1, max: 2), 2), (.deterministic(value: 3), 1)] {
            #expect(throws: Distribution.ParameterError.self) { try Distribution.make(kind, shift: shift) }
            do {
                _ = try Distribution.make(kind, shift: shift)
            } catch {
                #expect(error.parameter == "shift")
            }
        }
    }
}
