import Foundation

/// Runs the built `takt` executable, for end-to-end tests.
public enum CLI {
    /// What a finished command left behind.
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The `takt` binary next to the test bundle (built by `swift test`).
    public static let binary: URL = {
        var candidates: [URL] = []
        if let arg0 = CommandLine.arguments.first {
            var dir = URL(fileURLWithPath: arg0).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("takt"))
                dir.deleteLastPathComponent()
            }
        }
        candidates.append(Repository.root.appendingPathComponent(".build/debug/takt"))
        for url in candidates where FileManager.default.isExecutableFile(atPath: url.path) { return url }
        fatalError("takt binary not found; looked in \(candidates.map(\.path))")
    }()

    /// A `takt` process, not yet started, with `arguments` in `directory` and
    /// `environment` added to this process's.
    public static func process(_ arguments: [String], in directory: URL = Repository.root, environment: [String: String] = [:]) -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        return process
    }

    /// Runs `takt` with `arguments` in `directory`, with `environment` added to this
    /// process's; waits for it to exit.
    public static func run(_ arguments: [String], in directory: URL = Repository.root, environment: [String: String] = [:]) throws -> Outcome {
        try outcome(of: process(arguments, in: directory, environment: environment))
    }

    /// Starts `process` with its output in pipes and waits for it to exit.
    public static func outcome(of process: Process) throws -> Outcome {
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts one `takt` per argument list, all at once, and waits for every one;
    /// outcomes in the order of `argumentLists`.
    public static func runConcurrently(_ argumentLists: [[String]], in directory: URL = Repository.root) throws -> [Outcome] {
        let outputs = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: outputs) }
        var started: [(process: Process, out: URL, err: URL)] = []
        for (i, arguments) in argumentLists.enumerated() {
            let process = process(arguments, in: directory)
            // Files, not pipes: nobody reads while all of them run.
            let out = outputs.appendingPathComponent("\(i).out"), err = outputs.appendingPathComponent("\(i).err")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            FileManager.default.createFile(atPath: err.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            started.append((process, out, err))
        }
        for run in started { try run.process.run() }
        return try started.map { run in
            run.process.waitUntilExit()
            return Outcome(status: run.process.terminationStatus,
                           stdout: String(decoding: try Data(contentsOf: run.out), as: UTF8.self),
                           stderr: String(decoding: try Data(contentsOf: run.err), as: UTF8.self))
        }
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("takt-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
