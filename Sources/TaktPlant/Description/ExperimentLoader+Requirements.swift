import Foundation
import Yams

/// Reads figure constraints, the requirements a selected variant must keep:
///
/// ```yaml
/// constraints:
///   - {figure: lead_time_mean, at_most: 2h, tolerance: 5min}     # durations for figures in seconds, else numbers
///   - {figure: throughput_per_hour, at_least: 47.4}              # tolerance: 1% of the bound
/// ```
extension ExperimentLoader {
    static let requirementKeys = ["figure", "at_most", "at_least", "tolerance"]

    /// The requirements of one `{figure: ..., at_most/at_least: ..., tolerance: ...}` item: one per bound it gives.
    /// `currency` names the money of figures priced in it, for the requirement's words.
    static func requirements(_ item: YAMLValue, currency: String?) throws(PlantFileError) -> [Requirement] {
        let map = try item.mapping(allowed: requirementKeys)
        let figureValue = try map.required("figure", hint: "the figure whose mean is bounded, e.g. lead_time_mean")
        let name = try figureValue.choice(ResultFigure.all.map(\.name))
        let figure = ResultFigure.named(name)!.priced(in: currency)
        var bounds: [(Requirement.Side, Double)] = []
        if let v = map["at_most"] { bounds.append((.atMost, try quantity(v, unit: figure.unit))) }
        if let v = map["at_least"] { bounds.append((.atLeast, try quantity(v, unit: figure.unit))) }
        guard !bounds.isEmpty else { throw item.error("give at_most:, at_least: or both (the bound on the figure's mean, in \(figure.unit))") }
        if bounds.count == 2, bounds[1].1 > bounds[0].1 {
            throw item.error("at_least (\(bounds[1].1)) is greater than at_most (\(bounds[0].1))")
        }
        var tolerance: Double
        if let t = map["tolerance"] {
            tolerance = try quantity(t, unit: figure.unit)
            guard tolerance > 0 else { throw t.error("must be greater than 0, got \(tolerance)") }
        } else {
            // 1% of the bound: a judgement as fine as a hundredth of what is asked.
            tolerance = bounds.map { 0.01 * abs($0.1) }.filter { $0 > 0 }.min() ?? 0
            guard tolerance > 0 else {
                throw item.error("give a tolerance: (how near the bound a mean may be judged either way, in \(figure.unit)); "
                                 + "with a bound of 0 it has no default")
            }
        }
        return bounds.map { Requirement(figure: name, side: $0.0, bound: $0.1, tolerance: tolerance, unit: figure.unit) }
    }

    /// A figure's value: a number in its unit, or for figures in seconds also a duration (`2h`).
    static func quantity(_ v: YAMLValue, unit: String) throws(PlantFileError) -> Double {
        let x: Double
        if unit == "s", let text = v.node.string, Double(text) == nil {
            x = try v.duration()
        } else {
            x = try v.double()
        }
        guard x.isFinite else { throw v.error("must be a finite number, got \(x)") }
        return x
    }
}
