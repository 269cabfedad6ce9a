import Foundation

/// A policy process Takt starts: its standard input and output carry the
/// protocol's lines, its standard error is kept (the last 4 KB) for messages.
///
/// Started with `posix_spawn` in a process group of its own, so that ending
/// it also ends anything it started (a shell script's children would
/// otherwise keep its pipes open); it runs in `directory`.
public final class ChildProcessChannel: PolicyChannel {
    private let pid: pid_t
    private let toChild: Int32
    private let reader: LineReader
    private let fromChild: Int32
    private let tail = ErrorTail(limit: 4096)
    private let tailReader: Thread
    private var status: Int32?

    /// Starts `command` (the program, then its arguments) in `directory`.
    /// A program given with a `/` is taken relative to `directory`; else it is looked up on `PATH`.
    public init(command: [String], directory: URL) throws(PolicyChannelError) {
        guard let program = command.first, !program.isEmpty else { throw .cannotStart("the command is empty") }
        guard let executable = Self.resolve(program, in: directory) else {
            throw .cannotStart("'\(program)' is not an executable file\(program.contains("/") ? "" : " on PATH")")
        }
        // Writing to a process that exited must be an error, not a SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        var input: [Int32] = [0, 0], output: [Int32] = [0, 0], errors: [Int32] = [0, 0]
        guard pipe(&input) == 0, pipe(&output) == 0, pipe(&errors) == 0 else { throw .cannotStart(String(cString: strerror(errno))) }
        // Every end close-on-exec: the child's three are dup2'd onto 0, 1 and 2, which clears the flag there,
        // and their originals close at exec, so a child that closes its output is seen to at once (no copy
        // of the pipe stays open in it), and no other child inherits an end.
        for fd in input + output + errors { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t(), none = sigset_t()
        sigemptyset(&defaults)
        // Takt ignores SIGPIPE, and SIGINT and SIGTERM while it watches for them: the child starts with the defaults.
        for signal in [SIGPIPE, SIGINT, SIGTERM] { sigaddset(&defaults, signal) }
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        // The shell changes to the plant's folder and replaces itself with the program.
        let argv = ["/bin/sh", "-c", "cd -- \"$1\" && shift && exec \"$@\"", "sh", directory.path, executable.path] + command.dropFirst()
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for a in cArguments { free(a) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, "/bin/sh", &actions, &attributes, &cArguments, environ)
        for fd in [input[0], output[1], errors[1]] { Glibc.close(fd) }
        guard spawned == 0 else {
            for fd in [input[1], output[0], errors[0]] { Glibc.close(fd) }
            throw .cannotStart(String(cString: strerror(spawned)))
        }
        pid = child
        PolicyProcessGroups.started(child)
        toChild = input[1]
        fromChild = output[0]
        reader = LineReader(fd: output[0])
        let errorFD = errors[0], tail = self.tail
        tailReader = Thread {
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(errorFD, $0.baseAddress, 4096) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                tail.append(Data(chunk[0..<n]))
            }
            Glibc.close(errorFD)
        }
        tailReader.start()
    }

    /// The executable for `program`: a path (relative to `directory`) or a name on `PATH`.
    public static func resolve(_ program: String, in directory: URL) -> URL? {
        let fm = FileManager.default
        if program.contains("/") {
            let url = program.hasPrefix("/") ? URL(fileURLWithPath: program) : directory.appendingPathComponent(program)
            return fm.isExecutableFile(atPath: url.path) ? url : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(program)
            if fm.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    public func send(_ line: String) throws(PolicyChannelError) {
        guard status == nil, writeAll(toChild, line) else { throw .closed(exitDescription()) }
    }

    public func receive(timeout: Double?) throws(PolicyChannelError) -> String {
        guard let line = try reader.readLine(timeout: timeout) else { throw .closed(exitDescription()) }
        return line
    }

    public func send(bytes: UnsafeBufferPointer<UInt8>) throws(PolicyChannelError) {
        guard status == nil, writeAll(toChild, bytes) else { throw .closed(exitDescription()) }
    }

    public func receive<R>(timeout: Double?, _ body: (UnsafeBufferPointer<UInt8>) -> R) throws(PolicyChannelError) -> R {
        guard let result = try reader.withNextLine(timeout: timeout, body) else { throw .closed(exitDescription()) }
        return result
    }

    public var errorTail: String {
        // What it wrote just before it failed may still be on its way.
        Thread.sleep(forTimeInterval: 0.02)
        return tail.text
    }

    public func close(grace: Double) {
        guard status == nil else { return }
        Glibc.close(toChild)
        let deadline = Date().addingTimeInterval(grace)
        while reap(wait: false) == nil, Date() < deadline { Thread.sleep(forTimeInterval: 0.002) }
        if status == nil {
            kill(-pid, SIGKILL)
            _ = reap(wait: true)
        }
        Glibc.close(fromChild)
    }

    /// The exit status once the process ended (waiting for it when `wait`).
    private func reap(wait: Bool) -> Int32? {
        if let status { return status }
        var raw: Int32 = 0
        while true {
            let r = waitpid(pid, &raw, wait ? 0 : WNOHANG)
            if r == pid {
                status = raw
                PolicyProcessGroups.ended(pid)
                return raw
            }
            if r < 0, errno == EINTR { continue }
            return nil
        }
    }

    /// How the process ended, for messages about a closed channel.
    private func exitDescription() -> String {
        // Give a process that is exiting a moment to be reaped.
        for _ in 0..<100 where reap(wait: false) == nil { Thread.sleep(forTimeInterval: 0.002) }
        guard let raw = status else { return "closed its output" }
        let signal = raw & 0x7f
        return signal == 0 ? "exited with status \((raw >> 8) & 0xff)" : "was killed by signal \(signal)"
    }

    deinit { close(grace: 0) }
}

/// The last `limit` bytes a process wrote to its standard error.
final class ErrorTail: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func append(_ data: Data) {
        lock.withLock {
            bytes.append(data)
            if bytes.count > limit { bytes.removeFirst(bytes.count - limit) }
        }
    }

    var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
}

/// The process that started Takt, over Takt's own standard input and output (`takt env`).
public final class StandardIOChannel: PolicyChannel {
    private let reader = LineReader(fd: STDIN_FILENO)

    public init() { signal(SIGPIPE, SIG_IGN) }

    public func send(_ line: String) throws(PolicyChannelError) {
        guard writeAll(STDOUT_FILENO, line) else { throw .closed("closed Takt's standard output") }
    }

    public func receive(timeout: Double?) throws(PolicyChannelError) -> String {
        guard let line = try reader.readLine(timeout: timeout) else { throw .closed("closed Takt's standard input") }
        return line
    }

    public func send(bytes: UnsafeBufferPointer<UInt8>) throws(PolicyChannelError) {
        guard writeAll(STDOUT_FILENO, bytes) else { throw .closed("closed Takt's standard output") }
    }

    public func receive<R>(timeout: Double?, _ body: (UnsafeBufferPointer<UInt8>) -> R) throws(PolicyChannelError) -> R {
        guard let result = try reader.withNextLine(timeout: timeout, body) else { throw .closed("closed Takt's standard input") }
        return result
    }

    public var errorTail: String { "" }

    public func close(grace: Double) {}
}
