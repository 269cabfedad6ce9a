import Foundation
import TaktPlant

/// The search as JSON (`takt optimize --json`): its settings, every iteration
/// and every point visited with its sample mean.
extension Optimizer.Search: Encodable {
    /// A point's values by key path: numbers for a variable whose values are all numbers, else the value as written
    /// (a distribution, a rule).
    private func encodeValues(_ position: [Int], in c: inout KeyedEncodingContainer<JSONKey>, forKey key: JSONKey) throws {
        var values = c.nestedContainer(keyedBy: JSONKey.self, forKey: key)
        for (v, p) in zip(compass.spec.variables, position) {
            if let range = v.range {
                try values.encode(range.min + range.step * p, forKey: JSONKey(v.keyPath))
            } else if v.isNumeric, let x = v.number(at: p) {
                try values.encode(x, forKey: JSONKey(v.keyPath))
            } else {
                try values.encode(v.text(at: p), forKey: JSONKey(v.keyPath))
            }
        }
    }

    public func encode(to encoder: Encoder) throws {
        let spec = compass.spec
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode("COMPASS", forKey: JSONKey("method"))
        try c.encode(spec.figure, forKey: JSONKey("figure"))
        try c.encode(compass.higherIsBetter ? "higher" : "lower", forKey: JSONKey("better"))
        var variables = c.nestedUnkeyedContainer(forKey: JSONKey("variables"))
        for v in spec.variables {
            var entry = variables.nestedContainer(keyedBy: JSONKey.self)
            try entry.encode(v.keyPath, forKey: JSONKey("key_path"))
            try entry.encode(v.label, forKey: JSONKey("label"))
            if let range = v.range {
                try entry.encode(range.min, forKey: JSONKey("min"))
                try entry.encode(range.max, forKey: JSONKey("max"))
                try entry.encode(range.step, forKey: JSONKey("step"))
            } else {
                try entry.encode((0..<v.count).map(v.text(at:)), forKey: JSONKey("values"))
            }
        }
        try c.encode(spec.constraints.map(\.text), forKey: JSONKey("constraints"))
        try c.encode(spec.requirements, forKey: JSONKey("figure_constraints"))
        try c.encode(spec.budget, forKey: JSONKey("budget"))
        try c.encode(spec.replications, forKey: JSONKey("replications_per_sample"))
        try c.encode(spec.samplesPerIteration, forKey: JSONKey("samples_per_iteration"))
        try c.encode(replications, forKey: JSONKey("replications"))
        try c.encode(stop.rawValue, forKey: JSONKey("stopped"))
        var iterationList = c.nestedUnkeyedContainer(forKey: JSONKey("iterations"))
        for it in iterations {
            var entry = iterationList.nestedContainer(keyedBy: JSONKey.self)
            try entry.encode(it.number, forKey: JSONKey("iteration"))
            try entry.encode(it.replications, forKey: JSONKey("replications"))
            try entry.encode(it.visited, forKey: JSONKey("visited"))
            try encodeValues(it.best, in: &entry, forKey: JSONKey("best"))
            try entry.encode(it.bestMean, forKey: JSONKey("best_mean"))
            try entry.encode(it.bestReplications, forKey: JSONKey("best_replications"))
        }
        var pointList = c.nestedUnkeyedContainer(forKey: JSONKey("points"))
        let rank = compass.ranks
        for (i, p) in compass.points.enumerated() {
            var entry = pointList.nestedContainer(keyedBy: JSONKey.self)
            try entry.encode(spec.name(of: p.position), forKey: JSONKey("name"))
            try encodeValues(p.position, in: &entry, forKey: JSONKey("values"))
            try entry.encode(p.values.count, forKey: JSONKey("replications"))
            if !p.values.isEmpty { try entry.encode(p.mean, forKey: JSONKey("mean")) }
            if !spec.requirements.isEmpty, !p.values.isEmpty {
                try entry.encode(spec.requirements.byFigure(p.requirementMeans), forKey: JSONKey("constraint_means"))
                try entry.encode(compass.keepsRequirements(i), forKey: JSONKey("keeps_constraints"))
            }
            try entry.encodeIfPresent(rank[i], forKey: JSONKey("rank"))
            try entry.encodeIfPresent(p.failure, forKey: JSONKey("failure"))
        }
    }
}
