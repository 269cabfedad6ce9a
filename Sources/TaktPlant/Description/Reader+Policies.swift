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
                if let f = map["fallback"], map["deployment"] == nil {
                    throw f.error("'fallback' decides when a deployed policy's answer fails: add 'deployment'")
                }
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
        let pathValue = try map.required("policy", hint: "a model file made by 'takt train' or 'takt quantize', or {command: [PROGRAM, ARGUMENTS...]}")
        let teacher = try map["teacher"].map { v throws(PlantFileError) in try v.choice(["oracle"]) } != nil
        if !pathValue.isScalar {
            return try readPolicyProcess(pathValue, teacher: teacher, fallback: map["fallback"], schema: schema)
        }
        if let f = map["fallback"], map["deployment"] == nil {
            throw f.error("'fallback' decides when a deployed policy's answer fails, or a policy process fails: add 'deployment', or serve the point with {command: [...]}")
        }
        let path = try pathValue.string()
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
        let file: PolicyFile
        do throws(PolicyFileError) {
            // Read once: the bytes hashed with the plant are the bytes decoded.
            let data: Data
            do {
                data = try BoundedFile.read(url.path, limit: PolicyFile.maxFileBytes)
            } catch {
                let relative = path.hasPrefix("/") ? "" : "; a policy's path is relative to the plant file"
                throw PolicyFileError(path: url.path, message: "cannot read the policy file \(url.path) (\(error.reason))\(relative)")
            }
            file = try PolicyFile.decode(data, path: url.path)
            try file.check(against: schema, path: url.path)
            hashInput.append(data)
        } catch {
            throw pathValue.error("\(path): \(error.message)")
        }
        return PolicyBinding(path: path, file: file, compareWithTeacher: teacher)
    }

    /// Reads `{command: [PROGRAM, ARGUMENTS...], timeout: 10s, batch: 32}`: a program answering over the takt-policy
    /// protocol, run in the plant file's folder. The program must exist now; scripts it names are hashed with the plant.
    mutating func readPolicyProcess(_ value: YAMLValue, teacher: Bool, fallback: YAMLValue?, schema: DecisionSchema) throws(PlantFileError) -> PolicyBinding {
        let map = try value.mapping(allowed: ["command", "timeout", "batch"])
        let commandValue = try map.required("command", hint: "the program and its arguments, e.g. [python3, my_policy.py]")
        let items = try commandValue.sequence()
        var command: [String] = []
        for item in items { command.append(try item.string()) }
        guard let program = command.first, !program.isEmpty else { throw commandValue.error("the command is empty: give the program and its arguments") }
        guard ChildProcessChannel.resolve(program, in: directory) != nil else {
            throw items[0].error(program.contains("/") ? "'\(program)' is not an executable file (paths are relative to the plant file)"
                : "'\(program)' is not an executable on PATH")
        }
        var timeout = PolicyCommand.defaultTimeout
        if let t = map["timeout"] {
            timeout = try t.duration()
            guard timeout > 0, timeout <= 3600 else { throw t.error("the time-out must be more than 0 and at most 1h, got \(timeout) s") }
        }
        let batch = try map["batch"].map { v throws(PlantFileError) in try v.int(in: 1...PolicyCommand.largestBatch) }
        hashInput.append(Data(command.joined(separator: "\u{0}").utf8))
        for argument in command.dropFirst() {
            let url = argument.hasPrefix("/") ? URL(fileURLWithPath: argument) : directory.appendingPathComponent(argument)
            // Regular files up to 16 MiB only: an argument may name a device, a pipe or a huge data file.
            if let data = try? BoundedFile.read(url.path, limit: 16 << 20, regularFileOnly: true) { hashInput.append(data) }
        }
        var onFailure: PolicyCommand.Fallback?
        if let f = fallback {
            if f.isScalar {
                _ = try f.choice(["oracle"])
                onFailure = .oracle
            } else {
                let binding = try readPolicy(f, schema: schema)
                guard let file = binding.file else { throw f.error("a policy process's fallback is 'oracle' or {policy: FILE}, not another process") }
                onFailure = .policy(path: binding.path, file: file)
            }
        }
        return PolicyBinding(path: command.joined(separator: " "),
                             model: .process(PolicyCommand(command: command, directory: directory.path, timeout: timeout, fallback: onFailure,
                                                                  batch: batch)),
                             compareWithTeacher: teacher)
    }
}
