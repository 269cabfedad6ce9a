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
    /// Most share of the time a station may wait for work, in every replication, and still be taken as never starved.
    public static let starvedAtMost = 0.01
    /// Fewest jobs of growth that count (a plant of a few jobs moves by a few).
    public static let leastGrowth = 10.0

    /// Means over the replications: jobs gained over the measured window, and the time-average work in process.
    public var growth: Double
    public var workInProcess: Double
    /// Where the jobs pile up: the station with the longest mean queue, and that queue (jobs, time average).
    public var queueStation: String
    public var queue: Double
    /// What holds them back: from `queueStation` downstream, past stations that mostly wait to pass their jobs
    /// on (blocked longer than working), the first that does not; it waited for work at most `starvedAtMost`
    /// of the time in every replication. Its mean starved share.
    public var station: String
    public var starved: Double

    /// The verdict on one run's `results`: nil when the line settles, or nothing shows otherwise.
    /// `successors[s]`: the one station station `s` sends its jobs to, nil when it has none or several.
    public init?(results: [ReplicationResult], successors: [Int?]) {
        guard let first = results.first, !first.stations.isEmpty else { return nil }
        let n = Double(results.count)
        func mean(_ s: Int, _ share: (StationResult) -> Double) -> Double { results.reduce(0) { $0 + share($1.stations[s]) } / n }
        growth = results.reduce(0) { $0 + $1.workInProcessGrowth } / n
        workInProcess = results.reduce(0) { $0 + $1.workInProcess } / n
        guard growth > max(workInProcess, Self.leastGrowth), results.allSatisfy({ $0.workInProcessGrowth > $0.workInProcess }) else { return nil }
        let pile = first.stations.indices.max { mean($0, \.meanQueueLength) < mean($1, \.meanQueueLength) }!
        var s = pile, visited: Set<Int> = [pile]
        while mean(s, \.blocked) > mean(s, \.working), let next = successors.indices.contains(s) ? successors[s] : nil, visited.insert(next).inserted {
            s = next
        }
        guard results.allSatisfy({ $0.stations[s].starved <= Self.starvedAtMost }) else { return nil }
        queueStation = first.stations[pile].name
        queue = mean(pile, \.meanQueueLength)
        station = first.stations[s].name
        starved = mean(s, \.starved)
    }

    /// The verdict on a run of `plant`: its stations' single successors taken from the plant.
    public init?(results: [ReplicationResult], plant: PlantDescription) {
        self.init(results: results, successors: plant.stations.map { spec in
            guard spec.next.count == 1, case let .station(t) = spec.next[0] else { return nil }
            return t
        })
    }
}
