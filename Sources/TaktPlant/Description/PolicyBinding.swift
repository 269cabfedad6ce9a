import TaktPolicy

/// What serves a decision point as the plant file names it: a model file,
/// or a program answering over the takt-policy protocol.
public struct PolicyBinding: Sendable, Equatable {
    /// Where the decisions come from.
    public enum Model: Sendable, Equatable {
        /// A model file (`takt train`, `takt quantize`, `takt policy import`).
        case file(PolicyFile)
        /// A process Takt starts per replication, or per run when it answers in batches (docs/policy-protocol.md).
        case process(PolicyCommand)
        /// The process that started Takt, over its standard input and output (`takt env`).
        case parent
    }

    /// The path (or the command) as written in the plant file.
    public var path: String
    public var model: Model
    /// Also ask the teacher (the oracle) at every decision, to report agreement.
    public var compareWithTeacher: Bool

    /// The model file, when a file serves the point.
    public var file: PolicyFile? {
        if case let .file(file) = model { return file }
        return nil
    }

    /// How summaries name it: a file's precision and path, or the command.
    public var name: String {
        switch model {
        case let .file(file): "\(file.network.precision.rawValue) policy \(path)"
        case let .process(command): command.batch.map { "process \(path), in batches of up to \($0)" } ?? "process \(path)"
        case .parent: "the env process"
        }
    }

    public init(path: String, model: Model, compareWithTeacher: Bool) {
        self.path = path
        self.model = model
        self.compareWithTeacher = compareWithTeacher
    }

    public init(path: String, file: PolicyFile, compareWithTeacher: Bool) {
        self.init(path: path, model: .file(file), compareWithTeacher: compareWithTeacher)
    }
}

/// A program serving a decision point: its command line, the folder it runs
/// in (the plant file's), how long it may take to answer (wall clock), what
/// decides for the rest of the replication if it fails, and whether one
/// process answers many replications' requests in batches.
public struct PolicyCommand: Sendable, Equatable {
    /// What decides after the process failed (nil: the failure ends the run).
    public enum Fallback: Sendable, Equatable {
        /// The teacher.
        case oracle
        /// A model file, with its path as written.
        case policy(path: String, file: PolicyFile)
    }

    public var command: [String]
    public var directory: String
    public var timeout: Double
    public var fallback: Fallback?
    /// The most replications one process serves at once, their requests sent
    /// together (nil: one process per replication, one request at a time).
    public var batch: Int?

    public static let defaultTimeout = 10.0
    /// The largest `batch` a plant may ask for.
    public static let largestBatch = 1024

    public init(command: [String], directory: String, timeout: Double = PolicyCommand.defaultTimeout, fallback: Fallback? = nil,
                batch: Int? = nil) {
        self.command = command
        self.directory = directory
        self.timeout = timeout
        self.fallback = fallback
        self.batch = batch
    }
}
