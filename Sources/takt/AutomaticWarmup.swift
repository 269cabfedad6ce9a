import TaktExperiment
import TaktKernel
import TaktPlant

/// `warmup: auto` in an experiment's `run:`, and `takt run --warmup auto`: the
/// warm-up chosen by MSER-5 from pilot runs (of the baseline, or of the plant).
enum AutomaticWarmup {
    /// Sets `description`'s warm-up when it asks for an automatic one, and returns the rule that chose it (`fixed` otherwise).
    static func choose(for description: inout ExperimentDescription) throws -> String {
        guard description.automaticWarmup else { return "fixed" }
        // The same pilot (the baseline's first replications) wherever it runs: every shard finds the same warm-up.
        let baseline = description.variants.first { $0.name == description.baseline } ?? description.variants[0]
        let pilots = min(description.settings.replications, 5)
        do {
            let outcome = try WarmupDetection.mser5(baseline.plant, settings: description.settings, replications: pilots)
            description.settings.warmup = outcome.warmup
            return "MSER-5: \(outcome.truncated) of the first \(outcome.observations) departures deleted, "
                + "averaged over \(pilots) pilot replications of '\(baseline.name)'"
        } catch {
            throw CommandFailure(message: "error: \(description.file): warmup: auto: \(error)", code: .badInput)
        }
    }

    /// Sets the warm-up of `plant`'s `settings` by MSER-5 on pilot runs of its first (up to five) replications, and returns the rule that chose it.
    static func choose(for plant: PlantDescription, settings: inout RunSettings) throws -> String {
        let pilots = min(settings.replications, 5)
        do {
            let outcome = try WarmupDetection.mser5(plant, settings: settings, replications: pilots)
            // Up to the whole minute: a warm-up a command line can give again (`--warmup 1113min`).
            let minute = 60 * Ticks.perSecond
            settings.warmup = min((outcome.warmup + minute - 1) / minute * minute, settings.duration - 1)
            return "MSER-5: \(outcome.truncated) of the first \(outcome.observations) departures deleted, "
                + "averaged over \(pilots) pilot replication\(pilots == 1 ? "" : "s"), rounded up to the minute"
        } catch {
            throw CommandFailure(message: "error: \(plant.file): --warmup auto: \(error)", code: .badInput)
        }
    }
}
