import Foundation

/// A line-oriented, two-way connection to whatever answers a decision site:
/// a child process (`ChildProcessChannel`) or, for `takt env`, the process
/// that started Takt (`StandardIOChannel`).
public protocol PolicyChannel: AnyObject {
    /// Writes one line (the newline is added).
    func send(_ line: String) throws(PolicyChannelError)
    /// The next line, without its newline; waits at most `timeout` seconds (nil: no limit).
    func receive(timeout: Double?) throws(PolicyChannelError) -> String
    /// The last few KB the other side wrote to its standard error, if it is a child.
    var errorTail: String { get }
    /// Ends the conversation: closes the other side's input and, for a child, waits up to `grace` seconds before killing it.
    func close(grace: Double)
}

/// Why a channel could not be used.
public enum PolicyChannelError: Error, Equatable {
    case cannotStart(String)
    case closed(String)
    case timedOut(Double)
    case lineTooLong(Int)

    /// A sentence for error messages.
    public var description: String {
        switch self {
        case let .cannotStart(why): "could not be started: \(why)"
        case let .closed(why): why
        case let .timedOut(seconds): "gave no answer within \(DurationWords.seconds(seconds)) of wall-clock time"
        case let .lineTooLong(limit): "wrote a line longer than \(limit / 1024) KB"
        }
    }
}

/// Short wall-clock durations in words, for messages.
enum DurationWords {
    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : String(format: "%.3g s", s)
    }
}

/// Reads lines from a file descriptor with a time limit, through a buffer.
final class LineReader {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    /// The longest line accepted: a policy's answer is a few dozen bytes.
    static let maxLine = 1 << 20

    init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(4096)
    }

    /// The next line; `nil` at end of input. Throws on time-out.
    func readLine(timeout: Double?) throws(PolicyChannelError) -> String? {
        let deadline = timeout.map { DispatchTime.now().uptimeNanoseconds &+ UInt64(max(0, $0) * 1e9) }
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[start..<newline], as: UTF8.self)
                start = newline + 1
                if start > 65536 { buffer.removeFirst(start); start = 0 }
                return line
            }
            if buffer.count - start > Self.maxLine { throw .lineTooLong(Self.maxLine) }
            var waitMs: Int32 = -1
            if let deadline {
                let now = DispatchTime.now().uptimeNanoseconds
                guard now < deadline else { throw .timedOut(timeout ?? 0) }
                waitMs = Int32(min(UInt64(Int32.max), (deadline - now + 999_999) / 1_000_000))
            }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, waitMs)
            if ready < 0 {
                if errno == EINTR { continue }
                throw .closed("could not be read (\(String(cString: strerror(errno))))")
            }
            if ready == 0 { continue }  // the deadline check above throws
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, 4096) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .closed("could not be read (\(String(cString: strerror(errno))))")
            }
            if n == 0 {
                guard start < buffer.count else { return nil }
                let line = String(decoding: buffer[start...], as: UTF8.self)
                buffer.removeAll()
                start = 0
                return line
            }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }
}

/// Writes all of `data` to `fd`; false when the reader is gone.
func writeAll(_ fd: Int32, _ text: String) -> Bool {
    var bytes = Array(text.utf8)
    bytes.append(UInt8(ascii: "\n"))
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
        if n < 0 {
            if errno == EINTR { continue }
            return false
        }
        offset += n
    }
    return true
}
