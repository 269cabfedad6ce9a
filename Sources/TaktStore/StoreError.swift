import GRDB

/// A failure of the run store, with SQLite's result code when there is one.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// The database file.
    public var path: String
    /// What went wrong.
    public var message: String
    /// SQLite's extended result code, if the error came from SQLite.
    public var sqliteCode: Int32?

    /// Wraps an error raised while working on the store at `path`.
    public init(path: String, action: String, error: Error) {
        self.path = path
        if let db = error as? DatabaseError {
            sqliteCode = db.extendedResultCode.rawValue
            message = "\(action): \(db.message ?? "\(db.resultCode)") (SQLite code \(db.extendedResultCode.rawValue))"
        } else if let own = error as? StoreError {
            sqliteCode = own.sqliteCode
            message = own.message
        } else {
            sqliteCode = nil
            message = "\(action): \(error)"
        }
    }

    /// A store error without an underlying error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
        sqliteCode = nil
    }

    public var description: String { "run store \(path): \(message)" }
}
