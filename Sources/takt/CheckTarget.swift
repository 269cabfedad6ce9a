import Foundation
import TaktExperiment
import TaktPlant

/// The plant `takt check` and `takt baseline update` run: a plant file, or
/// one variant of an experiment file (its base plant with the variant's
/// overrides; the experiment's own `run:` settings do not apply).
struct CheckTarget {
    var plant: PlantDescription
    /// The file given, and how to name the plant in output: `xiaomi-ev (Plants/xiaomi-ev.yaml)`,
    /// `xiaomi-ev, variant 'slow-paint' of experiment paint-check (exp.yaml)`.
    var file: String
    var title: String

    /// Loads `path` with the command line's `--set` changes; `variant` picks an experiment's variant (default: its baseline variant).
    static func load(_ path: String, variant: String?, changes: OverrideOptions) throws -> CheckTarget {
        let experiment: ExperimentDescription
        let changed = changes.overrides.isEmpty ? "" : ", changed by" + changes.commandLine
        do {
            switch try ExperimentLoader.loadPlantOrExperiment(path: path, overrides: try changes.parsed()) {
            case .plant(let plant):
                if let variant {
                    throw CommandFailure(message: "error: --variant \(variant): \(path) is a plant file, not an experiment", code: .badInput)
                }
                return CheckTarget(plant: plant, file: path, title: "\(plant.name) (\(path))\(changed)")
            case .experiment(let loaded):
                experiment = loaded
            }
        } catch let error as PlantFileErrors {
            throw CommandFailure(message: error.description, code: .badInput)
        }
        let name = variant ?? experiment.baseline
        guard let chosen = experiment.variants.first(where: { $0.name == name }) else {
            throw CommandFailure(message: "error: --variant: experiment '\(experiment.name)' has no variant '\(name)'; "
                + "it has \(experiment.variants.map { "'\($0.name)'" }.joined(separator: ", "))", code: .badInput)
        }
        return CheckTarget(plant: chosen.plant, file: path,
                           title: "\(chosen.plant.name), variant '\(chosen.name)' of experiment \(experiment.name) (\(path))\(changed)")
    }

    /// Runs the plant's replications with `settings` (a progress line on a terminal);
    /// a plant that cannot be simulated to the end is exit code 4.
    func run(_ settings: RunSettings, threads: Int) throws -> [ReplicationResult] {
        let progress = Progress(total: settings.replications, label: "replications")
        defer { progress.finish() }
        do {
            return try ReplicationRunner.run(plant, settings: settings, threads: threads) { _ in
                progress.advance()
            }
        } catch {
            throw CommandFailure(message: "error: \(file): \(error)", code: .modelError)
        }
    }
}
