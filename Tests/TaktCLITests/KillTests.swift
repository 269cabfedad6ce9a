import Foundation
import TaktKernel
import TaktStore
import TaktTestSupport
import Testing

/// SIGKILL at random and at chosen points of a run's life: the store opens
/// afterwards, holds only whole replications, and `takt compare --resume`
/// completes to output byte-identical to an uninterrupted run.
@Suite("Killed runs", .serialized)
struct KillTests {
    let experiment = Repository.path("Plants/experiments/faster-server.yaml")
    let plant = Repository.path("Plants/validation/mm1.yaml")

    /// The reference: the comparison run once, uninterrupted; its output, its store's figures per run, and how long it took.
    struct Reference {
        var output: String
        var figures: [String: [String: Double?]]
        var seconds: Double
    }

    /// Each stored run's metrics, keyed by variant (or plant) and replication.
    func figures(_ db: String) throws -> [String: [String: Double?]] {
        let store = try RunStore(path: db)
        var out: [String: [String: Double?]] = [:]
        for run in try store.recentRuns(limit: 10_000) {
            let key = "\(run.variant ?? run.plantName)/\(run.seed)/\(run.replication)"
            #expect(out[key] == nil, "\(key) stored twice")
            out[key] = Dictionary(uniqueKeysWithValues: try store.metrics(runID: try #require(run.id)).map { ($0.name, $0.value) })
            #expect(try store.stations(runID: try #require(run.id)).count == 1, "\(key) lacks its station row")
        }
        return out
    }

    func reference() throws -> Reference {
        let db = try CLI.temporaryDirectory().appendingPathComponent("reference.sqlite").path
        let start = Date()
        let outcome = try CLI.run(["compare", experiment, "--db", db, "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return Reference(output: outcome.stdout, figures: try figures(db), seconds: Date().timeIntervalSince(start))
    }

    /// Starts `arguments`, kills it with SIGKILL after `delay` seconds (if still running); true if it was killed.
    func killed(_ arguments: [String], after delay: Double, environment: [String: String] = [:]) throws -> Bool {
        try kill(arguments, after: delay, environment: environment).killed
    }

    /// Starts `arguments` and kills it with SIGKILL after `delay` seconds if it is still running:
    /// whether it was killed, and the seconds it ran.
    func kill(_ arguments: [String], after delay: Double, environment: [String: String] = [:]) throws -> (killed: Bool, seconds: Double) {
        let process = CLI.process(arguments, environment: environment)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = Date()
        try process.run()
        let deadline = start.addingTimeInterval(delay)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: min(0.002, delay)) }
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return (process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL, Date().timeIntervalSince(start))
    }

    /// After a kill: every stored run is whole and equals the reference's; resuming gives the reference's output byte for byte.
    func expectRecovers(_ db: String, _ reference: Reference, trial: String) throws {
        if FileManager.default.fileExists(atPath: db) {
            for (key, metrics) in try figures(db) {
                #expect(metrics == reference.figures[key], "\(trial): \(key) is not whole or differs")
            }
        }
        let resumed = try CLI.run(["compare", experiment, "--db", db, "--resume", "--json"])
        #expect(resumed.status == 0, "\(trial): \(resumed.stderr)")
        #expect(resumed.stdout == reference.output, "\(trial): the resumed comparison differs")
        #expect(try figures(db) == reference.figures, "\(trial): the resumed store differs")
    }

    @Test("24 comparisons and 8 runs killed at random points of their life (seeded): stores stay whole, --resume completes byte-identical")
    func randomKills() throws {
        let reference = try reference()
        var random = RandomStream(seed: 20_261_205, replication: 0, name: "kill points")
        var killedCount = 0
        // How long a comparison runs, kept current: on a busy machine the reference's time may be far from the next run's.
        var runSeconds = reference.seconds
        for trial in 0..<24 {
            let db = try CLI.temporaryDirectory().appendingPathComponent("killed.sqlite").path
            // A third of the kills land in the first 50 ms (start-up, store creation, migration), the rest anywhere in the run.
            let delay = trial % 3 == 0 ? random.nextUnit() * 0.05 : random.nextUnit() * runSeconds * 1.1
            let outcome = try kill(["compare", experiment, "--db", db], after: delay)
            if outcome.killed { killedCount += 1 } else { runSeconds = min(runSeconds, outcome.seconds) }
            try expectRecovers(db, reference, trial: "compare trial \(trial), killed after \(delay) s")
        }
        #expect(killedCount >= 18, "only \(killedCount) of 24 comparisons were still running when killed")
        for trial in 0..<8 {
            let db = try CLI.temporaryDirectory().appendingPathComponent("run.sqlite").path
            let delay = random.nextUnit() * reference.seconds * 0.6
            _ = try killed(["run", plant, "--db", db, "--replications", "8", "--duration", "5d", "--warmup", "1d"], after: delay)
            if FileManager.default.fileExists(atPath: db) {
                let stored = try figures(db)
                #expect(stored.count <= 8)
                #expect(Set(stored.values.map(\.count)).count <= 1, "run trial \(trial): runs with different numbers of metrics")
            }
            let again = try CLI.run(["run", plant, "--db", db, "--replications", "2", "--duration", "1d", "--warmup", "1h"])
            #expect(again.status == 0, "run trial \(trial): \(again.stderr)")
        }
    }

    @Test("Killed inside the schema migration and inside a run's write transaction: nothing half-written, --resume completes byte-identical")
    func killsInsideTransactions() throws {
        let reference = try reference()
        for (hook, value) in [("TAKT_TEST_KILL_IN_MIGRATION", 1), ("TAKT_TEST_KILL_IN_MIGRATION", 7), ("TAKT_TEST_KILL_IN_MIGRATION", 14),
                              ("TAKT_TEST_KILL_IN_WRITE", 1), ("TAKT_TEST_KILL_IN_WRITE", 5), ("TAKT_TEST_KILL_IN_WRITE", 16)] {
            let db = try CLI.temporaryDirectory().appendingPathComponent("killed.sqlite").path
            let wasKilled = try killed(["compare", experiment, "--db", db, "--threads", "1"], after: 30, environment: [hook: "\(value)"])
            #expect(wasKilled, "\(hook)=\(value) did not kill the process")
            let stored = try figures(db)
            if hook == "TAKT_TEST_KILL_IN_WRITE" {
                // Finished runs are written in batches, one transaction each (RunStore.record): the kill in the
                // k-th run's write rolls back its whole batch, so fewer than k runs stay, each whole (checked below).
                // How many depends on how many runs finished while the store was busy, so only the bound is fixed.
                #expect(stored.count < value, "\(hook)=\(value): \(stored.count) runs stored")
            } else {
                #expect(stored.isEmpty)
            }
            try expectRecovers(db, reference, trial: "\(hook)=\(value)")
        }
    }
}
