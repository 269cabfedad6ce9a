import Foundation
import Testing
@testable import TaktFit

@Suite struct SpecialFunctionsTests {
    static let eulerGamma = 0.577_215_664_901_532_9

    @Test("digamma and trigamma at their exact values and across their recurrences")
    func polygamma() {
        #expect(abs(SpecialFunctions.digamma(1) + Self.eulerGamma) < 1e-13)
        #expect(abs(SpecialFunctions.digamma(0.5) + Self.eulerGamma + 2 * log(2.0)) < 1e-13)
        #expect(abs(SpecialFunctions.trigamma(1) - Double.pi * Double.pi / 6) < 1e-12)
        #expect(abs(SpecialFunctions.trigamma(0.5) - Double.pi * Double.pi / 2) < 1e-12)
        for x in [0.03, 0.3, 2.5, 7.5, 40, 1e4] {
            #expect(abs(SpecialFunctions.digamma(x + 1) - SpecialFunctions.digamma(x) - 1 / x) < 1e-12 * max(1, 1 / x))
            #expect(abs(SpecialFunctions.trigamma(x) - SpecialFunctions.trigamma(x + 1) - 1 / (x * x)) < 1e-11 * max(1, 1 / (x * x)))
        }
    }

    @Test("the regularized incomplete gamma function against closed forms for shapes 1/2, 1 and 3")
    func incompleteGamma() {
        for x in [1e-4, 0.5, 2, 3.9, 4.1, 10, 60] {
            #expect(abs(SpecialFunctions.regularizedGammaP(1, x) - (1 - exp(-x))) < 1e-14)
            #expect(abs(SpecialFunctions.regularizedGammaP(3, x) - (1 - exp(-x) * (1 + x + x * x / 2))) < 1e-14)
            #expect(abs(SpecialFunctions.regularizedGammaP(0.5, x) - erf(x.squareRoot())) < 1e-14)
        }
        #expect(SpecialFunctions.regularizedGammaP(2, 0) == 0)
        // Large shapes: P(a, a) tends to 1/2 (the median of a gamma is near its mean for large a).
        #expect(abs(SpecialFunctions.regularizedGammaP(1e4, 1e4) - 0.5) < 0.003)
    }

    @Test("the standard normal distribution function at its familiar quantiles")
    func normal() {
        #expect(abs(SpecialFunctions.normalCDF(0) - 0.5) < 1e-15)
        #expect(abs(SpecialFunctions.normalCDF(1.959_963_984_540_054) - 0.975) < 1e-14)
        #expect(abs(SpecialFunctions.normalCDF(-2.326_347_874_040_841) - 0.01) < 1e-14)
    }
}
