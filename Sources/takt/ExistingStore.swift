import TaktStore
import Foundation

/// Opens the store at `db` for reading what earlier runs wrote; a missing file is bad input, not a new empty store.
func existingStore(_ db: String) throws -> RunStore {
    guard FileManager.default.fileExists(atPath: db) else {
        throw CommandFailure(message: "error: no run store at '\(db)' (run `takt run PLANT` first, or pass --db)", code: .badInput)
    }
    // A store the user may not write (shared read-only, or on read-only media) is still readable.
    return try openStore(db, access: RunStore.canWrite(db) ? .readWrite : .readOnly)
}
