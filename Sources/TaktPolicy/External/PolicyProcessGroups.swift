import Foundation

/// The process groups of the policy processes running now, so that a signal
/// that ends Takt (Ctrl-C, a scheduler's SIGTERM) can end them too.
///
/// Each policy process runs in a process group of its own, out of reach of
/// the terminal's Ctrl-C; one that is not reading its input (hung, or busy)
/// would otherwise outlive Takt.
public enum PolicyProcessGroups {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var running: Set<pid_t> = []

    /// Notes that the process group `group` runs.
    static func started(_ group: pid_t) {
        lock.withLock { _ = running.insert(group) }
    }

    /// Notes that the process group `group` has ended.
    static func ended(_ group: pid_t) {
        lock.withLock { _ = running.remove(group) }
    }

    /// The process groups running now.
    public static var groups: Set<pid_t> { lock.withLock { running } }

    /// Ends every policy process still running, and anything it started (SIGKILL to each group).
    public static func killAll() {
        lock.withLock {
            for group in running { kill(-group, SIGKILL) }
        }
    }
}
