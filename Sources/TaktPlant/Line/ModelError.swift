import TaktKernel

/// A plant that is valid on paper but cannot be simulated to the end.
public struct ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The replication that failed.
    public var replication: Int
    /// Simulated time of the failure.
    public var time: Tick
    /// What happened, for the user.
    public var message: String

    public var description: String {
        "replication \(replication) stopped at \(DurationText.describe(Ticks.seconds(time))) of simulated time: \(message)"
    }
}
