import ArgumentParser
import Foundation
import TaktExperiment

/// The `takt` command: a factory-floor discrete-event simulator.
@main
struct Takt: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "takt",
        abstract: "A factory-floor simulator: run plant files, store results in SQLite.",
        discussion: """
            Exit codes: 0 success; 1 `takt verify` found a difference from the trace, \
            or `takt check` a regression; 2 bad input (plant file, options, \
            baseline, an unknown experiment or run for `takt report`); 3 run store \
            error (database cannot be opened, read or written); 4 the plant could not be \
            simulated to the end (unstable); 70 internal error; 130 or 143 interrupted \
            (SIGINT, SIGTERM; finished replications stay stored).
            """,
        version: version,
        subcommands: [RunCommand.self, CompareCommand.self, OptimizeCommand.self, FitCommand.self, ReportCommand.self, CheckCommand.self, BaselineCommand.self, MergeCommand.self, VerifyCommand.self, DecisionsCommand.self, ExportDecisionsCommand.self, ValidateCommand.self, DrawCommand.self, AnimateCommand.self, OutputsCommand.self, RunsCommand.self, TrainCommand.self, QuantizeCommand.self, PolicyCommand.self, EnvCommand.self]
    )

    /// Parses, runs, and maps every failure to a documented exit code.
    static func main() {
        AllocatorTuning.apply()
        Interruption.install()
        do {
            var command = try parseAsRoot()
            try command.run()
            // Output that could not be written (a full disk, a closed stream) is a failure, not a success with nothing in the file.
            if let why = Console.outputFailure() {
                Console.error("error: cannot write standard output: \(why)\n")
                Foundation.exit(ExitStatus.badInput.rawValue)
            }
        } catch let error as CommandFailure {
            Console.error(error.message + "\n")
            Foundation.exit(error.code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)  // --help, --version
            }
            let message = fullMessage(for: error)
            Console.error(message + "\n")
            // Usage errors are bad input, like a bad plant file.
            Foundation.exit(code == .validationFailure ? ExitStatus.badInput.rawValue : code.rawValue)
        }
    }
}

/// The documented exit codes.
enum ExitStatus: Int32 {
    case success = 0
    /// `takt verify` found a difference from the trace, or `takt check` a regression.
    case regression = 1
    /// A plant file, option or argument is invalid.
    case badInput = 2
    /// The run store cannot be opened, read or written.
    case storeError = 3
    /// The plant could not be simulated to the end (it is unstable, or a policy process failed).
    case modelError = 4
    /// A bug in Takt.
    case internalError = 70
}

/// An error that ends the command with a message and an exit code.
struct CommandFailure: Error {
    var message: String
    var code: ExitStatus
}
