import Dispatch
import Foundation
import TaktPolicy

/// What Takt does when it is interrupted (Ctrl-C, SIGINT; SIGTERM from a scheduler): it ends the policy
/// processes it started, says what was kept and how to go on when a command has set that, and ends with
/// the shell's status for the signal (128 + signal).
enum Interruption {
    /// Kept alive while the command runs: the sources that watch for the signals.
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    nonisolated(unsafe) private static var message: String?
    private static let lock = NSLock()

    /// From now on, SIGINT and SIGTERM end the policy processes still running, then the process.
    static func install() {
        for signal in [SIGINT, SIGTERM] {
            Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler {
                // A policy process runs in a process group of its own, out of the terminal's reach: ended here, or a hung one would outlive Takt.
                PolicyProcessGroups.killAll()
                if let message = lock.withLock({ Self.message }) { Console.error("\n" + message + "\n") }
                Foundation.exit(128 + signal)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// From now on, an interruption prints `message` on standard error before Takt ends.
    static func onSignal(say message: String) {
        lock.withLock { Self.message = message }
    }
}
