import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Writes output files where the user points, as they point: a regular file
/// is replaced atomically (a failure leaves the old one whole), a symbolic
/// link's target is written and the link kept, and a device or a named pipe
/// (`/dev/stdout`, a FIFO a CI step reads) is written into, never replaced
/// by a regular file.
public enum OutputFile {
    /// Writes `data` to `path`.
    public static func write(_ data: Data, to path: String) throws {
        let target = URL(fileURLWithPath: resolved(path))
        var info = stat()
        guard stat(target.path, &info) == 0, info.st_mode & S_IFMT != S_IFREG else {
            try data.write(to: target, options: .atomic)
            return
        }
        guard info.st_mode & S_IFMT != S_IFDIR else { throw CocoaError(.fileWriteInvalidFileName, userInfo: [NSFilePathErrorKey: path]) }
        let fd = open(target.path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        try data.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                }
                done += n
            }
        }
    }

    /// `path` with symbolic links followed, also one to a file not there yet (which the write then creates).
    static func resolved(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            current = destination.hasPrefix("/") ? destination
                : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(destination).path
        }
        return current
    }

    private static func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, bytes, count)
        #else
        Darwin.write(fd, bytes, count)
        #endif
    }
}
