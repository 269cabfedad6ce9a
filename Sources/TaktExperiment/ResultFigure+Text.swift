import Foundation
import TaktPlant

/// Figures as people read them, with their units.
extension ResultFigure {
    /// A value with its unit: `40.54 jobs/h`, `162.9 s`, `21.85 h` (times), `48.5%` (shares).
    public func shown(_ value: Double) -> String {
        shown(value, halfWidth: nil)
    }

    /// An estimate with its 95% half-width in the mean's unit: `40.54 ± 0.67 jobs/h`, `21.85 ± 0.93 h`.
    public func shown(_ e: Estimate) -> String {
        shown(e.mean, halfWidth: e.halfWidth)
    }

    /// A value in the unit `reference` is shown in, so that two values set side by side (a baseline's and a
    /// current mean) read in one unit: `945.8 s → 1180.0 s`, not `945.8 s → 19.66 min`.
    public func shown(_ value: Double, like reference: Double) -> String {
        shown(value, halfWidth: nil, scaledAs: reference)
    }

    /// An estimate in the unit `reference` is shown in.
    public func shown(_ e: Estimate, like reference: Double) -> String {
        shown(e.mean, halfWidth: e.halfWidth, scaledAs: reference)
    }

    private func shown(_ mean: Double, halfWidth: Double?, scaledAs reference: Double? = nil) -> String {
        let (scale, format, suffix): (Double, String, String)
        let size = abs(reference ?? mean)
        switch unit {
        case "s":
            // Four significant digits up to a thousand seconds, then minutes, then hours.
            (scale, format, suffix) = size < 1_000 ? (1, "%.1f", " s") : size < 7_200 ? (60, "%.2f", " min") : (3_600, "%.2f", " h")
        case "share": (scale, format, suffix) = (0.01, "%.1f", "%")
        default: (scale, format, suffix) = (1, "%.2f", " " + unit)
        }
        let m = String(format: format, mean / scale)
        guard let halfWidth else { return m + suffix }
        return m + " ± " + String(format: format, halfWidth / scale) + suffix
    }
}
