import TaktKernel

extension Reader {
    static let deploymentKeys = ["name", "edge", "server", "cloud", "hybrid", "description", "source"]
    static let edgeKeys = ["int8_ops_per_s", "fp32_ops_per_s", "overhead", "int8_pj_per_op", "fp32_pj_per_op", "source"]
    static let serverKeys = ["network", "batch_window", "workers", "per_batch", "per_call", "cost_per_call", "energy_per_call", "source"]
    static let cloudKeys = ["latency", "rate_limit", "outages", "timeout", "cost_per_call", "energy_per_call", "source"]
    static let rateLimitKeys = ["per_minute", "burst", "source"]
    static let outageKeys = ["mtbf", "mttr", "source"]
    static let hybridKeys = ["primary", "fallback", "source"]
    /// Keys a deployed decision rule adds to `{policy: ...}`.
    static let siteDeploymentKeys = ["deployment", "fallback"]

    /// Reads the top-level `deployments:` list; hybrids refer to deployments listed before them.
    mutating func readDeployments(_ value: YAMLValue) -> [DeploymentSpec] {
        var read: [DeploymentSpec] = []
        let all = readNamedList(value, kind: "deployment", allowed: Self.deploymentKeys) { r, map, name throws(PlantFileError) in
            let spec = DeploymentSpec(name: name, kind: try r.readDeploymentKind(map, earlier: read))
            read.append(spec)
            return spec
        }
        return all
    }

    /// Reads exactly one of `edge`, `server`, `cloud`, `hybrid`.
    mutating func readDeploymentKind(_ map: MappingReader, earlier: [DeploymentSpec]) throws(PlantFileError) -> DeploymentSpec.Kind {
        let given = ["edge", "server", "cloud", "hybrid"].filter { map.has($0) }
        guard given.count == 1, let key = given.first, let value = map[key] else {
            throw map.owner.error(given.isEmpty ? "a deployment needs one of 'edge', 'server', 'cloud' or 'hybrid'"
                : "give one of \(given.map { "'\($0)'" }.joined(separator: ", ")), not several")
        }
        switch key {
        case "edge": return .edge(try readEdge(value))
        case "server": return .server(try readServer(value))
        case "cloud": return .cloud(try readCloud(value))
        default: return try readHybrid(value, earlier: earlier)
        }
    }

    /// `edge: {int8_ops_per_s: 2e11, fp32_ops_per_s: 2e10, overhead: 20us, int8_pj_per_op: 0.5, fp32_pj_per_op: 4}`.
    func readEdge(_ value: YAMLValue) throws(PlantFileError) -> EdgeSpec {
        let map = try value.mapping(allowed: Self.edgeKeys)
        func rate(_ key: String) throws(PlantFileError) -> Double {
            let v = try map.required(key, hint: "operations per second of the controller's chip, e.g. 2e11")
            let x = try v.double()
            guard x > 0, x.isFinite else { throw v.error("must be a positive number, got \(x)") }
            return x
        }
        func picojoules(_ key: String, _ standard: Double) throws(PlantFileError) -> Double {
            guard let v = map[key] else { return standard * 1e-12 }
            let x = try v.double()
            guard x >= 0, x.isFinite else { throw v.error("must be zero or more, got \(x)") }
            return x * 1e-12
        }
        return EdgeSpec(int8OpsPerSecond: try rate("int8_ops_per_s"), fp32OpsPerSecond: try rate("fp32_ops_per_s"),
                        overhead: try map["overhead"].map { v throws(PlantFileError) in Ticks.from(seconds: try v.duration()) } ?? 0,
                        int8JoulesPerOp: try picojoules("int8_pj_per_op", 1), fp32JoulesPerOp: try picojoules("fp32_pj_per_op", 4))
    }

    /// `server: {network: 1ms, batch_window: 5ms, workers: 2, per_batch: 500us, per_call: 100us, cost_per_call: 0, energy_per_call: 0.2}`.
    mutating func readServer(_ value: YAMLValue) throws(PlantFileError) -> ServerSpec {
        let map = try value.mapping(allowed: Self.serverKeys)
        return ServerSpec(network: try readDistribution(try map.required("network", hint: "one-way network delay, e.g. 1ms or {dist: lognormal, mean: 1ms, cv: 0.5}")),
                          batchWindow: try tick(map["batch_window"]) ?? 0,
                          workers: try map["workers"].map { v throws(PlantFileError) in try v.int(in: 1...10_000) } ?? 1,
                          perBatch: try tick(map["per_batch"]) ?? 0,
                          perCall: try tick(map.required("per_call", hint: "the server's compute time per request, e.g. 200us")) ?? 0,
                          costPerCall: try amount(map["cost_per_call"]), energyPerCall: try amount(map["energy_per_call"]))
    }

