import ArgumentParser
import Foundation
import TaktKernel
import TaktPlant

/// `takt verify TRACE`: re-run a traced replication and report the first event that differs.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-run a traced replication and report the first event where the run departs from the trace.",
        discussion: """
            Reads the plant path, seed, replication, duration and warm-up from the \
            trace (written by `takt run --trace`), runs that replication again and \
            compares every event (time, kind, object, job) as it happens; the run's \
            --set changes, which the trace names, are applied again. Exit codes: \
            0 the run matches the trace; 1 it departs from it (the first difference \
            is printed); 2 bad input (no trace, a damaged trace: cut short or failing \
            its checksum, a plant that cannot be read); 4 the plant cannot be \
            simulated to the end.
            """
    )

    @Argument(help: "The trace file.")
    var trace: String

    @Option(help: "Run this plant file instead of the one named in the trace (e.g. a changed copy).")
    var plant: String?

    @OptionGroup var plantChanges: OverrideOptions

    func run() throws {
        let reader: TraceReader
        do {
            reader = try TraceReader(path: trace)
        } catch {
            throw CommandFailure(message: "error: \(error)", code: .badInput)
        }
        let header = reader.header
        if plant == nil, !FileManager.default.fileExists(atPath: header.plantPath) {
            throw CommandFailure(message: "error: \(trace): the trace's plant, \(header.plantPath), is not there: the path is as `takt run` was given it, "
                + "from the folder it ran in; run takt verify from there, or name the plant with --plant", code: .badInput)
        }
        // A trace names the --set changes its run was given (version 3): applied again, unless others are given here.
        var changes = plantChanges
        if changes.overrides.isEmpty { changes.overrides = header.changes }
        let description = try loadPlant(plant ?? header.plantPath, changes)
        if description.contentHash != header.plantHash {
            // The hash covers --set changes: a run with them is verified with the same ones.
            let what = changes.overrides.isEmpty ? "has changed since the trace was written" : "with these --set changes is not the plant the trace was written with"
            let hint = changes.overrides.isEmpty && header.version < 3 ? "; if the run was given --set changes, give takt verify the same" : ""
            print("note: \(description.file) \(what) (plant hash \(description.contentHash.prefix(12))…, traced \(header.plantHash.prefix(12))…)\(hint)")
        }
        let verifier = TraceVerifier(reader: reader)
        var settings = description.run
        settings.seed = header.seed
        settings.duration = header.duration
        settings.warmup = header.warmup
        settings.replications = header.replication + 1
        do {
            _ = try Replication.run(description, settings: settings, replication: header.replication, observer: verifier)
        } catch {
            if verifier.difference == nil, verifier.damage == nil {
                throw CommandFailure(message: "error: \(description.file): \(error)", code: .modelError)
            }
        }
        verifier.finish()
        if let damage = verifier.damage {
            throw CommandFailure(message: "error: \(trace): \(damage) (after \(verifier.matched) matching events)", code: .badInput)
        }
        guard let (index, traced, actual) = verifier.difference else {
            print("ok: \(verifier.matched) events of replication \(header.replication) match \(trace)")
            return
        }
        let message = """
            \(trace): the run departs from the trace at event \(index) (after \(verifier.matched) matching events)
              trace: \(traced.map { describe($0, description) } ?? "(the trace ends here)")
              run:   \(actual.map { describe($0, description) } ?? "(the run ends here)")
            """
        throw CommandFailure(message: message, code: .regression)
    }

    /// A record with its object named from the plant where possible.
    func describe(_ r: TraceRecord, _ plant: PlantDescription) -> String {
        let servers = plant.stations.flatMap { s in (0..<s.servers).map { "\(s.name)#\($0)" } }
        let robots = plant.stations.flatMap { $0.robots?.names ?? [] }
        let names: [String]
        switch r.kind {
        case 0: names = plant.sources.map(\.name)
        case 1, 2, 3: names = servers
        case 6, 7: names = robots
        case 8, 11: names = plant.stations.map(\.name)
        case 9, 10: names = plant.fleets.map(\.name)
        default: names = []
        }
        let object = names.indices.contains(Int(r.object)) ? " (\(names[Int(r.object)]))" : ""
        return r.description + object
    }
}
