import TaktKernel

extension Reader {
    static let maintenanceKeys = ["duration", "inspect_every", "sensor_noise", "rule", "crew", "source"]

    /// Reads a robot cell's `maintenance: {duration: 30min, inspect_every: 8h, sensor_noise: 0.05, rule: ...}` (its `crew:` is
    /// read with the worker pools).
    mutating func readMaintenance(_ value: YAMLValue, failures: FailureSpec) throws(PlantFileError) -> MaintenanceSpec {
        let map = try value.mapping(allowed: Self.maintenanceKeys)
        guard failures.basis == .calendar else {
            throw value.error("predictive maintenance needs robot failures on the calendar basis (a robot's wear is read against calendar time)")
        }
        let duration = try readDistribution(try map.required("duration", hint: "how long one robot's maintenance takes, e.g. 30min"))
        let everyValue = try map.required("inspect_every", hint: "time between inspections (the decision epochs), e.g. 8h")
        let every = try everyValue.duration()
        guard every >= 60 else { throw everyValue.error("must be at least 1min, got \(every) s") }
        let noise = try map["sensor_noise"].map { v throws(PlantFileError) in
            let n = try v.double()
            guard (0...1).contains(n) else { throw v.error("must be in 0…1 (health is read on a 0…1 scale), got \(n)") }
            return n
        } ?? 0.05
        let rule = try map["rule"].map { v throws(PlantFileError) in try readMaintenanceRule(v) } ?? .runToFailure
        return MaintenanceSpec(duration: duration, inspectEvery: Ticks.from(seconds: every), sensorNoise: noise, rule: rule)
    }

    /// Reads `rule: run_to_failure | oracle | {fixed_interval: 24h} | {health_below: 0.3} | {policy: FILE, teacher: oracle}`.
    mutating func readMaintenanceRule(_ value: YAMLValue) throws(PlantFileError) -> MaintenanceRule {
        if !value.isScalar, try value.mapping()["policy"] == nil {
            let fields = try value.mapping(allowed: ["fixed_interval", "health_below"])
            switch (fields["fixed_interval"], fields["health_below"]) {
            case let (v?, nil):
                let seconds = try v.duration()
                guard seconds > 0 else { throw v.error("must be greater than 0") }
                return .fixedInterval(Ticks.from(seconds: seconds))
            case let (nil, v?):
                let level = try v.double()
                guard level > 0, level < 1 else { throw v.error("must be between 0 and 1 (a health level), got \(level)") }
                return .healthBelow(level)
            case (_?, let v?): throw v.error("give either 'fixed_interval' or 'health_below', not both")
            case (nil, nil): throw value.error("expected 'fixed_interval', 'health_below' or 'policy'")
            }
        }
        return try readDecisionRule(value, rules: ["run_to_failure": .runToFailure, "oracle": .oracle],
                                    schema: MaintenancePoint.schema, policy: MaintenanceRule.policy)
    }
}
