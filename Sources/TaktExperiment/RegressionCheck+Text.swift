import Foundation
import TaktPlant

/// Numbers and one-line reasons of a regression check, for the table, the
/// failure message and the JUnit report.
extension RegressionCheck.FigureResult {
    /// A value of this figure with its unit.
    public func shown(_ value: Double) -> String { figure.shown(value) }

    /// An estimate of this figure with its unit.
    public func shown(_ e: Estimate) -> String { figure.shown(e) }

    /// The relative change with its interval: `+10.3% ± 0.8%`.
    public var changeText: String {
        if difference == 0 && halfWidth == 0 { return "0%" }
        func pct(_ x: Double) -> String { x.isFinite ? String(format: "%.2f%%", abs(x) * 100) : "∞" }
        let sign = difference > 0 ? "+" : difference < 0 ? "−" : "±"
        return "\(sign)\(pct(relativeChange)) ± \(pct(relativeHalfWidth))"
    }

    /// The tolerance as `±2%`.
    public var toleranceText: String {
        "±" + String(format: "%g", tolerance * 100) + "%"
    }

    /// What the check found, in one line: "throughput per shift hour is 3.13% ± 1.98% worse
    /// (39.61 jobs/h → 38.37 jobs/h): beyond its ±2% tolerance and significant".
    public var reason: String {
        let direction = difference == 0 ? "unchanged" : worse ? "worse" : "better"
        let head = "\(figure.label) \(difference == 0 ? "is" : "is \(changeText.dropFirst()) \(direction)") "
            + "(\(shown(baseline.mean)) → \(figure.shown(current.mean, like: baseline.mean)))"
        switch verdict {
        case .unchanged: return "\(figure.label) is unchanged (\(shown(current.mean)))"
        case .withinTolerance: return "\(head): within its \(toleranceText) tolerance"
        case .notSignificant: return "\(head): beyond its \(toleranceText) tolerance, but not significant"
        case .improved, .regressed: return "\(head): beyond its \(toleranceText) tolerance and significant"
        }
    }
}

extension RegressionCheck {
    /// How significance was judged, in one line.
    public var testText: String {
        let level = String(format: "%g", rule.confidence * 100)
        let k = figures.count
        let family = k > 1 ? ", Bonferroni-adjusted over \(k) figures" : ""
        switch test {
        case .paired:
            let n = figures.first?.current.count ?? 0
            let t = tQuantile.map { String(format: " (t = %.3f)", $0) } ?? ""
            return "paired t over the \(n) replications both have (common random numbers), \(level)%\(family)\(t)"
        case .welch:
            return "Welch's t (unpaired), \(level)%\(family)"
        }
    }
}
