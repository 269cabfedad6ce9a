import ArgumentParser
import TaktPlant

/// `--set key.path=value`, repeatable: the plant changed before it is read, as an experiment variant's `set:` changes it.
struct OverrideOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Change the plant before it is read, the way a variant's 'set:' in an experiment file does (repeatable): the value is YAML, "
            + "null removes the key, e.g. --set stations.paint.buffer=8 --set 'stations.paint.process={dist: exponential, mean: 30s}'.",
        valueName: "key.path=value"))
    var overrides: [String] = []

    /// The options as a command line repeats them (` --set 'k=v'` each), empty without any.
    var commandLine: String { overrides.map { " --set \($0.shellQuoted)" }.joined() }

    /// The overrides, parsed; a malformed one is bad input naming it.
    func parsed() throws -> [PlantOverride] {
        do {
            return try overrides.map { text throws(PlantFileErrors) in try PlantOverride.commandLine(text) }
        } catch {
            throw CommandFailure(message: error.description, code: .badInput)
        }
    }
}
