import Foundation

/// Reads whole input files that may be hostile, never more than a limit:
/// a path may name a device (`/dev/zero` has no size and no end), a pipe or
/// a file far larger than any real input, and reading it whole would fill
/// memory.
public enum BoundedFile {
    /// Why a file was not read.
    public enum Failure: Error {
        /// It could not be opened or read; the reason in words.
        case unreadable(String)
        /// It holds more than `limit` bytes.
        case tooLarge(limit: Int)

        /// A phrase for messages: "no such file", "larger than 16 MiB".
        public var reason: String {
            switch self {
            case let .unreadable(why): why
            case let .tooLarge(limit): "larger than \(Self.size(limit)), the most Takt reads of this kind of file"
            }
        }

        static func size(_ bytes: Int) -> String {
            bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
        }
    }

    /// The bytes of the file at `path`, if it has at most `limit` of them;
    /// with `regularFileOnly`, a device or a pipe is refused unread, and a
    /// regular file over the limit by its size.
    public static func read(_ path: String, limit: Int, regularFileOnly: Bool = false) throws(Failure) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { throw .unreadable("it is a folder, not a file") }
        if regularFileOnly {
            guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { throw .unreadable("it is not a regular file") }
            guard info.st_size <= limit else { throw .tooLarge(limit: limit) }
        }
        // Opened without blocking so that a pipe without a writer cannot hang
        // the open; reads block again, so a pipe still being written (`<(…)`)
        // is read to its end.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(String(cString: strerror(errno)))
            }
            if n == 0 { return data }
            guard data.count + n <= limit else { throw .tooLarge(limit: limit) }
            data.append(contentsOf: chunk[0..<n])
        }
    }
}
