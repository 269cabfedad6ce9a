import ArgumentParser
import Foundation

/// `--threads` for commands that run replications.
struct ThreadOptions: ParsableArguments {
    @Option(help: "Worker threads for replications (default: all cores; a policy process answering in batches of N keeps at least N replications in flight). Results do not depend on it.")
    var threads: Int?

    /// The worker threads to use: the option, checked, or all cores.
    func count() throws -> Int {
        guard let threads else { return ProcessInfo.processInfo.activeProcessorCount }
        guard threads >= 1 else { throw CommandFailure(message: "error: --threads must be at least 1, got \(threads)", code: .badInput) }
        return threads
    }
}
