import ArgumentParser
import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktStore

/// `takt run FILE`: simulate a plant and store every replication.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a plant file and store the results.",
        discussion: """
            Options override the plant file's `run:` settings. Each replication is \
            stored as one row of `runs` in the SQLite store as soon as it completes.
            """
    )

    @Argument(help: "The plant file (YAML).")
    var file: String

    @Option(help: "Base seed for the random streams (default: the plant file's, else 1).")
    var seed: UInt64?

    @OptionGroup var length: RunLengthOptions

    @OptionGroup var plantChanges: OverrideOptions

    @Option(help: "Number of independent replications.")
    var replications: Int?

    @OptionGroup var workers: ThreadOptions

    @OptionGroup var runStore: StoreWriteOptions

    @Option(help: "Share of decisions written to the decision audit trail, 0…1 (default: the plant file's, else 0.01).")
    var auditRate: Double?

    @Option(help: "Write a trace of every event of replication 0 to this file (check it later with `takt verify`).")
    var trace: String?

    @Flag(help: "Print one JSON object instead of the human summary.")
    var json = false

    func run() throws {
        let plant = try loadPlant(file, plantChanges)
        var settings = try effectiveSettings(plant.run)
        let warmupRule = length.automaticWarmup ? try AutomaticWarmup.choose(for: plant, settings: &settings) : nil
        let store: RunStore? = try runStore.open()
        let writer = StoreWriter(store: store, plant: plant, settings: settings, version: Takt.version)
        let started = ContinuousClock.now
        let progress = Progress(total: settings.replications, label: "replications")
        var traceWriter: TraceWriter?
        if let trace {
            do {
                traceWriter = try TraceWriter(path: trace, plant: plant, settings: settings, replication: 0, changes: plantChanges.overrides)
            } catch {
                throw CommandFailure.cannotWrite(trace, option: "--trace", error)
            }
        }
        let tracer = traceWriter
        let results: [ReplicationResult]
        do {
            defer { progress.finish() }
            results = try ReplicationRunner.run(plant, settings: settings, threads: try workers.count(),
                                                observer: tracer, periods: settings.replications == 1) { result in
                writer.write(result)
                progress.advance()
            }
        } catch {
            try? tracer?.close()  // the events up to the failure
            let kept = writer.storedIDs.isEmpty ? "" : "\n\(writer.storedIDs.count) replication(s) that completed were stored in \(runStore.db)."
            throw CommandFailure(message: "error: \(plant.file): \(error)\(kept)", code: .modelError)
        }
        // A trace that cannot be finished (a full disk) fails the command after the results are out: they are not lost to it.
        var traceFailure: CommandFailure?
        if let tracer, let trace {
            do {
                try tracer.close()
                Console.error("traced \(tracer.count) events of replication 0 to \(trace) (check it with `takt verify \(trace.shellQuoted)`)\n")
            } catch {
                traceFailure = CommandFailure(message: "error: --trace: cannot finish \(trace): \(whyNotWritable(trace, error))", code: .badInput)
            }
        }
        let wall = (ContinuousClock.now - started).inSeconds
        var summary = RunSummary(plant: plant, settings: settings, results: results, version: Takt.version, wallSeconds: wall)
        summary.warmupRule = warmupRule
        summary.storedRunIDs = writer.storedIDs.sorted()
        if json {
            print(try summary.jsonText())
        } else {
            print(HumanSummary.render(summary, storedIDs: writer.storedIDs, storePath: store?.path))
        }
        if let failure = writer.failure {
            if let traceFailure { Console.error(traceFailure.message + "\n") }
            throw CommandFailure(message: "error: \(failure)\n\(writer.storedIDs.count) of \(results.count) replications were stored before the failure.", code: .storeError)
        }
        if let traceFailure { throw traceFailure }
    }

    /// The plant file's run settings with the command-line overrides applied.
    func effectiveSettings(_ base: RunSettings) throws -> RunSettings {
        var settings = base
        if let seed {
            // The store keeps seeds as SQLite integers, as plant files take them: 0…2⁶³−1.
            guard seed <= UInt64(Int64.max) else {
                throw CommandFailure(message: "error: --seed must be in 0…\(Int64.max), as in a plant file's run: seed, got \(seed)", code: .badInput)
            }
            settings.seed = seed
        }
        if let auditRate {
            guard (0...1).contains(auditRate) else { throw CommandFailure(message: "error: --audit-rate must be in 0…1, got \(auditRate)", code: .badInput) }
            settings.auditRate = auditRate
        }
        if let replications {
            guard (1...100_000).contains(replications) else {
                throw CommandFailure(message: "error: --replications must be in 1…100000, got \(replications)", code: .badInput)
            }
            settings.replications = replications
        }
        _ = try workers.count()
        try length.apply(to: &settings, allowsAutomaticWarmup: true)
        return settings
    }
}

/// Loads a plant file with `overrides` applied, turning its errors into a bad-input failure.
func loadPlant(_ path: String, _ overrides: OverrideOptions? = nil) throws -> PlantDescription {
    let changes = try overrides?.parsed() ?? []
    do {
        return try PlantLoader.load(path: path, overrides: changes)
    } catch {
        throw CommandFailure(message: error.description, code: .badInput)
    }
}

/// Opens the run store, turning its errors into a store failure.
func openStore(_ path: String, access: RunStore.Access = .readWrite) throws -> RunStore {
    do {
        return try RunStore(path: path, access: access)
    } catch {
        throw CommandFailure(message: "error: \(error)", code: .storeError)
    }
}

/// Parses a duration option such as `30d`.
func parseDuration(_ text: String, option: String) throws -> Double {
    do {
        return try DurationText.seconds(text)
    } catch {
        throw CommandFailure(message: "error: \(option): \(error.message)", code: .badInput)
    }
}
