import ArgumentParser
import Foundation
import TaktKernel
import TaktPlant

/// `takt validate FILE...`: check plant files without running them.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check plant and experiment files and report every problem with file:line:column.",
        discussion: """
            A file with an `experiment:`, `variants:` or `sweep:` key is an experiment: \
            its base plant and every variant are checked. Exits with 0 when every file \
            is valid, 2 otherwise.
            """
    )

    @Argument(help: "Plant or experiment files (YAML).")
    var files: [String]

    func run() throws {
        var invalid = 0
        for file in files {
            do {
                switch try ExperimentLoader.loadPlantOrExperiment(path: file) {
                case .experiment(let experiment):
                    print("ok: \(file): experiment '\(experiment.name)', \(experiment.variants.count) variant(s) of \(experiment.variants[0].plant.file), baseline '\(experiment.baseline)'")
                case .plant(let plant):
                    let servers = plant.stations.reduce(0) { $0 + $1.servers }
                    let robots = plant.stations.reduce(0) { $0 + ($1.robots?.names.count ?? 0) }
                    print("ok: \(file): plant '\(plant.name)', \(plant.sources.count) source(s), \(plant.stations.count) station(s) with \(servers) server(s)"
                        + (robots > 0 ? " and \(robots) robot(s)" : "") + ", \(plant.sinks.count) sink(s)")
                }
            } catch {
                invalid += 1
                Console.error(error.description + "\n")
            }
        }
        if invalid > 0 {
            throw CommandFailure(message: "\(invalid) of \(files.count) file(s) invalid", code: .badInput)
        }
    }
}
