import TaktKernel

/// Where a decision point's policy runs, and so how long its answers take,
/// whether they come at all, and what they cost: the plant file's
/// `deployments:` list.
public struct DeploymentSpec: Sendable, Equatable {
    /// Unique name, as decision rules refer to it.
    public var name: String
    public var kind: Kind

    /// The four ways a policy can be deployed.
    public enum Kind: Sendable, Equatable {
        /// In process on the cell controller.
        case edge(EdgeSpec)
        /// On an on-premise inference server shared by every decision point bound to it.
        case server(ServerSpec)
        /// Behind a remote API with heavy-tailed latency, a rate limit and outages.
        case cloud(CloudSpec)
        /// A server or cloud deployment whose failed calls are decided on an edge deployment.
        case hybrid(primary: Int, fallback: Int)

        /// The kind's name in plant files.
        public var name: String {
            switch self {
            case .edge: "edge"
            case .server: "server"
            case .cloud: "cloud"
            case .hybrid: "hybrid"
            }
        }
    }

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

/// A cell controller's chip: its compute time follows from the model's size.
public struct EdgeSpec: Sendable, Equatable {
    /// Operations per second for int8 and fp32 networks (one multiply-accumulate is two operations).
    public var int8OpsPerSecond: Double
    public var fp32OpsPerSecond: Double
    /// Fixed time per decision: feature gathering and the controller's cycle.
    public var overhead: Tick
    /// Energy per operation, joules, for int8 and fp32.
    public var int8JoulesPerOp: Double
    public var fp32JoulesPerOp: Double

    public init(int8OpsPerSecond: Double, fp32OpsPerSecond: Double, overhead: Tick, int8JoulesPerOp: Double, fp32JoulesPerOp: Double) {
        self.int8OpsPerSecond = int8OpsPerSecond
        self.fp32OpsPerSecond = fp32OpsPerSecond
        self.overhead = overhead
        self.int8JoulesPerOp = int8JoulesPerOp
        self.fp32JoulesPerOp = fp32JoulesPerOp
    }
}

/// An on-premise inference server: requests cross the network, join a batch
/// that closes a fixed window after its first request, and wait for one of
/// a few workers.
public struct ServerSpec: Sendable, Equatable {
    /// One-way network delay (drawn for the request and again for the answer).
    public var network: Distribution
    public var batchWindow: Tick
    public var workers: Int
    /// A batch of n requests takes perBatch + n × perCall on a worker.
    public var perBatch: Tick
    public var perCall: Tick
    public var costPerCall: Double
    public var energyPerCall: Double

    public init(network: Distribution, batchWindow: Tick, workers: Int, perBatch: Tick, perCall: Tick, costPerCall: Double, energyPerCall: Double) {
        self.network = network
        self.batchWindow = batchWindow
        self.workers = workers
        self.perBatch = perBatch
        self.perCall = perCall
        self.costPerCall = costPerCall
        self.energyPerCall = energyPerCall
    }
}

/// A remote model behind an API.
public struct CloudSpec: Sendable, Equatable {
    /// Round-trip latency of an answered call.
    public var latency: Distribution
    /// Token bucket: calls per minute and the burst it allows (nil: no limit).
    public var rateLimit: RateLimit?
    /// Alternating up and down periods of the service (nil: never down).
    public var outages: Outages?
    /// A call not answered within this time is abandoned and the fallback decides (nil: wait for the answer).
    public var timeout: Tick?
    public var costPerCall: Double
    public var energyPerCall: Double

    /// A token bucket's refill rate and size.
    public struct RateLimit: Sendable, Equatable {
        public var perMinute: Double
        public var burst: Int
        public init(perMinute: Double, burst: Int) {
            self.perMinute = perMinute
            self.burst = burst
        }
    }

    /// Time between outages (up time) and outage length (down time).
    public struct Outages: Sendable, Equatable {
        public var up: Distribution
        public var down: Distribution
        public init(up: Distribution, down: Distribution) {
            self.up = up
            self.down = down
        }
    }

    public init(latency: Distribution, rateLimit: RateLimit?, outages: Outages?, timeout: Tick?, costPerCall: Double, energyPerCall: Double) {
        self.latency = latency
        self.rateLimit = rateLimit
        self.outages = outages
        self.timeout = timeout
        self.costPerCall = costPerCall
        self.energyPerCall = energyPerCall
    }
}

/// A decision point bound to a deployment: which one, and the rule that
/// decides when a call is refused, meets an outage or times out.
public struct SiteDeployment<Rule: Sendable & Equatable>: Sendable, Equatable {
    /// Index into the plant's deployments.
    public var deployment: Int
    public var fallback: Rule

    public init(deployment: Int, fallback: Rule) {
        self.deployment = deployment
        self.fallback = fallback
    }
}
