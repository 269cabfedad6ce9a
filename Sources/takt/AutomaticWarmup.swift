import TaktExperiment
import TaktPlant

/// `warmup: auto` in an experiment's `run:`: the warm-up chosen by MSER-5 from pilot runs of the baseline.
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
}
