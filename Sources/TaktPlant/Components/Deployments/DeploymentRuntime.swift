import TaktKernel
import TaktPolicy

/// The deployments decisions go through while a replication runs: each
/// deployment's moving parts, each site's deployment, model sizes and
/// fallback, the decisions on their way, and the calls per site.
///
/// Owned by the line model; the behaviour is in `LineModel+Deployments`.
struct DeploymentRuntime: LineComponent {
    /// How a call goes through each deployment, read once from its `DeploymentSpec`.
    let routes: [DeploymentRoute]
    /// Each deployment's stream and moving parts (token bucket, outages, batching server).
    var states: [DeploymentState]
    /// Each site's deployment (−1: decided in process), model size, and fallback (model size and policy).
    let siteDeployment: [Int]
    let siteModel: [ModelSize]
    let siteFallbackModel: [ModelSize]
    var siteFallbackPolicies: [DecisionPolicy?]
    /// Per server, the pick answer waiting to be applied.
    var pickAnswers: [Int32]
    /// Decisions on their way, and the free slots among them.
    var pending: [PendingDecision] = []
    var freePending: [Int32] = []
    /// Calls per site after warm-up, and every deployed decision's latency (nil: nothing is deployed).
    var stats: [DeploymentStatistics]
    var allLatency: DurationQuantiles?

    /// The deployments of `plant` for the decision sites `sites`, with their streams for replication `replication` under `seed`
    /// (`serving`: the run's batching policy processes, for fallbacks served by one).
    init(plant: PlantDescription, sites: [DecisionSite], servers: Int, seed: UInt64, replication: UInt64, serving: PolicyServing?) {
        routes = plant.deployments.map { DeploymentRoute($0.kind) }
        states = plant.deployments.map { DeploymentState($0, seed: seed, replication: replication) }
        let deployed = sites.map { site -> (Int, ModelSize, ModelSize, DecisionPolicy?) in
            guard let (d, fallback) = site.deployment(in: plant) else { return (-1, .none, .none, nil) }
            return (d, site.binding(in: plant)?.modelSize ?? .none, fallback?.modelSize ?? .none,
                    fallback.map { $0.makePolicy(for: site, in: plant, replication: Int(replication), seed: seed, key: "fallback/\(site)", serving: serving) })
        }
        siteDeployment = deployed.map(\.0)
        siteModel = deployed.map(\.1)
        siteFallbackModel = deployed.map(\.2)
        siteFallbackPolicies = deployed.map(\.3)
        stats = deployed.map { DeploymentStatistics(deployed: $0.0 >= 0) }
        allLatency = deployed.contains { $0.0 >= 0 } ? DurationQuantiles() : nil
        pickAnswers = Array(repeating: PickAnswer.none, count: servers)
    }

    /// The end of warm-up: calls and latencies are counted again.
    mutating func resetStatistics(at now: Tick) {
        for d in stats.indices { stats[d].reset() }
        allLatency?.reset()
    }
}

/// A deployment's settings as a call uses them, read once from its `DeploymentSpec.Kind`:
/// distributions as samplers (valid while the plant lives), so a call copies no storage.
enum DeploymentRoute {
    case edge(EdgeSpec)
    case server(network: Sampler, costPerCall: Double, energyPerCall: Double)
    case cloud(latency: Sampler, timeout: Tick?, costPerCall: Double, energyPerCall: Double)
    case hybrid(primary: Int, fallback: Int)

    init(_ kind: DeploymentSpec.Kind) {
        switch kind {
        case let .edge(edge): self = .edge(edge)
        case let .server(server): self = .server(network: server.network.sampler, costPerCall: server.costPerCall, energyPerCall: server.energyPerCall)
        case let .cloud(cloud):
            self = .cloud(latency: cloud.latency.sampler, timeout: cloud.timeout, costPerCall: cloud.costPerCall, energyPerCall: cloud.energyPerCall)
        case let .hybrid(primary, fallback): self = .hybrid(primary: primary, fallback: fallback)
        }
    }
}
