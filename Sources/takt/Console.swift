@preconcurrency import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Standard output and standard error, written through C's stdio: a write
/// that fails (a full disk, a closed stream) is an error the command reports,
/// never a crash (Foundation's `FileHandle.write(_:)` traps on one).
enum Console {
    /// The reason the first write to standard output through `output` failed (0: none did).
    nonisolated(unsafe) private static var failedWith: Int32 = 0

    /// Writes `text` to standard output at once.
    static func output(_ text: String) {
        fputs(text, stdout)
        if fflush(stdout) != 0, failedWith == 0 { failedWith = errno }
    }

    /// Writes `text` to standard error, after what standard output holds: a log keeps their order.
    static func error(_ text: String) {
        fflush(stdout)
        fputs(text, stderr)
    }

    /// Why standard output could not be written (nil: all of it was), after flushing it.
    static func outputFailure() -> String? {
        errno = 0
        let flushed = fflush(stdout) == 0, reason = errno
        guard !flushed || ferror(stdout) != 0 else { return nil }
        // stdio keeps no reason for a failure inside `print`'s buffering: then only that a write failed.
        let code = !flushed && reason != 0 ? reason : failedWith
        return code != 0 ? String(cString: strerror(code)) : "a write failed"
    }
}
