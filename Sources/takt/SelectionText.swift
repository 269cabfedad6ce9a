import Foundation
import TaktExperiment

/// The selection of the best as terminal text: the procedure, each variant's fate, and what the verdict guarantees.
enum SelectionText {
    static func render(_ s: Selection) -> String {
        let unit = s.figure.unit
        let delta = "\(String(format: "%g", s.spec.indifference)) \(unit)"
        let requirements = s.spec.requirements
        var out = "Selection of the best by \(s.figure.label) (\(unit), \(s.figure.higherIsBetter ? "higher" : "lower") is better):\n"
        if !requirements.isEmpty {
            out += "among the variants that keep " + requirements.map { "\($0.text) (tolerance \(String(format: "%g", $0.tolerance)) \($0.unit))" }
                .joined(separator: ", ") + ": Batur–Kim feasibility check first, then\n"
        }
        out += "Kim–Nelson fully sequential procedure, indifference zone \(delta), confidence \(percent(s.spec.confidence)),\n"
            + "first stage \(s.spec.firstStage) replications, then one more of each variant in the running at a time, at most \(s.spec.maxReplications).\n"
        guard let means = s.means else {
            return out + "Incomplete: the first stage lacks \(s.needed.count) replication(s); `takt compare --resume` runs them.\n"
        }
        let width = max(8, s.variants.map(\.count).max() ?? 8)
        // Selected first, then those in the running, then the eliminated (latest first), then the infeasible.
        let eliminations = s.procedure?.eliminations.map { s.contenders[$0.system] } ?? []
        let order = s.variants.indices.sorted { a, b in
            func rank(_ i: Int) -> (Int, Int) {
                switch s.fate(of: i).status {
                case "selected": (0, 0)
                case "eliminated": (2, -(eliminations.firstIndex(of: i) ?? 0))
                case "infeasible": (3, i)
                default: (1, i)
                }
            }
            return rank(a) < rank(b)
        }
        for i in order {
            let name = s.variants[i].padding(toLength: width, withPad: " ", startingAt: 0)
            let constrained = s.requirementMeans.isEmpty ? ""
                : zip(requirements, s.requirementMeans[i]).map { "  \($0.figure) \(number($1))" }.joined()
            out += "  \(name)  \(String(format: "%5d", s.replications[i])) replications  mean \(number(means[i]))\(constrained)  \(s.fateText(of: i))\n"
        }
        if !requirements.isEmpty {
            out += "(Means of \(s.figure.label) over the replications the procedure compared, after the check's; of the constrained figures over the check's.)\n"
        }
        switch s.status {
        case .selected where requirements.isEmpty:
            out += "With probability at least \(percent(s.spec.confidence)), '\(s.selected!)' has the best \(s.figure.label),\n"
                + "or one within \(delta) of the best (assuming roughly normal replication results; common random numbers are allowed).\n"
        case .selected:
            out += "With probability at least \(percent(s.spec.confidence)), '\(s.selected!)' breaks no constraint by more than its tolerance, and has\n"
                + "the best \(s.figure.label) of the variants that keep every constraint by their tolerance, or one within \(delta) of it\n"
                + "(assuming roughly normal replication results; common random numbers are allowed).\n"
        case .undecided:
            let left = s.inTheRunning.map { "'\($0)'" }.joined(separator: ", ")
            if let check = s.feasibility, !check.undecided.isEmpty {
                out += "Undecided after \(s.spec.maxReplications) replications: \(left) could not be judged feasible or not (their means may be\n"
                    + "within the tolerance of a bound). Raise max_replications, or widen the tolerance.\n"
            } else {
                out += "Undecided after \(s.spec.maxReplications) replications: \(left) are still in the running (they may differ by less than \(delta));\n"
                    + "the procedure would need up to \(s.firstReplication + (s.procedure?.mostNeeded ?? 0)). Raise max_replications, or widen the indifference zone.\n"
            }
        case .noneFeasible:
            out += "No variant keeps every constraint: with probability at least \(percent(s.spec.confidence)), none keeps them all by their tolerance.\n"
                + "Loosen a bound, or try other variants.\n"
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
