import Foundation
import TaktKernel

/// A one-line progress display on standard error, shown only on a terminal.
///
/// In a pipe, a file or CI log it prints nothing, so output stays clean.
final class Progress: @unchecked Sendable {
    private let total: Int
    private let label: String
    private let enabled: Bool
    private let started = ContinuousClock.now
    private let lock = NSLock()
    private var done = 0

    /// A display for `total` units of work named `label`.
    init(total: Int, label: String) {
        self.total = total
        self.label = label
        enabled = total > 1 && isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
    }

    /// Counts one finished unit and redraws the line with an ETA.
    func advance() {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        done += 1
        let elapsed = ContinuousClock.now - started
        let seconds = elapsed.inSeconds
        // A sequential comparison may run more than it first planned.
        let total = max(self.total, done)
        let remaining = done < total ? seconds / Double(done) * Double(total - done) : 0
        let line = "\r\(label) \(done)/\(total)  elapsed \(Self.clock(seconds))  eta \(Self.clock(remaining))\u{1B}[K"
        Console.error(line)
    }

    /// Clears the line.
    func finish() {
        guard enabled else { return }
        Console.error("\r\u{1B}[K")
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
