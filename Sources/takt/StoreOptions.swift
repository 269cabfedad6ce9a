import ArgumentParser
import TaktStore

/// `--db` and `--no-db` for commands that write runs to the store.
struct StoreWriteOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "The SQLite run store (default: takt.sqlite; created if missing; any number of takt processes may write one).")
    var dbOption: String?

    @Flag(help: "Do not store the runs.")
    var noDb = false

    /// The store's path.
    var db: String { dbOption ?? "takt.sqlite" }

    func validate() throws {
        if noDb, let dbOption { throw ValidationError("--no-db and --db \(dbOption) contradict each other: give one") }
    }

    /// Opens (creating if needed) the store; nil with `--no-db`.
    func open() throws -> RunStore? {
        noDb ? nil : try openStore(db)
    }
}

/// `--db` for commands that read what earlier runs stored.
struct StoreReadOptions: ParsableArguments {
    @Option(help: "The SQLite run store to read (read-only stores are fine).")
    var db: String = "takt.sqlite"

    /// Opens the existing store; a missing file is bad input.
    func open() throws -> RunStore {
        try existingStore(db)
    }
}
