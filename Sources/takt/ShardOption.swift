import TaktExperiment

/// The shard a command runs: from `--shard i/n`, else from a Slurm job array
/// or a Kubernetes Indexed Job, else none.
enum ShardOption {
    static func resolve(_ option: String?, environment: [String: String]) throws -> ExperimentRunner.Shard? {
        if let option { return try parse(option, source: "--shard") }
        if let id = environment["SLURM_ARRAY_TASK_ID"], let count = environment["SLURM_ARRAY_TASK_COUNT"] {
            guard let task = Int(id), let n = Int(count) else {
                throw CommandFailure(message: "error: SLURM_ARRAY_TASK_ID '\(id)' and SLURM_ARRAY_TASK_COUNT '\(count)' must be whole numbers", code: .badInput)
            }
            let first = environment["SLURM_ARRAY_TASK_MIN"].flatMap { Int($0) } ?? 0
            return try parse("\(task - first)/\(n)", source: "SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN / SLURM_ARRAY_TASK_COUNT")
        }
        if let index = environment["JOB_COMPLETION_INDEX"] {
            guard let count = environment["TAKT_SHARD_COUNT"] else {
                throw CommandFailure(message: "error: JOB_COMPLETION_INDEX is set but TAKT_SHARD_COUNT (the Job's completions) is not", code: .badInput)
            }
            return try parse("\(index)/\(count)", source: "JOB_COMPLETION_INDEX / TAKT_SHARD_COUNT")
        }
        return nil
    }

    /// Parses `i/n` with 0 ≤ i < n ≤ 100000.
    static func parse(_ text: String, source: String) throws -> ExperimentRunner.Shard {
        let parts = text.split(separator: "/").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, n <= 100_000, i >= 0, i < n else {
            throw CommandFailure(message: "error: \(source): expected i/n with 0 ≤ i < n (e.g. 0/4), got '\(text)'", code: .badInput)
        }
        return ExperimentRunner.Shard(index: i, count: n)
    }
}
