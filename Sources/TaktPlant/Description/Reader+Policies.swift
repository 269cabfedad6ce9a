import Foundation
import TaktPolicy

extension Reader {
    static let policyKeys = ["policy", "teacher", "source"]

    /// Reads `pick: fifo | batch | oracle | {policy: FILE, teacher: oracle}`.
    mutating func readPick(_ value: YAMLValue) throws(PlantFileError) -> PickRule {
        if value.isScalar {
            switch try value.choice(["fifo", "batch", "oracle"]) {
            case "batch": return .batch
            case "oracle": return .oracle
            default: return .fifo
            }
        }
        return .policy(try readPolicy(value, schema: PickPoint.schema))
    }

    /// Reads `release_rule: fifo | colour | spread | oracle | {policy: FILE, teacher: oracle}`.
    mutating func readRelease(_ value: YAMLValue) throws(PlantFileError) -> ReleaseRule {
        if value.isScalar {
            switch try value.choice(["fifo", "colour", "spread", "oracle"]) {
            case "colour": return .colour
            case "spread": return .spread
            case "oracle": return .oracle
            default: return .fifo
            }
        }
        return .policy(try readPolicy(value, schema: ReleasePoint.schema))
    }

    /// Reads `rework_rule: first | shortest_queue | oracle | {policy: FILE, teacher: oracle}`.
    mutating func readRework(_ value: YAMLValue) throws(PlantFileError) -> ReworkRule {
        if value.isScalar {
            switch try value.choice(["first", "shortest_queue", "oracle"]) {
            case "shortest_queue": return .shortestQueue
            case "oracle": return .oracle
            default: return .first
            }
        }
        return .policy(try readPolicy(value, schema: ReworkPoint.schema))
    }

    /// Reads `{policy: FILE, teacher: oracle}`: loads the model file (relative
    /// to the plant file) and checks that it fits the decision point.
    mutating func readPolicy(_ value: YAMLValue, schema: DecisionSchema) throws(PlantFileError) -> PolicyBinding {
        let map = try value.mapping(allowed: Self.policyKeys)
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
