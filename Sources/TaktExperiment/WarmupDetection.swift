import Foundation
import TaktKernel
import TaktPlant

/// Chooses a warm-up period from pilot replications by MSER-5.
///
/// The pilot runs replications 0…k−1 without warm-up and logs every
/// departure's lead time. The series are averaged across replications,
/// observation by observation (Hoad, Robinson & Davies, 2010), and MSER-5
/// picks how many observations to delete; the warm-up is the mean time at
/// which the replications' last deleted job left. The same pilot runs
/// wherever the experiment runs, so every shard finds the same warm-up.
public enum WarmupDetection {
    /// What MSER-5 chose.
    public struct Outcome: Sendable, Equatable {
        /// The warm-up period, ticks.
        public var warmup: Tick
        /// Departures deleted per replication, of those in the averaged series.
        public var truncated: Int
        public var observations: Int
        public var replications: Int
    }

    /// MSER-5 found no steady state, or the pilot could not run.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `replications` pilot replications of `plant` under `settings` (warm-up ignored) and applies MSER-5.
    public static func mser5(_ plant: PlantDescription, settings: RunSettings, replications: Int) throws(Failure) -> Outcome {
        var noWarmup = settings
        noWarmup.warmup = 0
        let pilot = noWarmup
        let logs = (0..<replications).map { _ in DepartureLog() }
        let (_, failure) = WorkerPool.run(Array(0..<replications), threads: ProcessInfo.processInfo.activeProcessorCount, body: { r throws(ModelError) in
            try Replication.run(plant, settings: pilot, replication: r, departures: logs[r])
        }, onComplete: { _, _ in })
        if let (r, error) = failure { throw Failure(description: "pilot replication \(r): \(error)") }
        let n = logs.map(\.leadTimes.count).min() ?? 0
        var averaged = [Double](repeating: 0, count: n)
        for log in logs {
            for i in 0..<n { averaged[i] += log.leadTimes[i] / Double(replications) }
        }
        guard let d = MSER.truncation(averaged) else {
            throw Failure(description: "MSER-5 found no steady state in the first half of \(n) departures per replication: "
                + "the run is too short, or the plant has no steady state; give a fixed warmup or a longer duration")
        }
        let warmup = d == 0 ? 0 : logs.reduce(0.0) { $0 + Double($1.times[d - 1]) } / Double(replications)
        return Outcome(warmup: Tick(warmup.rounded()), truncated: d, observations: n, replications: replications)
    }
}
