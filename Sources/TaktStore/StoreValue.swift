import GRDB
import GRDBSQLite

/// A value for one column of a row the store writes, as SQLite keeps it.
///
/// The rows of a run are bound to their cached INSERT statement through
/// these, not through GRDB's `StatementArguments`: boxing every value in an
/// existential and binding it through its protocol was a third of the
/// writer thread's time on short replications (`tools/store-load.sh`).
enum StoreValue {
    case integer(Int64)
    case real(Double)
    case text(String)
    case null

    init(_ value: Int) { self = .integer(Int64(value)) }
    init(_ value: Int64) { self = .integer(value) }
    init(_ value: Double) { self = .real(value) }
    init(_ value: String) { self = .text(value) }
    init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    init(_ value: Int64?) { self = value.map { .integer($0) } ?? .null }
    init(_ value: Double?) { self = value.map { .real($0) } ?? .null }
    init(_ value: String?) { self = value.map { .text($0) } ?? .null }
}

/// The INSERT of rows into one table: `run_id`, then `columns` (the rows a
/// run owns), or `columns` alone (`runs` itself).
///
/// Made once per table (the statement's text too), not per run.
struct RowsInsert: Sendable {
    /// `INSERT INTO table (run_id, columns…) VALUES (?, …)`.
    let sql: String

    /// The insert into `table` of `run_id` (unless `ownedByRun` is false) and `columns`, in the order of each row's values.
    init(table: String, columns: [String], ownedByRun: Bool = true) {
        let all = (ownedByRun ? ["run_id"] : []) + columns
        sql = "INSERT INTO \(table) (\(all.joined(separator: ", "))) VALUES (\(all.map { _ in "?" }.joined(separator: ", ")))"
    }
}

extension Database {
    /// Inserts `rows` (values for `insert`'s columns) as rows of run `runId`, through one cached statement.
    ///
    /// The values are bound with SQLite's own calls on the statement GRDB
    /// prepared and caches (the hot path of `StoreValue`); GRDB still owns the
    /// connection, the transaction and the statement.
    func insert(_ rows: [[StoreValue]], _ insert: RowsInsert, runId: Int64) throws {
        guard !rows.isEmpty else { return }
        let statement = try cachedStatement(sql: insert.sql)
        for row in rows {
            try execute(statement, binding: row, after: .integer(runId))
        }
    }

    /// Runs `statement` once with `first` (when given) and then `values` bound to its parameters in order.
    func execute(_ statement: Statement, binding values: [StoreValue], after first: StoreValue? = nil) throws {
        let handle = statement.sqliteStatement
        let offset: Int32 = first == nil ? 0 : 1
        precondition(Int(offset) + values.count == Int(sqlite3_bind_parameter_count(handle)), "\(Int(offset) + values.count) values for \(statement.sql)")
        sqlite3_reset(handle)
        if let first { try bind(first, at: 1, of: statement) }
        for (i, value) in values.enumerated() { try bind(value, at: offset + Int32(i) + 1, of: statement) }
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else { throw failure(code, statement) }
    }

    /// Binds `value` to parameter `index` (from 1) of `statement`.
    private func bind(_ value: StoreValue, at index: Int32, of statement: Statement) throws {
        let handle = statement.sqliteStatement
        let code: Int32
        switch value {
        case .integer(let v): code = sqlite3_bind_int64(handle, index, v)
        case .real(let v): code = sqlite3_bind_double(handle, index, v)
        case .null: code = sqlite3_bind_null(handle, index)
        case .text(let v): code = sqlite3_bind_text(handle, index, v, Int32(v.utf8.count), storeTransient)
        }
        guard code == SQLITE_OK else { throw failure(code, statement) }
    }

    /// The error SQLite reports for `code` on this connection, as GRDB gives its errors.
    private func failure(_ code: Int32, _ statement: Statement) -> DatabaseError {
        let message = sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
}

/// SQLite copies a text bound with this destructor before the call returns.
private let storeTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
