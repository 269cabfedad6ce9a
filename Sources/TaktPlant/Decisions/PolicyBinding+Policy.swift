import Foundation
import TaktPolicy

extension PolicyBinding {
    /// The policy object serving `site` in replication `replication` under
    /// `seed`: a model file's network or trees, or a conversation with a
    /// process: started here, one per replication, or shared through
    /// `serving` with the run's other replications when it answers in
    /// batches; either way a deterministic process gives the same decisions
    /// whatever the thread count. `key` names the site among the plant's.
    func makePolicy(for site: DecisionSite, in plant: PlantDescription, replication: Int, seed: UInt64,
                    key: String, serving: PolicyServing?) -> DecisionPolicy {
        switch model {
        case let .file(file):
            return file.network.makePolicy()
        case let .process(command) where command.batch != nil:
            var hello = hello(site, plant, replication, seed)
            hello.replication = nil
            hello.batch = command.batch
            return BatchedPolicy(key: key, serving: serving, replication: replication, hello: hello, timeout: command.timeout,
                                 site: Self.siteName(site, plant, command)) { Self.start(command) }
        case let .process(command):
            return ExternalPolicy(channel: Self.start(command), hello: hello(site, plant, replication, seed), timeout: command.timeout,
                                  site: Self.siteName(site, plant, command))
        case .parent:
            return ExternalPolicy(channel: StandardIOChannel(), hello: hello(site, plant, replication, seed), timeout: nil,
                                  site: "the process driving takt env for \(site.schema.point) at \(site.name(in: plant))")
        }
    }

    /// `command`'s process, or a channel that says why it could not be started.
    private static func start(_ command: PolicyCommand) -> PolicyChannel {
        do {
            return try ChildProcessChannel(command: command.command, directory: URL(fileURLWithPath: command.directory))
        } catch {
            return UnstartedChannel(error)
        }
    }

    /// "the policy process for pick at paint-booth (python3 my_policy.py)"
    private static func siteName(_ site: DecisionSite, _ plant: PlantDescription, _ command: PolicyCommand) -> String {
        "the policy process for \(site.schema.point) at \(site.name(in: plant)) (\(command.command.joined(separator: " ")))"
    }

    private func hello(_ site: DecisionSite, _ plant: PlantDescription, _ replication: Int, _ seed: UInt64) -> ExternalPolicy.Hello {
        ExternalPolicy.Hello(point: site.schema.point, at: site.name(in: plant), features: site.schema.features, actions: site.schema.actions,
                             replication: replication, seed: seed)
    }

    /// The model's size for the deployment's compute-time model (none for a process: its own time is its own).
    var modelSize: ModelSize {
        guard let file else { return .none }
        return ModelSize(macs: file.network.macs, int8: file.network.precision == .int8)
    }
}

/// A channel whose process could not be started: the hello fails with why.
private final class UnstartedChannel: PolicyChannel {
    let error: PolicyChannelError
    init(_ error: PolicyChannelError) { self.error = error }
    func send(_ line: String) throws(PolicyChannelError) { throw error }
    func receive(timeout: Double?) throws(PolicyChannelError) -> String { throw error }
    var errorTail: String { "" }
    func close(grace: Double) {}
}

extension PlantDescription {
    /// The most replications a policy process of this plant serves at once (0: none answers in batches);
    /// a run keeps at least this many replications in flight.
    public var policyBatch: Int {
        DecisionSite.all(in: self).reduce(0) { most, site in
            guard case let .process(command)? = site.binding(in: self)?.model else { return most }
            return max(most, command.batch ?? 0)
        }
    }
}
