import Foundation
import Synchronization

/// Test hooks that kill the process with SIGKILL inside a store transaction,
/// so the tests can prove that a kill there leaves nothing half-written.
///
/// Off unless an environment variable sets it (read once per process):
/// `TAKT_TEST_KILL_IN_MIGRATION=k` kills after the k-th migration of a new
/// store is applied, before the migrations commit; `TAKT_TEST_KILL_IN_WRITE=k`
/// kills in the k-th run written by this process, after its run row and
/// metrics are inserted and before it commits. Costs one comparison per write when off.
enum FaultInjection {
    static let killInMigration = setting("TAKT_TEST_KILL_IN_MIGRATION")
    static let killInWrite = setting("TAKT_TEST_KILL_IN_WRITE")
    private static let writes = Mutex(0)

    private static func setting(_ name: String) -> Int? {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) }
    }

    /// Kills the process if `count` migrations applied is the configured point.
    static func afterMigration(_ count: Int) {
        if count == killInMigration { kill(getpid(), SIGKILL) }
    }

    /// Counts a run being written, and kills the process if it is the configured one.
    static func duringWrite() {
        guard let target = killInWrite else { return }
        if writes.withLock({ $0 += 1; return $0 }) == target { kill(getpid(), SIGKILL) }
    }
}
