import Foundation
import TaktExperiment

/// The selection of the best as terminal text: the procedure, each variant's fate, and what the verdict guarantees.
enum SelectionText {
    static func render(_ s: Selection) -> String {
        let unit = s.figure.unit
        let delta = "\(String(format: "%g", s.spec.indifference)) \(unit)"
        var out = "Selection of the best by \(s.figure.label) (\(unit), \(s.figure.higherIsBetter ? "higher" : "lower") is better):\n"
            + "Kim–Nelson fully sequential procedure, indifference zone \(delta), confidence \(percent(s.spec.confidence)),\n"
            + "first stage \(s.spec.firstStage) replications, then one more of each variant in the running at a time, at most \(s.spec.maxReplications).\n"
        guard let p = s.procedure else {
            return out + "Incomplete: the first stage lacks \(s.needed.count) replication(s); `takt compare --resume` runs them.\n"
        }
        let width = max(8, s.variants.map(\.count).max() ?? 8)
        let means = p.means
        // Selected first, then the survivors, then the eliminated, latest first.
        let order = s.variants.indices.sorted { a, b in
            func rank(_ i: Int) -> (Int, Int) {
                if p.selected == i { return (0, 0) }
                if let e = p.eliminations.firstIndex(where: { $0.system == i }) { return (2, -e) }
                return (1, i)
            }
            return rank(a) < rank(b)
        }
        for i in order {
            let name = s.variants[i].padding(toLength: width, withPad: " ", startingAt: 0)
            out += "  \(name)  \(String(format: "%5d", s.replications[i])) replications  mean \(number(means[i]))  \(s.fateText(of: i))\n"
        }
        switch s.status {
        case .selected:
            out += "With probability at least \(percent(s.spec.confidence)), '\(s.selected!)' has the best \(s.figure.label),\n"
                + "or one within \(delta) of the best (assuming roughly normal replication results; common random numbers are allowed).\n"
        case .undecided:
            let left = p.survivors.map { "'\(s.variants[$0])'" }.joined(separator: ", ")
            out += "Undecided after \(s.spec.maxReplications) replications: \(left) are still in the running (they may differ by less than \(delta));\n"
                + "the procedure would need up to \(p.mostNeeded). Raise max_replications, or widen the indifference zone.\n"
        case .incomplete:
            out += "Incomplete: \(s.needed.count) replication(s) are missing from the store; `takt compare --resume` runs them.\n"
        case .unavailable:
            out += "Not possible: \(s.unavailable ?? "").\n"
        }
        return out
    }

    static func number(_ x: Double) -> String {
        let a = abs(x)
        let decimals = a == 0 ? 2 : max(0, min(6, 3 - Int(floor(log10(a)))))
        return String(format: "%.\(decimals)f", x)
    }

    static func percent(_ x: Double) -> String {
        let p = x * 100
        return (p == p.rounded() ? String(Int(p)) : String(format: "%.1f", p)) + "%"
    }
}
