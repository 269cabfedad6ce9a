import Foundation
import TaktPolicy

extension Reader {
    static let policyKeys = ["policy", "teacher", "source"]

    /// Reads `pick: fifo | batch | oracle | {policy: FILE, teacher: oracle}`.
    mutating func readPick(_ value: YAMLValue) throws(PlantFileError) -> PickRule {
        try readDecisionRule(value, rules: ["fifo": .fifo, "batch": .batch, "oracle": .oracle], schema: PickPoint.schema, policy: PickRule.policy)
    }

    /// Reads `release_rule: fifo | colour | spread | oracle | {policy: FILE, teacher: oracle}`.
    mutating func readRelease(_ value: YAMLValue) throws(PlantFileError) -> ReleaseRule {
        try readDecisionRule(value, rules: ["fifo": .fifo, "colour": .colour, "spread": .spread, "oracle": .oracle],
                             schema: ReleasePoint.schema, policy: ReleaseRule.policy)
    }

    /// Reads `rework_rule: first | shortest_queue | oracle | {policy: FILE, teacher: oracle}`.
    mutating func readRework(_ value: YAMLValue) throws(PlantFileError) -> ReworkRule {
        try readDecisionRule(value, rules: ["first": .first, "shortest_queue": .shortestQueue, "oracle": .oracle],
                             schema: ReworkPoint.schema, policy: ReworkRule.policy)
    }

    /// Reads a fleet's `requests: fifo | lowest_stock | oracle | {policy: FILE, teacher: oracle}`.
    mutating func readRequests(_ value: YAMLValue) throws(PlantFileError) -> FleetSpec.RequestRule {
        try readDecisionRule(value, rules: ["fifo": .rule(.fifo), "lowest_stock": .rule(.lowestStock), "oracle": .oracle],
                             schema: DispatchPoint.schema, policy: FleetSpec.RequestRule.policy)
    }

    /// Reads a decision point's rule: one of `rules` by name, or a policy
    /// mapping for `schema`, made into a rule by `policy`.
    mutating func readDecisionRule<Rule>(_ value: YAMLValue, rules: KeyValuePairs<String, Rule>, schema: DecisionSchema,
                                         policy: (PolicyBinding) -> Rule) throws(PlantFileError) -> Rule {
        guard value.isScalar else {
            let map = try value.mapping(allowed: Self.policyKeys + Self.siteDeploymentKeys)
            if let d = map["deployment"], !Self.deployablePoints.contains(schema.point) {
                throw d.error("deployments apply to the \(Self.deployablePoints.joined(separator: " and ")) decision points; the \(schema.point) point decides in process")
            }
            // `{policy: oracle, deployment: ...}`: the teacher, deployed (the stand-in for a large remote model).
            if let p = map["policy"], p.isScalar, (try? p.string()) == "oracle", let oracle = rules.first(where: { $0.key == "oracle" }) {
                return oracle.value
            }
            return policy(try readPolicy(value, schema: schema))
        }
        let name = try value.choice(rules.map(\.key))
        // `choice` accepts only the listed names.
        return rules.first { $0.key == name }?.value ?? rules[rules.startIndex].value
    }

    /// Reads `{policy: FILE, teacher: oracle}` (with `deployment` and `fallback`, read by the site): loads the model file (relative
    /// to the plant file) and checks that it fits the decision point.
    mutating func readPolicy(_ value: YAMLValue, schema: DecisionSchema) throws(PlantFileError) -> PolicyBinding {
        let map = try value.mapping(allowed: Self.policyKeys + Self.siteDeploymentKeys)
        let pathValue = try map.required("policy", hint: "a model file made by 'takt train' or 'takt quantize'")
        let path = try pathValue.string()
        let teacher = try map["teacher"].map { v throws(PlantFileError) in try v.choice(["oracle"]) } != nil
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
        let file: PolicyFile
        do {
            file = try PolicyFile.load(path: url.path)
            try file.check(against: schema, path: url.path)
        } catch {
            throw pathValue.error("\(path): \(error.message)")
        }
        if let data = try? Data(contentsOf: url) { hashInput.append(data) }
        return PolicyBinding(path: path, file: file, compareWithTeacher: teacher)
    }
}
