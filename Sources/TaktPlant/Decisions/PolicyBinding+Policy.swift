import Foundation
import TaktPolicy

extension PolicyBinding {
    /// The policy object serving `site` in replication `replication` under
    /// `seed`: a model file's network or trees, or a conversation with a
    /// process (started here, one per replication, so a deterministic
    /// process gives the same decisions whatever the thread count).
    func makePolicy(for site: DecisionSite, in plant: PlantDescription, replication: Int, seed: UInt64) -> DecisionPolicy {
        switch model {
        case let .file(file):
            return file.network.makePolicy()
        case let .process(command):
            let channel: PolicyChannel
            do {
                channel = try ChildProcessChannel(command: command.command, directory: URL(fileURLWithPath: command.directory))
            } catch {
                channel = UnstartedChannel(error)
            }
            return ExternalPolicy(channel: channel, hello: hello(site, plant, replication, seed), timeout: command.timeout,
                                  site: "the policy process for \(site.schema.point) at \(site.name(in: plant)) (\(command.command.joined(separator: " ")))")
        case .parent:
            return ExternalPolicy(channel: StandardIOChannel(), hello: hello(site, plant, replication, seed), timeout: nil,
                                  site: "the process driving takt env for \(site.schema.point) at \(site.name(in: plant))")
        }
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
