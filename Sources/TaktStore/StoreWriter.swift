import Foundation
import TaktKernel
import TaktPlant

/// Writes each completed replication to the run store as it arrives, as a
/// run of one batch (one per command), with its plant, seed and settings.
///
/// `write` hands the result to a writer thread and returns: the worker that
/// finished the replication goes on to the next one while the store writes
/// this one. The writer gathers what finishes within `gathering` (at most
/// `batchLimit` results) and writes them in one transaction: one commit
/// writes the pages the runs share once, which made the store 12% of a
/// run of short replications when each had its own. A run is only ever
/// stored whole; a killed process loses the results gathered and not yet
/// committed, which `--resume` runs again. At most `backlog` results wait; a
/// worker that finds the backlog full waits for room, so memory stays
/// bounded when the store is slower than the simulation. Reading `storedIDs`
/// or `failure` first waits until every result handed over is written, and
/// copies it from the write-ahead log into the store's file.
/// After the first failure nothing more is written and the error is kept;
/// runs already written stay. Without a store nothing is written (`--no-db`).
public final class StoreWriter: @unchecked Sendable {
    private let store: RunStore?
    private let plant: PlantDescription
    private let settings: RunSettings
    private let version: String
    private let batch = UUID().uuidString.lowercased()
    private let experimentID: Int64?
    private let variant: String?

    /// Guards everything below; signalled when a result is handed over or written.
    private let condition = NSCondition()
    /// Results handed over and not yet written, with the time each finished.
    private var waiting: [(result: ReplicationResult, finished: Date)] = []
    /// Whether the writer thread is writing results it has taken from `waiting`.
    private var writing = false
    /// Whether a reader waits for everything to be written: the writer gathers no more.
    private var flushing = false
    /// Whether a writer thread runs (it ends after a second without work).
    private var threadRuns = false
    private var ids: [Int64] = []
    /// How many of `ids` the store's file holds (checkpointed from the write-ahead log).
    private var checkpointed = 0
    private var firstFailure: StoreError?

    /// The most results that wait to be written.
    static let backlog = 64
    /// The most results written in one transaction.
    static let batchLimit = 32
    /// How long the writer waits for more results before it writes what it has, seconds.
    static let gathering: TimeInterval = 0.02

    public init(store: RunStore?, plant: PlantDescription, settings: RunSettings, version: String, experimentID: Int64? = nil, variant: String? = nil) {
        self.store = store
        self.plant = plant
        self.settings = settings
        self.version = version
        self.experimentID = experimentID
        self.variant = variant
    }

    /// Ids of the runs written, in completion order, once every result handed over is written.
    public var storedIDs: [Int64] { drained { ids } }

    /// The first write error, if any, once every result handed over is written.
    public var failure: StoreError? { drained { firstFailure } }

    /// Hands `result` to the writer thread, which writes it as one run (in one transaction with what finished with it).
    public func write(_ result: ReplicationResult) {
        guard store != nil else { return }
        let finished = Date()
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= Self.backlog { condition.wait() }
        guard firstFailure == nil else { return }
        waiting.append((result, finished))
        // Wake the writer for the first result and for a full batch only: woken for
        // every result, it took a core from the simulation thousands of times a second.
        if waiting.count == 1 || waiting.count >= Self.batchLimit { condition.broadcast() }
        if !threadRuns {
            threadRuns = true
            let thread = Thread { [self] in writeWaiting() }
            thread.name = "takt-store-writer"
            thread.start()
        }
    }

    /// `body`'s value once nothing waits to be written and nothing is being
    /// written, and what was written is in the store's file (`RunStore.checkpoint`).
    private func drained<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        flushing = true
        condition.broadcast()
        while !waiting.isEmpty || writing { condition.wait() }
        flushing = false
        if ids.count > checkpointed {
            store?.checkpoint()
            checkpointed = ids.count
        }
        return body()
    }

    /// The writer thread: writes waiting results in the order they came, in
    /// batches, until none has come for a second.
    private func writeWaiting() {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if waiting.isEmpty, !condition.wait(until: Date().addingTimeInterval(1)), waiting.isEmpty {
                threadRuns = false
                return
            }
            guard !waiting.isEmpty else { continue }
            let deadline = Date().addingTimeInterval(Self.gathering)
            while waiting.count < Self.batchLimit, !flushing, condition.wait(until: deadline) {}
            let batch = Array(waiting.prefix(Self.batchLimit))
            waiting.removeFirst(batch.count)
            writing = true
            condition.unlock()
            let (written, error) = record(batch)
            condition.lock()
            writing = false
            ids += written
            if let error {
                if firstFailure == nil { firstFailure = error }
                waiting.removeAll()
            }
            condition.broadcast()
        }
    }

    /// Writes `batch` in one transaction; when that fails, one run at a time,
    /// so every run the store can take is kept. Returns the ids written and
    /// the first error.
    private func record(_ batch: [(result: ReplicationResult, finished: Date)]) -> (ids: [Int64], error: StoreError?) {
        guard let store else { preconditionFailure("a writer without a store is handed nothing") }
        let runs = batch.map { ($0.result, run(of: $0.result, finished: $0.finished)) }
        do throws(StoreError) {
            return (try store.record(runs), nil)
        } catch where runs.count == 1 {
            return ([], error)
        } catch {
            var ids: [Int64] = []
            for one in runs {
                do throws(StoreError) {
                    ids.append(try store.record(one.0, as: one.1))
                } catch {
                    return (ids, error)
                }
            }
            return (ids, nil)
        }
    }

    /// The run row of `result`, which finished at `finished`.
    private func run(of result: ReplicationResult, finished: Date) -> RunRecord {
        RunRecord(
            batch: batch, startedAt: Self.iso(finished.addingTimeInterval(-result.wallSeconds)), finishedAt: Self.iso(finished),
            plantName: plant.name, plantPath: plant.file, plantHash: plant.contentHash,
            seed: Int64(bitPattern: settings.seed), replication: result.replication, taktVersion: version,
            durationS: Ticks.seconds(settings.duration), warmupS: Ticks.seconds(settings.warmup),
            wallSeconds: result.wallSeconds, events: result.events, experimentId: experimentID, variant: variant,
            taktS: plant.takt.map(Ticks.seconds))
    }

    /// `date` in ISO 8601, UTC, with milliseconds (`2026-12-05T21:30:07.592Z`).
    public static func iso(_ date: Date) -> String { date.formatted(isoFormat) }

    /// A value type, so threads share it; making an `ISO8601DateFormatter` per
    /// run took a tenth of a short replication.
    private static let isoFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
