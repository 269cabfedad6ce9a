import GRDB

/// One schema change, applied once to each store.
struct Migration: Sendable {
    /// The name recorded in the store once the change is applied (never change it after it ships).
    let identifier: String
    /// The change, in SQL.
    let apply: @Sendable (Database) throws -> Void

    init(_ identifier: String, apply: @escaping @Sendable (Database) throws -> Void) {
        self.identifier = identifier
        self.apply = apply
    }
}

extension Schema {
    /// The table that records applied migrations; its name and layout are those
    /// GRDB's migrator used, so stores written by earlier versions of Takt open as they are.
    static let appliedTable = "grdb_migrations"

    /// Brings the store up to date: all migrations, or those up to and including `target`.
    ///
    /// Safe when any number of processes open one new store at once: the
    /// applied migrations are read and the missing ones applied in one
    /// `BEGIN IMMEDIATE` transaction, so a second process waits (busy timeout)
    /// for the first to commit and then finds nothing left to do. A store that
    /// is already up to date is only read, so read-only stores open.
    /// Identifiers the store holds but this version does not know (a newer
    /// Takt wrote it) are left alone.
    static func migrate(_ queue: DatabaseQueue, upTo target: String? = nil) throws {
        var wanted = migrations
        if let target, let last = migrations.firstIndex(where: { $0.identifier == target }) {
            wanted = Array(migrations[...last])
        }
        if try queue.read({ db in try pending(wanted, in: db).isEmpty }) { return }
        try queue.writeWithoutTransaction { db in
            // SQLite ignores this pragma inside a transaction: set it first, as ALTER TABLE advises.
            let foreignKeys = try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { if foreignKeys { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
            try db.inTransaction(.immediate) {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS \(appliedTable) (identifier TEXT NOT NULL PRIMARY KEY)")
                for (i, migration) in try pending(wanted, in: db).enumerated() {
                    try migration.apply(db)
                    try db.execute(sql: "INSERT INTO \(appliedTable) (identifier) VALUES (?)", arguments: [migration.identifier])
                    FaultInjection.afterMigration(i + 1)
                }
                try db.checkForeignKeys()
                return .commit
            }
        }
    }

    /// The identifiers of the migrations the store has not applied, in order.
    static func pendingMigrations(_ queue: DatabaseQueue) throws -> [String] {
        try queue.read { db in try pending(migrations, in: db).map(\.identifier) }
    }

    /// The migrations of `wanted` the store has not applied, in order.
    private static func pending(_ wanted: [Migration], in db: Database) throws -> [Migration] {
        guard try db.tableExists(appliedTable) else { return wanted }
        let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM \(appliedTable)"))
        return wanted.filter { !applied.contains($0.identifier) }
    }
}
