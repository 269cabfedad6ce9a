import ArgumentParser
import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktPolicy

/// `takt check PLANT --baseline FILE`: the CI gate. Re-runs a plant exactly
/// as its baseline was made and fails on a real regression of a key figure.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compare a plant's key figures with its baseline and fail on a regression (the CI gate).",
        discussion: """
            Runs the plant with the baseline's seed, replications, duration and \
            warm-up (not the plant file's), so replication r of the check and of the \
            baseline share their random streams, and compares each figure of the \
            baseline. A figure regresses when its change is both beyond its relative \
            tolerance and significant: a paired-t interval on the per-replication \
            differences (Welch's t when the replications cannot be paired), 95% \
            Bonferroni-adjusted over the figures, excludes zero. An unchanged plant \
            differs by exactly zero. A figure that improves beyond its tolerance \
            passes and is reported: update the baseline to keep the gain.

            An experiment file checks one variant (its base plant with the variant's \
            overrides): --variant, default the experiment's baseline variant. \
            --set changes the plant (or the variant's plant) first: would this \
            change pass the gate?

            Exit codes: 0 no regression; 1 a regression (the reason is printed); \
            2 bad input: missing or corrupt baseline, a baseline of another plant or \
            of another plant structure (sources, stations or sinks added or removed), \
            a bad plant file or option; 4 the plant could not be simulated to the \
            end; 70 internal error.
            """
    )

    @Argument(help: "The plant file, or an experiment file.")
    var file: String

    @Option(help: "The baseline to compare with (written by `takt baseline update`), e.g. Reports/baselines/xiaomi-ev.json.")
    var baseline: String

    @Option(help: "Also write the result as JUnit XML (one test case per figure) to this file.")
    var junit: String?

    @Option(help: ArgumentHelp(
        "Relative change a figure may make: 2% or 0.02 for all (default 2%), FIGURE=5% for one; repeatable.",
        valueName: "tolerance"))
    var tolerance: [String] = []

    @Option(help: "Replications to run (default: the baseline's). Fewer are paired with the baseline's first ones; more are compared unpaired.")
    var replications: Int?

    @Option(help: "With an experiment file: the variant to check (default: the experiment's baseline variant).")
    var variant: String?

    @OptionGroup var plantChanges: OverrideOptions

    @OptionGroup var workers: ThreadOptions

    func run() throws {
        let started = ContinuousClock.now
        if let junit { try checkWritable(junit, option: "--junit") }  // now, not after the runs
        do {
            try check(started: started)
        } catch let failure as CommandFailure where failure.code != .regression {
            // A check that could not be made still reports, in error, so the plant stays in the CI system's test report.
            if let junit {
                let xml = RegressionCheck.junitErrorXML(suite: "takt check \(junitName)", className: "takt.check.\(junitName)", message: failure.message,
                                                        seconds: (ContinuousClock.now - started).inSeconds)
                try? OutputFile.write(Data(xml.utf8), to: junit)
            }
            throw failure
        }
    }

    /// The check's name in JUnit: the file's name without its extension, and the variant checked, the same whether the
    /// check passed, failed or could not be made, so a CI system keeps one history per check.
    var junitName: String {
        URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent + (variant.map { ".\($0)" } ?? "")
    }

    /// Runs the check and writes its verdict; a regression is exit 1.
    func check(started: ContinuousClock.Instant) throws {
        let target = try CheckTarget.load(file, variant: variant, changes: plantChanges)
        let variantOption = (variant.map { " --variant \($0)" } ?? "") + plantChanges.commandLine
        let base: Baseline
        do {
            base = try Baseline.read(path: baseline)
        } catch {
            throw CommandFailure(message: "error: --baseline: \(error)\nMake one with: takt baseline update \(file)\(variantOption) --out \(baseline)",
                                 code: .badInput)
        }
        // Making the baseline again as it was made.
        let update = "takt baseline update \(file)\(variantOption) --replications \(base.replications) "
            + "--duration \(DurationText.format(base.durationSeconds)) --warmup \(DurationText.format(base.warmupSeconds)) --seed \(base.seed) --out \(baseline)"
        if let why = base.incompatibility(with: target.plant) {
            // Another plant's baseline is never to be overwritten: point to this plant's own file instead.
            let advice = base.plant == target.plant.name
                ? "If the plant is meant to change like this, make a new baseline: \(update)"
                : "Check it against its own baseline, or make one: takt baseline update \(file)\(variantOption) "
                    + "--out Reports/baselines/\(URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent).json"
            throw CommandFailure(message: "error: \(target.file) cannot be checked against \(baseline): \(why).\n\(advice)", code: .badInput)
        }
        let rule = try RegressionRule(parsing: tolerance, figures: base.figures.map(\.name))
        if let replications, !(2...100_000).contains(replications) {
            throw CommandFailure(message: "error: --replications must be in 2…100000, got \(replications)", code: .badInput)
        }
        let settings = base.settings(auditRate: target.plant.run.auditRate, replications: replications)
        let figures = base.figures.compactMap { ResultFigure.named($0.name) }
        let results = try target.run(settings, threads: try workers.count())
        let now = Baseline(plant: target.plant, settings: settings, results: results, version: Takt.version, figures: figures)
        if let missing = now.figures.first(where: { $0.sample.values?.contains(where: \.isNaN) ?? false }) {
            throw CommandFailure(message: "error: the plant has no figure '\(missing.name)', which the baseline \(baseline) checks", code: .badInput)
        }
        // Replication r of both shares its streams when the seed is the same; more replications than the baseline's cannot all pair.
        let paired = settings.replications <= base.replications
        let check = RegressionCheck(figures: figures, baseline: base.figures.map(\.sample), current: now.figures.map(\.sample),
                                    paired: paired, rule: rule)
        let table = CheckReport.render(check, target: target, baseline: base, baselinePath: baseline, settings: settings, version: Takt.version)
        // Written at once, not buffered: a failure's message on standard error must follow the table in a CI log.
        Console.output(table + "\n")
        if let junit {
            let xml = check.junitXML(suite: "takt check \(junitName)", className: "takt.check.\(junitName)",
                                     seconds: (ContinuousClock.now - started).inSeconds, output: table)
            do {
                try OutputFile.write(Data(xml.utf8), to: junit)
            } catch {
                throw CommandFailure.cannotWrite(junit, option: "--junit", error)
            }
        }
        guard check.passed else {
            throw CommandFailure(message: CheckReport.failed(check, baselinePath: baseline, update: update), code: .regression)
        }
        Console.output(CheckReport.passed(check, update: update) + "\n")
    }
}

