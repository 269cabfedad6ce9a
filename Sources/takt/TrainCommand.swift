import ArgumentParser
import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktPolicy

/// `takt train PLANT --point P --at S --out FILE`: imitation learning of a decision site's choices.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a policy for a decision point by imitating the oracle on simulated runs.",
        discussion: """
            Runs the plant with the oracle (the teacher) deciding at the site, records \
            every decision with its features, and fits an MLP (masked softmax cross-entropy, \
            Adam, a held-out share for early stopping). Writes an fp32 model file; make the \
            int8 one with `takt quantize`. With --rounds, each round then lets the \
            network decide in fresh replications, labels the states it meets with the \
            teacher's choices, and trains again on everything recorded (dataset \
            aggregation): the learner sees the states its own mistakes lead to. \
            Deterministic for a seed.
            """
    )

    @Argument(help: "The plant file (YAML).")
    var plant: String

    @Option(help: "The decision point: pick, rework or maintenance (at a station), release (at a source with an order bank), or dispatch (at a fleet).")
    var point: String

    @Option(help: "The station, source or fleet where the decisions are made.")
    var at: String

    @Option(help: "Where to write the fp32 model file.")
    var out: String

    @Option(help: "Replications to record (default: the plant file's).")
    var replications: Int?

    @OptionGroup var length: RunLengthOptions

    @Option(help: "Seed for the runs and for training.")
    var seed: UInt64 = 1

    @Option(help: "Hidden layer widths, comma-separated.")
    var hidden: String = "64,64"

    @Option(help: "Most training epochs.")
    var epochs: Int = 60

    @Option(help: "Dataset aggregation rounds after the first training (each records the plant's replications again, the network deciding).")
    var rounds: Int = 0

    @Flag(help: "Weigh each teacher action by the inverse of how often it was chosen (at most 10×): for points where a rare action matters most, such as maintenance.")
    var balance = false

    func run() throws {
        let description = try loadPlant(plant)
        let site = try decisionSite(point, at, description)
        let settings = try recordingSettings(description, seed: seed, replications: replications, allowed: 1...10_000, length: length)
        let widths = hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !widths.isEmpty, widths.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 4096 }) else {
            throw CommandFailure(message: "error: --hidden: give layer widths 1…4096 separated by commas, e.g. 64,64", code: .badInput)
        }
        guard (1...10_000).contains(epochs) else { throw CommandFailure(message: "error: --epochs must be in 1…10000", code: .badInput) }
        guard (0...100).contains(rounds) else { throw CommandFailure(message: "error: --rounds must be in 0…100", code: .badInput) }
        let all = try collect(description, site: site, decider: .oracle, settings: settings)
        var data = all.informative()
        guard data.count >= 10 else {
            throw CommandFailure(message: "error: only \(data.count) decisions with a real choice at '\(at)'; run longer (--duration) or more replications", code: .badInput)
        }
        var options = TrainingOptions()
        options.hidden = widths.compactMap { $0 }
        options.maxEpochs = epochs
        options.seed = seed
        if balance { options.actionWeights = data.balancedWeights() }
        var (mlp, report) = Trainer.train(data, options: options)
        var recorded = all.count
        for round in 0..<rounds {
            let learner = PolicyBinding(path: "round \(round + 1)", file: PolicyFile(schema: site.schema, network: .fp32(mlp)), compareWithTeacher: false)
            var roundSettings = settings
            roundSettings.seed = seed &+ UInt64(round + 1)
            let more = try collect(description, site: site, decider: .learner(learner), settings: roundSettings)
            recorded += more.count
            data.append(more.informative())
            if balance { options.actionWeights = data.balancedWeights() }
            (mlp, report) = Trainer.train(data, options: options)
            print("Round \(round + 1): \(data.count) decisions with a choice; \(String(format: "%.1f%%", report.validationAccuracy * 100)) held-out agreement.")
        }
        let file = PolicyFile(schema: site.schema, network: .fp32(mlp), provenance: [
            "command": "takt train \(plant) --point \(point) --at \(at) --seed \(seed) --hidden \(hidden) --epochs \(epochs)"
                + (rounds > 0 ? " --rounds \(rounds)" : "") + (balance ? " --balance" : "")
                + (replications.map { " --replications \($0)" } ?? "") + length.arguments,
            "plant_hash": description.contentHash,
            "teacher": "oracle",
            "takt_version": Takt.version,
            "decisions": "\(data.count) with a choice (of \(recorded) recorded)",
            "validation_accuracy": String(format: "%.4f", report.validationAccuracy),
        ])
        try writePolicy(file, to: out)
        print("""
            Recorded \(recorded) \(point) decisions at \(at) over \(settings.replications * (rounds + 1)) replication(s); \(data.count) had a choice.
            Trained \(file.network.shape.map(String.init).joined(separator: "-")) for \(report.epochs) epochs (best: \(report.bestEpoch)), \
            \(report.trainingSamples) training and \(report.validationSamples) held-out decisions.
            Agreement with the teacher: \(String(format: "%.1f%%", report.trainingAccuracy * 100)) training, \
            \(String(format: "%.1f%%", report.validationAccuracy * 100)) held out.
            Wrote \(out) (\(file.checksum.prefix(19))…).
            """)
    }
}

/// The plant's run settings for recording decisions, with `seed` and any
/// `--replications` (within `allowed`), `--duration` and `--warmup` applied.
func recordingSettings(_ plant: PlantDescription, seed: UInt64, replications: Int?, allowed: ClosedRange<Int>, length: RunLengthOptions) throws -> RunSettings {
    var settings = plant.run
    settings.seed = seed
    if let replications {
        guard allowed.contains(replications) else {
            throw CommandFailure(message: "error: --replications must be in \(allowed.lowerBound)…\(allowed.upperBound)", code: .badInput)
        }
        settings.replications = replications
    }
    try length.apply(to: &settings)
    return settings
}

/// The site to collect decisions at, as a bad-input failure when it cannot be used.
func decisionSite(_ point: String, _ name: String, _ plant: PlantDescription) throws -> DecisionSite {
    do {
        return try DecisionCollection.site(point: point, at: name, in: plant)
    } catch {
        throw CommandFailure(message: "error: \(error.description)", code: .badInput)
    }
}

/// Records decisions, turning a model failure into exit code 4.
func collect(_ plant: PlantDescription, site: DecisionSite, decider: DecisionCollection.Decider, settings: RunSettings) throws -> TrainingData {
    do {
        return try DecisionCollection.collect(plant, site: site, decider: decider, settings: settings)
    } catch {
        throw CommandFailure(message: "error: \(plant.file): \(error)", code: .modelError)
    }
}

/// Writes a model file, as a bad-input failure when the path cannot be written.
func writePolicy(_ file: PolicyFile, to path: String) throws {
    do {
        try file.write(to: path)
    } catch {
        throw CommandFailure(message: "error: \(error.description)", code: .badInput)
    }
}

/// Loads a model file, as a bad-input failure.
func loadPolicy(_ path: String) throws -> PolicyFile {
    do {
        return try PolicyFile.load(path: path)
    } catch {
        throw CommandFailure(message: "error: \(error.description)", code: .badInput)
    }
}
