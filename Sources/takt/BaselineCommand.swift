import ArgumentParser
import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktPolicy

/// `takt baseline`: the baselines `takt check` compares with.
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Make the baselines the CI gate (`takt check`) compares with.",
        subcommands: [BaselineUpdateCommand.self]
    )
}

/// `takt baseline update PLANT`: run a plant and write its key figures as a baseline.
struct BaselineUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Run a plant and write (or overwrite) its baseline for `takt check`.",
        discussion: """
            Records every replication's value of the key figures the plant has \
            (throughput per shift hour, interdeparture time p50 and p95, lead time \
            mean and p95, takt adherence with a takt), with the plant's content hash \
            and structure, the seed, replications, duration and warm-up, and the \
            Takt version, so `takt check` re-runs it identically. The same plant, \
            options and version give the same file byte for byte. Commit the file \
            with the change that made it. Options default to the plant file's `run:` \
            settings.
            """
    )

    @Argument(help: "The plant file, or an experiment file (its --variant, default its baseline variant).")
    var file: String

    @Option(help: "Where to write the baseline (default: Reports/baselines/<file name>.json).")
    var out: String?

    @Option(help: "Independent replications (at least 2).")
    var replications: Int?

    @OptionGroup var length: RunLengthOptions

    @Option(help: "Base seed for the random streams.")
    var seed: UInt64?

    @Option(help: "With an experiment file: the variant (default: the experiment's baseline variant).")
    var variant: String?

    @OptionGroup var plantChanges: OverrideOptions

    @OptionGroup var workers: ThreadOptions

    func run() throws {
        let target = try CheckTarget.load(file, variant: variant, changes: plantChanges)
        var settings = target.plant.run
        if let seed { settings.seed = seed }
        try length.apply(to: &settings)
        if let replications { settings.replications = replications }
        guard (2...100_000).contains(settings.replications) else {
            throw CommandFailure(message: "error: a baseline needs 2…100000 replications (to judge noise), got \(settings.replications): "
                + "give --replications", code: .badInput)
        }
        let results = try target.run(settings, threads: try workers.count())
        let baseline = Baseline(plant: target.plant, settings: settings, results: results, version: Takt.version,
                                figures: Baseline.keyFigures(of: target.plant))
        let path = out ?? "Reports/baselines/\(URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent).json"
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try OutputFile.write(Data(try baseline.jsonText().utf8), to: path)
        } catch {
            throw CommandFailure.cannotWrite(path, option: "--out", error)
        }
        print("Wrote \(path): \(target.title), \(settings.replications) replications × \(DurationText.format(Ticks.seconds(settings.duration))), "
            + "warm-up \(DurationText.format(Ticks.seconds(settings.warmup))), seed \(settings.seed), Takt \(Takt.version).")
        for figure in baseline.figures {
            guard let f = ResultFigure.named(figure.name) else { continue }
            print("  \(f.label.padding(toLength: 28, withPad: " ", startingAt: 0))\(f.shown(figure.sample.estimate()))")
        }
    }
}
