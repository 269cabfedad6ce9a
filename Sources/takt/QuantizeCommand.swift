import ArgumentParser
import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktPolicy

/// `takt quantize MODEL --plant P --point D --at S --out FILE`: post-training int8 quantization.
struct QuantizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantize",
        abstract: "Make an int8 policy from an fp32 one, calibrated on simulated decisions.",
        discussion: """
            Runs the plant with the fp32 policy deciding at the site and records the \
            states it sees: the first replications calibrate the activation scales, the \
            last one is held out to measure how often int8 and fp32 choose the same.
            """
    )

    @Argument(help: "The fp32 model file.")
    var model: String

    @Option(help: "The plant file to record calibration states in.")
    var plant: String

    @Option(help: "The decision point the policy serves: pick, release, dispatch, rework or maintenance.")
    var point: String

    @Option(help: "The station, source or fleet where it decides.")
    var at: String

    @Option(help: "Where to write the int8 model file.")
    var out: String

    @Option(help: "Replications to record: all but the last calibrate, the last is held out (at least 2).")
    var replications: Int = 3

    @OptionGroup var length: RunLengthOptions

    @Option(help: "Seed for the runs.")
    var seed: UInt64 = 2

    func run() throws {
        let source = try loadPolicy(model)
        if case .trees = source.network {
            throw CommandFailure(message: "error: \(model): the model is a tree ensemble; trees are evaluated in fp32 and are not quantized (only MLPs are)", code: .badInput)
        }
        guard case let .fp32(mlp) = source.network else {
            throw CommandFailure(message: "error: \(model): the model is already \(source.network.precision.rawValue); quantize an fp32 model", code: .badInput)
        }
        let description = try loadPlant(plant)
        let settings = try recordingSettings(description, seed: seed, replications: replications, allowed: 2...10_000, length: length)
        let site = try decisionSite(point, at, description)
        do {
            try source.check(against: site.schema, path: model)
        } catch {
            throw CommandFailure(message: "error: \(error.description)", code: .badInput)
        }
        let decider = DecisionCollection.Decider.policy(PolicyBinding(path: model, file: source, compareWithTeacher: false))
        var calibrationSettings = settings
        calibrationSettings.replications = replications - 1
        let calibration = try collect(description, site: site, decider: decider, settings: calibrationSettings)
        var heldOutSettings = settings
        heldOutSettings.seed = seed &+ 1_000_003  // other random numbers than the calibration runs
        heldOutSettings.replications = 1
        let heldOut = try collect(description, site: site, decider: decider, settings: heldOutSettings).informative()
        let quantized: QuantizedMLP, chosen: Double
        do {
            (quantized, chosen) = try Quantizer.quantize(mlp, calibration: (0..<calibration.count).map(calibration.row),
                                                         choosingPercentileBy: calibration.informative())
        } catch {
            throw CommandFailure(message: "error: \(error.description)", code: .badInput)
        }
        let agreement = Agreement.measure(fp32: mlp, int8: quantized, on: heldOut)
        var provenance = source.provenance
        provenance["quantized_by"] = "takt quantize \(model) --plant \(plant) --point \(point) --at \(at) --replications \(replications) --seed \(seed)"
            + length.arguments
        provenance["source_checksum"] = source.checksum
        provenance["calibration_states"] = "\(calibration.count)"
        provenance["calibration_percentile"] = "\(chosen)"
        provenance["held_out_agreement_with_fp32"] = String(format: "%.4f", agreement.share)
        let file = PolicyFile(schema: source.schema, network: .int8(quantized), provenance: provenance)
        try writePolicy(file, to: out)
        print("""
            Calibrated on \(calibration.count) states (\(replications - 1) replication(s)), activation ranges at \(chosen >= 1 ? "the largest values seen" : "the " + String(format: "%g", chosen * 100) + "th percentile"); \
            held out \(agreement.decisions) decisions with a choice.
            int8 chooses as fp32 does on \(String(format: "%.2f%%", agreement.share * 100)) of them.
            Wrote \(out) (\(file.checksum.prefix(19))…).
            """)
    }
}
