import ArgumentParser
import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant

/// `takt env PLANT --point P --at PLACE`: one replication whose decision site
/// is served by the process that started Takt, over Takt's standard input and
/// output (the takt-policy protocol); for Gymnasium environments.
struct EnvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Serve one decision site to the process that started takt, over standard input and output (for Gymnasium).",
        discussion: """
            Runs one replication. At every decision of the site POINT at PLACE, takt writes a request \
            to its standard output and reads the answer from its standard input, in the takt-policy \
            protocol (docs/policy-protocol.md): a hello first, an end last. Nothing else is written to \
            standard output; a one-line summary goes to standard error. The Python package in python/ \
            (`takt.DecisionEnv`) drives it. Exit code 4 when the other side fails the protocol.
            """
    )

    @Argument(help: "The plant file (YAML).")
    var file: String

    @Option(help: "The decision point (\(DecisionPoints.all.map(\.point).joined(separator: ", "))).")
    var point: String

    @Option(help: "The station, source or fleet where the decisions are made.")
    var at: String

    @OptionGroup var plantChanges: OverrideOptions

    @Option(help: "Seed for the random streams (default: the plant file's, else 1).")
    var seed: UInt64?

    @Option(help: "The replication index (its random streams), 0 by default.")
    var replication: Int = 0

    @OptionGroup var length: RunLengthOptions

    func run() throws {
        var plant = try loadPlant(file, plantChanges)
        let site = try decisionSite(point, at, plant)
        plant.serve(site, with: PolicyBinding(path: "takt env", model: .parent, compareWithTeacher: false))
        var settings = plant.run
        if let seed { settings.seed = seed }
        settings.replications = 1
        settings.auditRate = 0
        try length.apply(to: &settings)
        guard replication >= 0 else { throw CommandFailure(message: "error: --replication must be 0 or more", code: .badInput) }
        let result: ReplicationResult
        do {
            result = try Replication.run(plant, settings: settings, replication: replication)
        } catch {
            throw CommandFailure(message: "error: \(plant.file): \(error)", code: .modelError)
        }
        let note = "takt env: \(point) at \(at), replication \(replication), seed \(settings.seed): \(result.jobsCompleted) jobs completed, "
            + String(format: "%.2f jobs/h", result.throughputPerHour) + "\n"
        Console.error(note)
    }
}
