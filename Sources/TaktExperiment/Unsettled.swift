import TaktPlant

/// A run whose line did not settle: its work in process grew over the measured
/// window by more than its own average level, in every replication, while a
/// station never waited for work. Arrivals beyond that station's capacity do
/// this (or a warm-up far too short for a line that settles slowly), and then
/// the figures describe a line filling up, not a steady state.
///
/// In a line that settles, the jobs in it at the window's end and at its start
/// are two draws of the same level, and the station at its bottleneck waits
/// for work now and then; a line that cannot keep up gains jobs at a steady
/// rate, about twice its average level over a window much longer than the
/// warm-up, and its bottleneck is never without a queue.
public struct Unsettled: Sendable, Equatable {
    /// Most share of the time a station may wait for work and still be taken as never starved.
    public static let starvedAtMost = 0.005
    /// Fewest jobs of growth that count (a plant of a few jobs moves by a few).
    public static let leastGrowth = 10.0

    /// Means over the replications: jobs gained over the measured window, and the time-average work in process.
    public var growth: Double
    public var workInProcess: Double
    /// The first station, in plant order, that waited for work at most `starvedAtMost` of the time in every
    /// replication, and its mean starved share.
    public var station: String
    public var starved: Double

    /// The verdict on one run's `results`: nil when the line settles, or nothing shows otherwise.
    public init?(results: [ReplicationResult]) {
        guard let first = results.first else { return nil }
        let n = Double(results.count)
        growth = results.reduce(0) { $0 + $1.workInProcessGrowth } / n
        workInProcess = results.reduce(0) { $0 + $1.workInProcess } / n
        guard growth > max(workInProcess, Self.leastGrowth), results.allSatisfy({ $0.workInProcessGrowth > $0.workInProcess }) else { return nil }
        guard let s = first.stations.indices.first(where: { s in results.allSatisfy { $0.stations[s].starved <= Self.starvedAtMost } }) else {
            return nil
        }
        station = first.stations[s].name
        starved = results.reduce(0) { $0 + $1.stations[s].starved } / n
    }
}
