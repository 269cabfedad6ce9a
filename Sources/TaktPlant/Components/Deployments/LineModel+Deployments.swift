import TaktKernel
import TaktPolicy

/// Deployment strategies: a deployed decision is a call whose answer comes
/// back in simulated time, while the server or source that asked waits.
///
/// The model's answer is computed when the call is made (the features are
/// what the remote model saw); it is applied when the answer arrives, if it
/// still fits (see `LineModel+Pick` and `LineModel+Release`). A refused
/// call, an outage met or a time-out makes the site's fallback rule decide,
/// at once or, for a hybrid, after its edge deployment's compute time.
extension LineModel {
    /// Handles a deployment's event.
    func handle(_ kind: DeploymentEvent, _ event: Event, _ sim: Simulation) {
        switch kind {
        case .decisionAnswer: decisionAnswered(event.target, sim)
        case .requestAtServer: requestReachedServer(event.target, deployment: Int(event.detail), sim)
        case .batchClosed: batchClosed(deployment: Int(event.target), sim)
        }
    }

    /// Sends the decision just made at `site` to its deployment; `choice` is the
    /// model's answer as the site applies it later (a pick's attribute, a release's bank position).
    func send(site: Int, subject: Int, choice: Int, audit: Int, _ sim: Simulation) -> CallOutcome {
        let id = newPending(PendingDecision(site: Int32(site), subject: Int32(subject), choice: Int32(choice), requested: now,
                                            audit: Int32(audit), fallback: false))
        deployments.stats[site].requests += 1
        let d = deployments.siteDeployment[site]
        let outcome: CallOutcome
        switch deployments.routes[d] {
        case let .edge(edge): outcome = compute(on: edge, site: site, fallback: false, id: id, after: 0, sim)
        case .server, .cloud: outcome = call(d, site: site, id: id, fallbackEdge: nil, sim)
        case let .hybrid(primary, fallback): outcome = call(primary, site: site, id: id, fallbackEdge: fallback, sim)
        }
        if outcome != .pending { settle(id) }
        return outcome
    }

    /// Edge compute of the site's model (or its fallback's): answered now when it takes no simulated time.
    func compute(on edge: EdgeSpec, site: Int, fallback: Bool, id: Int32, after wait: Tick, _ sim: Simulation) -> CallOutcome {
        let model = fallback ? deployments.siteFallbackModel[site] : deployments.siteModel[site]
        let ops = Double(2 * model.macs)
        deployments.stats[site].energy += ops * (model.int8 ? edge.int8JoulesPerOp : edge.fp32JoulesPerOp)
        let time = wait + Self.edgeLatency(edge, macs: model.macs, int8: model.int8)
        if time == 0 { return fallback ? .fellBack : .answered }
        sim.schedule(Event(DeploymentEvent.decisionAnswer, target: id), after: time)
        return .pending
    }

    /// An edge chip's time for one decision: overhead plus two operations per multiply-accumulate at the precision's rate.
    static func edgeLatency(_ edge: EdgeSpec, macs: Int, int8: Bool) -> Tick {
        edge.overhead + Ticks.from(seconds: Double(2 * macs) / (int8 ? edge.int8OpsPerSecond : edge.fp32OpsPerSecond))
    }

    /// A call to server or cloud deployment `d`; `fallbackEdge` decides failed calls of a hybrid.
    func call(_ d: Int, site: Int, id: Int32, fallbackEdge: Int?, _ sim: Simulation) -> CallOutcome {
        switch deployments.routes[d] {
        case let .server(network, costPerCall, energyPerCall):
            book(call: site, cost: costPerCall, energy: energyPerCall)
            let delay = network.sampleTicks(&deployments.states[d].stream)
            sim.schedule(Event(DeploymentEvent.requestAtServer, target: id, detail: Int32(d)), after: delay)
            return .pending
        case let .cloud(latencies, timeout, costPerCall, energyPerCall):
            if deployments.states[d].bucket?.admit(at: now) == false {
                deployments.stats[site].refused += 1
                return fallBack(site: site, id: id, fallbackEdge: fallbackEdge, after: 0, sim)
            }
            book(call: site, cost: costPerCall, energy: energyPerCall)
            // Drawn whether or not the service is down, so every variant's stream stays in step.
            let latency = latencies.sampleTicks(&deployments.states[d].stream)
            let wait = (deployments.states[d].outages?.outageEnd(at: now)).map { $0 - now + latency } ?? latency
            if let timeout, wait > timeout {
                deployments.stats[site].timedOut += 1
                return fallBack(site: site, id: id, fallbackEdge: fallbackEdge, after: timeout, sim)
            }
            sim.schedule(Event(DeploymentEvent.decisionAnswer, target: id), after: wait)
            return .pending
        case .edge, .hybrid:
            return .answered  // a hybrid's primary is a server or cloud (the loader checks)
        }
    }

    /// The call failed: the fallback decides `after` from now, plus a hybrid's edge compute.
    func fallBack(site: Int, id: Int32, fallbackEdge: Int?, after wait: Tick, _ sim: Simulation) -> CallOutcome {
        deployments.stats[site].fallbacks += 1
        deployments.pending[Int(id)].fallback = true
        if let e = fallbackEdge, case let .edge(edge) = deployments.routes[e] {
            return compute(on: edge, site: site, fallback: true, id: id, after: wait, sim)
        }
        if wait == 0 { return .fellBack }
        sim.schedule(Event(DeploymentEvent.decisionAnswer, target: id), after: wait)
        return .pending
    }

