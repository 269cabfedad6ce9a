import Foundation
import TaktKernel
import TaktPlant
import TaktStore

/// Writes each completed replication to the run store as it arrives.
///
/// Called from worker threads (serialized by the runner). After the first
/// failure it stops writing and remembers the error; runs already written stay.
final class StoreWriter: @unchecked Sendable {
    private let store: RunStore?
    private let plant: PlantDescription
    private let settings: RunSettings
    private let version: String
    private let batch = UUID().uuidString.lowercased()
    private let lock = NSLock()
    private var ids: [Int64] = []
    private var firstFailure: StoreError?
    private let experimentID: Int64?
    private let variant: String?

    init(store: RunStore?, plant: PlantDescription, settings: RunSettings, version: String, experimentID: Int64? = nil, variant: String? = nil) {
        self.store = store
        self.plant = plant
        self.settings = settings
        self.version = version
        self.experimentID = experimentID
        self.variant = variant
    }

    /// Ids of the runs written so far, in completion order.
    var storedIDs: [Int64] { lock.withLock { ids } }

    /// The first write error, if any.
    var failure: StoreError? { lock.withLock { firstFailure } }

    func write(_ result: ReplicationResult) {
        guard let store else { return }
        lock.lock(); defer { lock.unlock() }
        guard firstFailure == nil else { return }
        let finished = Date()
        let started = finished.addingTimeInterval(-result.wallSeconds)
        let run = RunRecord(
            batch: batch, startedAt: Self.iso(started), finishedAt: Self.iso(finished),
            plantName: plant.name, plantPath: plant.file, plantHash: plant.contentHash,
            seed: Int64(bitPattern: settings.seed), replication: result.replication, taktVersion: version,
            durationS: Ticks.seconds(settings.duration), warmupS: Ticks.seconds(settings.warmup),
            wallSeconds: result.wallSeconds, events: result.events, experimentId: experimentID, variant: variant,
            taktS: plant.takt.map(Ticks.seconds))
        do {
            ids.append(try store.record(result, of: plant, as: run))
        } catch {
            firstFailure = error
        }
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