    /// `cloud: {latency: {dist: lognormal, mean: 900ms, cv: 1.5}, rate_limit: {per_minute: 300, burst: 20},
    /// outages: {mtbf: 72h, mttr: 40min}, timeout: 3s, cost_per_call: 0.004, energy_per_call: 1}`.
    mutating func readCloud(_ value: YAMLValue) throws(PlantFileError) -> CloudSpec {
        let map = try value.mapping(allowed: Self.cloudKeys)
        let latency = try readDistribution(try map.required("latency", hint: "round-trip latency, e.g. {dist: lognormal, mean: 900ms, cv: 1.5}"))
        var limit: CloudSpec.RateLimit?
        if let v = map["rate_limit"] {
            let m = try v.mapping(allowed: Self.rateLimitKeys)
            let rateValue = try m.required("per_minute", hint: "calls allowed per minute")
            let rate = try rateValue.double()
            guard rate > 0, rate.isFinite else { throw rateValue.error("must be a positive number, got \(rate)") }
            limit = CloudSpec.RateLimit(perMinute: rate, burst: try m["burst"].map { b throws(PlantFileError) in try b.int(in: 1...1_000_000) } ?? 1)
        }
        var outages: CloudSpec.Outages?
        if let v = map["outages"] {
            let m = try v.mapping(allowed: Self.outageKeys)
            outages = CloudSpec.Outages(up: try readPositive(m.required("mtbf", hint: "mean time between outages, e.g. 72h")),
                                        down: try readPositive(m.required("mttr", hint: "mean outage length, e.g. 40min")))
        }
        var timeout: Tick?
        if let v = map["timeout"], (try? v.choice(["none"])) == nil {
            let seconds = try v.duration()
            guard seconds > 0 else { throw v.error("must be greater than 0 (or 'none' to wait for every answer)") }
            timeout = Ticks.from(seconds: seconds)
        }
        return CloudSpec(latency: latency, rateLimit: limit, outages: outages, timeout: timeout,
                         costPerCall: try amount(map["cost_per_call"]), energyPerCall: try amount(map["energy_per_call"]))
    }

    /// `hybrid: {primary: cloud-api, fallback: cell-controller}`: a remote primary and an edge fallback, both listed before it.
    func readHybrid(_ value: YAMLValue, earlier: [DeploymentSpec]) throws(PlantFileError) -> DeploymentSpec.Kind {
        let map = try value.mapping(allowed: Self.hybridKeys)
        func find(_ key: String, hint: String) throws(PlantFileError) -> (Int, YAMLValue) {
            let v = try map.required(key, hint: hint)
            let name = try v.string()
            guard let i = earlier.firstIndex(where: { $0.name == name }) else {
                throw v.error("no deployment named '\(name)' is listed before this one\(Suggestion.hint(for: name, in: earlier.map(\.name)))")
            }
            return (i, v)
        }
        let (primary, primaryValue) = try find("primary", hint: "a server or cloud deployment")
        let (fallback, fallbackValue) = try find("fallback", hint: "an edge deployment that decides when the primary fails")
        switch earlier[primary].kind {
        case .server, .cloud: break
        case .edge, .hybrid: throw primaryValue.error("a hybrid's primary must be a server or cloud deployment")
        }
        guard case .edge = earlier[fallback].kind else { throw fallbackValue.error("a hybrid's fallback must be an edge deployment") }
        return .hybrid(primary: primary, fallback: fallback)
    }

    /// Reads the deployment part of a decision rule (`{policy: ..., deployment: NAME, fallback: RULE}`), nil when not deployed.
    mutating func readSiteDeployment<Rule>(_ value: YAMLValue?, point: String, reading: (inout Reader, YAMLValue) throws(PlantFileError) -> Rule,
                                           defaultFallback: Rule) throws(PlantFileError) -> SiteDeployment<Rule>? {
        guard let value, !value.isScalar else { return nil }
        let map = try value.mapping()
        guard let deploymentValue = map["deployment"] else {
            return nil  // a fallback without a deployment is a policy process's, read with its policy
        }
        let name = try deploymentValue.string()
        guard let d = deployments.firstIndex(where: { $0.name == name }) else {
            throw deploymentValue.error(deployments.isEmpty ? "no deployment is defined: add one under 'deployments' at the top of the plant file"
                : "no deployment is named '\(name)'\(Suggestion.hint(for: name, in: deployments.map(\.name)))")
        }
        guard Self.deployablePoints.contains(point) else {
            throw deploymentValue.error("deployments apply to the \(Self.deployablePoints.joined(separator: " and ")) decision points; the \(point) point decides in process")
        }
        var fallback = defaultFallback
        if let f = map["fallback"] {
            if !f.isScalar, try f.mapping().has("deployment") { throw f.error("a fallback runs in process: it takes no 'deployment'") }
            fallback = try reading(&self, f)
        }
        return SiteDeployment(deployment: d, fallback: fallback)
    }

    /// Decision points whose answers can come from a deployment (the others decide in process).
    static let deployablePoints = ["pick", "release"]

    private func tick(_ value: YAMLValue?) throws(PlantFileError) -> Tick? {
        try value.map { v throws(PlantFileError) in Ticks.from(seconds: try v.duration()) }
    }

    private func amount(_ value: YAMLValue?) throws(PlantFileError) -> Double {
        guard let value else { return 0 }
        let x = try value.double()
        guard x >= 0, x.isFinite else { throw value.error("must be zero or more, got \(x)") }
        return x
    }

    private mutating func readPositive(_ value: YAMLValue) throws(PlantFileError) -> Distribution {
        if value.isScalar {
            let seconds = try value.duration()
            guard seconds > 0 else { throw value.error("must be greater than 0") }
            return try makeDistribution(.exponential(mean: seconds), at: value)
        }
        let d = try readDistribution(value)
        guard d.mean > 0 else { throw value.error("must have a positive mean") }
        return d
    }
}
