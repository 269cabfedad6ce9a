/// A problem in a plant file, located by file, line, column and key path.
public struct PlantFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The plant file (as given by the user).
    public var file: String
    /// 1-based line, or 0 when unknown.
    public var line: Int
    /// 1-based column, or 0 when unknown.
    public var column: Int
    /// Where in the document: `stations[2].process.mean`; empty for the whole file.
    public var keyPath: String
    /// What is wrong, and where possible how to fix it.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int, column: Int, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    /// `file:line:column: key.path: message`, the form editors and CI logs link.
    public var description: String {
        let location = line > 0 ? "\(file):\(line):\(column)" : file
        return keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}

/// Every problem found in one plant file; never empty.
public struct PlantFileErrors: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public var errors: [PlantFileError]

    /// Wraps a non-empty list of problems, in file order, each once (two passes of the reader may find the same one);
    /// problems in another file (a CSV the plant reads) come together, after the problems of the file named first.
    public init(_ errors: [PlantFileError]) {
        var seen = Set<PlantFileError>()
        var rank: [String: Int] = [:]
        for e in errors where rank[e.file] == nil { rank[e.file] = rank.count }
        self.errors = errors.filter { seen.insert($0).inserted }.sorted { (rank[$0.file]!, $0.line, $0.column) < (rank[$1.file]!, $1.line, $1.column) }
    }

    /// One problem per line.
    public var description: String {
        errors.map { "error: \($0)" }.joined(separator: "\n")
    }
}
