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

    private func shown(_ mean: Double, halfWidth: Double?) -> String {
        let (scale, format, suffix): (Double, String, String)
        switch unit {
        case "s":
            // Four significant digits up to a thousand seconds, then minutes, then hours.
            (scale, format, suffix) = abs(mean) < 1_000 ? (1, "%.1f", " s") : abs(mean) < 7_200 ? (60, "%.2f", " min") : (3_600, "%.2f", " h")
        case "share": (scale, format, suffix) = (0.01, "%.1f", "%")
        default: (scale, format, suffix) = (1, "%.2f", " " + unit)
        }
        let m = String(format: format, mean / scale)
        guard let halfWidth else { return m + suffix }
        return m + " ± " + String(format: format, halfWidth / scale) + suffix
    }
}
