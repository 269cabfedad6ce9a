/// Which stored runs a report covers.
public enum ReportSelection: Sendable, Equatable {
    /// The runs of the experiment with this name (its most recently recorded content, if it changed).
    case experiment(String)
    /// These runs, grouped by experiment variant or by `takt run` invocation.
    case runs([Int64])
    /// The most recent `n` runs, grouped the same way.
    case last(Int)
}

/// Why a report cannot be made.
public enum ReportError: Error, CustomStringConvertible, Sendable {
    /// The selection names nothing the store holds (an unknown experiment, run id, an empty store).
    case badInput(String)
    /// The store cannot be read.
    case store(String)

    public var description: String {
        switch self {
        case let .badInput(message), let .store(message): return message
        }
    }
}