extension RegressionRule {
    /// The rule from `--tolerance` values: `2%` or `0.02` for every figure,
    /// `FIGURE=5%` for one of `figures`.
    init(parsing options: [String], figures: [String]) throws {
        self.init()
        for option in options {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            let text = parts.last ?? ""
            let number = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
            guard let value = number, value.isFinite, value >= 0 else {
                throw CommandFailure(message: "error: --tolerance \(option): give a relative change such as 2% or 0.02, "
                    + "for one figure FIGURE=5%", code: .badInput)
            }
            // A bare number is a fraction: 5 would be ±500%, a gate that passes everything.
            if !text.hasSuffix("%"), value >= 1 {
                throw CommandFailure(message: "error: --tolerance \(option): a bare number is a fraction (\(text) is ±\(String(format: "%g", value * 100))%); "
                    + "write \(text)% for ±\(text)%, or a fraction below 1 such as 0.05", code: .badInput)
            }
            if parts.count == 2 {
                guard figures.contains(parts[0]) else {
                    throw CommandFailure(message: "error: --tolerance \(option): the baseline has no figure '\(parts[0])'; "
                        + "it has \(figures.joined(separator: ", "))", code: .badInput)
                }
                tolerances[parts[0]] = value
            } else {
                tolerance = value
            }
        }
    }
}
