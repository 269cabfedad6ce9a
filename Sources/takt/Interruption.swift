import Dispatch
import Foundation

/// What a command says when it is interrupted (Ctrl-C, SIGINT; SIGTERM from a scheduler) before it ends
/// with the shell's status for the signal: what was kept and how to go on.
enum Interruption {
    /// Kept alive while the command runs: the sources that watch for the signals.
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// From now on, SIGINT and SIGTERM print `message` on standard error and end the process (status 128 + signal).
    static func onSignal(say message: String) {
        for signal in [SIGINT, SIGTERM] {
            Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler {
                Console.error("\n" + message + "\n")
                Foundation.exit(128 + signal)
            }
            source.resume()
            sources.append(source)
        }
    }
}
