import Foundation

/// The comparison as JSON: `takt compare --json`.
extension Comparison: Encodable {
    enum Keys: String, CodingKey {
        case experiment, baseline, replications, figures, variants, differences, ranking, bonferroni_comparisons, t_quantile, warmup_s, warmup_rule
        case selection, precision, replications_planned, complete, provenance
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(experiment, forKey: .experiment)
        try c.encode(baseline, forKey: .baseline)
        try c.encode(replications, forKey: .replications)
        try c.encode(figures.map { ["name": $0.name, "unit": $0.unit, "better": $0.higherIsBetter ? "higher" : "lower"] }, forKey: .figures)
        var list = c.nestedUnkeyedContainer(forKey: .variants)
        for v in variants {
            var entry = list.nestedContainer(keyedBy: JSONKey.self)
            try entry.encode(v.name, forKey: JSONKey("name"))
            for (figure, estimate) in zip(figures, v.estimates) {
                if let estimate { try entry.encode(estimate, as: figure.name) }
            }
        }
        var diffs = c.nestedUnkeyedContainer(forKey: .differences)
        for d in differences {
            var entry = diffs.nestedContainer(keyedBy: JSONKey.self)
            try entry.encode(d.variant, forKey: JSONKey("variant"))
            try entry.encode(d.figure, forKey: JSONKey("figure"))
            try entry.encode(d.mean, forKey: JSONKey("mean"))
            try entry.encode(d.halfWidth, forKey: JSONKey("hw95"))
            try entry.encode(d.significant, forKey: JSONKey("significant"))
            if let better = d.better { try entry.encode(better ? "better" : "worse", forKey: JSONKey("verdict")) }
        }
        try c.encode(ranking, forKey: .ranking)
        try c.encode(comparisons, forKey: .bonferroni_comparisons)
        try c.encode(tQuantile, forKey: .t_quantile)
        try c.encode(warmupSeconds, forKey: .warmup_s)
        try c.encode(warmupRule, forKey: .warmup_rule)
        try c.encodeIfPresent(selection, forKey: .selection)
        if let planned = plannedReplications {
            try c.encode(planned, forKey: .replications_planned)
            try c.encode(replications >= planned, forKey: .complete)
        }
        try c.encodeIfPresent(provenance, forKey: .provenance)
        if let p = precision {
            var entry = c.nestedContainer(keyedBy: JSONKey.self, forKey: .precision)
            try entry.encode(p.figure, forKey: JSONKey("figure"))
            try entry.encode(p.target, forKey: JSONKey("target_relative"))
            try entry.encodeIfPresent(p.reached, forKey: JSONKey("reached_relative"))
            try entry.encode(p.met, forKey: JSONKey("met"))
            try entry.encode(p.maxReplications, forKey: JSONKey("max_replications"))
        }
    }

    /// Pretty-printed JSON with sorted keys.
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// The selection of the best as JSON: the procedure's settings and constant,
/// the feasibility check with its requirements, its verdict, and each
/// variant's replications, mean and fate.
extension Selection: Encodable {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode("Kim-Nelson fully sequential", forKey: JSONKey("procedure"))
        try c.encode(figure.name, forKey: JSONKey("figure"))
        try c.encode(figure.higherIsBetter ? "higher" : "lower", forKey: JSONKey("better"))
        try c.encode(spec.indifference, forKey: JSONKey("indifference"))
        try c.encode(spec.confidence, forKey: JSONKey("confidence"))
        try c.encode(spec.firstStage, forKey: JSONKey("first_stage"))
        try c.encode(spec.maxReplications, forKey: JSONKey("max_replications"))
        try c.encodeIfPresent(procedure?.h2, forKey: JSONKey("h2"))
        if !spec.requirements.isEmpty {
            var check = c.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("feasibility"))
            try check.encode("Batur-Kim fully sequential", forKey: JSONKey("procedure"))
            try check.encode(spec.requirements, forKey: JSONKey("constraints"))
            try check.encodeIfPresent(feasibility?.h2, forKey: JSONKey("h2"))
            try check.encode(firstReplication, forKey: JSONKey("selection_first_replication"))
        }
        try c.encode(status.rawValue, forKey: JSONKey("status"))
        try c.encode(selected, forKey: JSONKey("selected"))
        var list = c.nestedUnkeyedContainer(forKey: JSONKey("variants"))
        for (i, name) in variants.enumerated() {
            var entry = list.nestedContainer(keyedBy: JSONKey.self)
            try entry.encode(name, forKey: JSONKey("name"))
            try entry.encode(replications[i], forKey: JSONKey("replications"))
            try entry.encodeIfPresent(means?[i], forKey: JSONKey("mean"))
            if !requirementMeans.isEmpty {
                try entry.encode(spec.requirements.byFigure(requirementMeans[i]), forKey: JSONKey("constraint_means"))
            }
            let fate = fate(of: i)
            try entry.encode(fate.status, forKey: JSONKey("status"))
            try entry.encodeIfPresent(fate.status == "eliminated" ? fate.behind : nil, forKey: JSONKey("eliminated_by"))
            try entry.encodeIfPresent(fate.status == "infeasible" ? fate.behind : nil, forKey: JSONKey("breaks"))
        }
    }
}
