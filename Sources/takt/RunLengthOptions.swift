import ArgumentParser
import TaktKernel
import TaktPlant

/// `--duration` and `--warmup` for commands that run a plant.
struct RunLengthOptions: ParsableArguments {
    @Option(help: "Simulated time per replication, warm-up included, e.g. 30d (default: the plant file's).")
    var duration: String?

    @Option(help: "Warm-up period whose statistics are discarded, e.g. 1d (default: the plant file's); `auto` (MSER-5 on pilot replications) is for `takt run` only.")
    var warmup: String?

    /// Whether the warm-up is to be chosen by MSER-5 (`--warmup auto`).
    var automaticWarmup: Bool { warmup == "auto" }

    /// Applies the options to `settings`; the warm-up must end before the run does. `--warmup auto` leaves the
    /// warm-up to the caller when it `allowsAutomaticWarmup`, else is refused.
    func apply(to settings: inout RunSettings, allowsAutomaticWarmup: Bool = false) throws {
        if let duration {
            let seconds = try parseDuration(duration, option: "--duration")
            guard seconds > 0 else { throw CommandFailure(message: "error: --duration must be greater than 0", code: .badInput) }
            settings.duration = Ticks.from(seconds: seconds)
        }
        if automaticWarmup {
            guard allowsAutomaticWarmup else {
                throw CommandFailure(message: "error: --warmup auto is for takt run (and an experiment's run: {warmup: auto}); give a duration such as 1d",
                                     code: .badInput)
            }
            settings.warmup = 0
            return
        }
        if let warmup { settings.warmup = Ticks.from(seconds: try parseDuration(warmup, option: "--warmup")) }
        guard settings.warmup < settings.duration else {
            // Say where each came from: a run too short for the plant's warm-up is a common first try.
            let from = { (option: String?) in option == nil ? ", the plant file's run: setting or its default" : "" }
            throw CommandFailure(message: "error: the warm-up (\(DurationText.format(Ticks.seconds(settings.warmup)))\(from(warmup))) must be shorter than "
                + "the duration (\(DurationText.format(Ticks.seconds(settings.duration)))\(from(duration))); give a shorter --warmup (e.g. --warmup 0) "
                + "or a longer --duration", code: .badInput)
        }
    }

    /// The options as a command line would give them, for provenance.
    var arguments: String {
        (duration.map { " --duration \($0)" } ?? "") + (warmup.map { " --warmup \($0)" } ?? "")
    }
}