    func book(call site: Int, cost: Double, energy: Double) {
        deployments.stats[site].calls += 1
        deployments.stats[site].cost += cost
        deployments.stats[site].energy += energy
    }

    /// A request reaches its inference server and joins the open batch.
    func requestReachedServer(_ id: Int32, deployment d: Int, _ sim: Simulation) {
        guard let window = deployments.states[d].server?.window else { return }
        if deployments.states[d].server?.join(id) == true {
            sim.schedule(Event(DeploymentEvent.batchClosed, target: Int32(d)), after: window)
        }
    }

    /// Deployment `d`'s open batch closes: it waits for a worker, then every answer crosses the network back.
    func batchClosed(deployment d: Int, _ sim: Simulation) {
        // Mutated in place: a local copy would make the batch's arrays copy on write, an allocation per batch.
        guard case let .server(network, _, _) = deployments.routes[d], let done = deployments.states[d].server?.close(at: now) else { return }
        for i in 0..<(deployments.states[d].server?.open.count ?? 0) {
            guard let id = deployments.states[d].server?.open[i] else { break }
            let back = network.sampleTicks(&deployments.states[d].stream)
            sim.schedule(Event(DeploymentEvent.decisionAnswer, target: id), at: done + back)
        }
        deployments.states[d].server?.clear()
    }

    /// An answer (or a fallback's decision) arrives: the waiting server or source goes on.
    func decisionAnswered(_ id: Int32, _ sim: Simulation) {
        let p = deployments.pending[Int(id)]
        settle(id)
        switch sites.all[Int(p.site)] {
        case .pick: pickAnswered(server: Int(p.subject), choice: p.fallback ? nil : Int(p.choice), sim)
        case .release: releaseAnswered(source: Int(p.subject), position: p.fallback ? nil : Int(p.choice), sim)
        case .dispatch, .rework, .maintenance: break  // not deployable (the loader checks)
        }
    }

    /// Books a request's latency (now − when asked) and frees it.
    func settle(_ id: Int32) {
        let p = deployments.pending[Int(id)]
        let latency = now - p.requested
        let site = Int(p.site)
        deployments.stats[site].heldTicks += latency
        deployments.stats[site].latency?.record(latency)
        deployments.allLatency?.record(latency)
        if p.audit >= 0 {
            sites.auditTrail[Int(p.audit)].latency = Ticks.seconds(latency)
            sites.auditTrail[Int(p.audit)].fallback = p.fallback
        }
        deployments.freePending.append(id)
    }

    func newPending(_ p: PendingDecision) -> Int32 {
        if let id = deployments.freePending.popLast() {
            deployments.pending[Int(id)] = p
            return id
        }
        deployments.pending.append(p)
        return Int32(deployments.pending.count - 1)
    }
}

/// A decision on its way back from a deployment.
struct PendingDecision {
    var site: Int32
    /// The server (pick) or source (release) that waits.
    var subject: Int32
    /// The model's answer: the chosen group's attribute (pick) or bank position (release).
    var choice: Int32
    var requested: Tick
    /// Index of its audit entry, or −1.
    var audit: Int32
    /// True when the fallback decides (the call was refused, met an outage or timed out).
    var fallback: Bool
}

/// What became of a call.
enum CallOutcome {
    /// The model's answer applies now.
    case answered
    /// The fallback decides now.
    case fellBack
    /// An answer event will come.
    case pending
}

/// One deployment's random stream and moving parts in a run.
struct DeploymentState {
    var stream: RandomStream
    var bucket: TokenBucket?
    var outages: OutageProcess?
    var server: BatchingServer?

    init(_ spec: DeploymentSpec, seed: UInt64, replication: UInt64) {
        stream = RandomStream(seed: seed, replication: replication, name: "deployment:\(spec.name)")
        if case let .cloud(cloud) = spec.kind {
            bucket = cloud.rateLimit.map { TokenBucket(perMinute: $0.perMinute, burst: $0.burst) }
            outages = cloud.outages.map {
                // Samplers valid while the plant lives.
                OutageProcess(up: $0.up.sampler, down: $0.down.sampler,
                              stream: RandomStream(seed: seed, replication: replication, name: "outages:\(spec.name)"))
            }
        }
        if case let .server(server) = spec.kind { self.server = BatchingServer(server) }
    }
}

/// The model a deployed site runs, as an edge chip sees it: its size and precision.
struct ModelSize {
    var macs: Int
    var int8: Bool
    static let none = ModelSize(macs: 0, int8: false)
}

/// A deployed site's calls after warm-up: how many, what became of them, what they cost.
struct DeploymentStatistics {
    var requests = 0
    var calls = 0
    var refused = 0
    var timedOut = 0
    var fallbacks = 0
    /// Time the asking server or source waited, summed.
    var heldTicks: Tick = 0
    var cost = 0.0
    /// Joules.
    var energy = 0.0
    /// Latencies (only deployed sites keep them: a sketch is a few hundred KiB).
    var latency: DurationQuantiles?

    init(deployed: Bool) {
        latency = deployed ? DurationQuantiles() : nil
    }

    /// Forgets the warm-up's calls.
    mutating func reset() {
        var kept = latency
        kept?.reset()
        self = DeploymentStatistics(deployed: false)
        latency = kept
    }
}

/// A pick answer waiting at a server (`deployments.pickAnswers`): a changeover attribute, or one of these.
enum PickAnswer {
    static let none = Int32.min
    static let fallback = Int32.min + 1
}
