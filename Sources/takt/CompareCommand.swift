import ArgumentParser
import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktReport
import TaktStore

/// `takt compare EXPERIMENT`: run an experiment's variants with common random numbers and compare them.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run an experiment's variants with common random numbers and compare them.",
        discussion: """
            Replication r of every variant sees the same random streams. For each \
            figure: every variant's mean and 95% interval, and its paired difference \
            from the baseline with a paired-t interval, Bonferroni-adjusted over the \
            variants compared; a difference is significant when its interval excludes \
            zero. With `precision:` in the experiment, replications are added until \
            every variant's interval is narrow enough; with `select:`, until Kim and \
            Nelson's procedure has selected the best (with its `constraints:`, among \
            the variants Batur and Kim's check finds keep bounds on other figures' \
            means). Every replication is stored \
            under the experiment's name and content hash as it completes.

            On a cluster: `--shard i/n` runs only replications r with r mod n = i \
            (0 ≤ i < n) into its own store; inside a Slurm job array the shard is \
            taken from SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN of \
            SLURM_ARRAY_TASK_COUNT, in a Kubernetes Indexed Job from \
            JOB_COMPLETION_INDEX of TAKT_SHARD_COUNT. Combine the stores with \
            `takt merge` and analyse them with `--from-db`.
            """
    )

    @Argument(help: "The experiment file (YAML).")
    var experiment: String

    @OptionGroup var workers: ThreadOptions

    @OptionGroup var runStore: StoreWriteOptions

    @Flag(help: "Print the comparison as JSON.")
    var json = false

    @Option(help: "Run one slice of the replications: i/n runs those with replication mod n = i (0 ≤ i < n).")
    var shard: String?

    @Flag(help: "Keep the replications already stored for this experiment (same name and content) and run only the missing ones.")
    var resume = false

    @Flag(help: "Run nothing: compare the replications stored in --db (e.g. merged shards).")
    var fromDb = false

    @Flag(help: "With --from-db: fail (exit 2) unless the store holds every replication the experiment runs, as after merging every shard.")
    var requireAll = false

    func run() throws {
        var description: ExperimentDescription
        do {
            description = try ExperimentLoader.load(path: experiment)
        } catch {
            throw CommandFailure(message: error.description, code: .badInput)
        }
        if description.optimization != nil {
            throw CommandFailure(message: "error: \(experiment): an experiment with optimize: searches its variants; run it with `takt optimize \(experiment)`", code: .badInput)
        }
        // One variant has nothing to compare with (`takt check --variant` takes one; a comparison needs two).
        if description.variants.count == 1 {
            throw CommandFailure(message: "error: \(experiment): a comparison needs two or more variants, and this experiment has one "
                + "('\(description.variants[0].name)'): add another (e.g. `- name: faster` with a `set:`), or run the plant alone with "
                + "`takt run PLANT --replications N`", code: .badInput)
        }
        let warmupRule = try AutomaticWarmup.choose(for: &description)
        let threads = try workers.count()
        let shard = try ShardOption.resolve(shard, environment: ProcessInfo.processInfo.environment)
        if runStore.noDb, resume || fromDb || shard != nil {
            throw CommandFailure(message: "error: --no-db cannot be used with --resume, --from-db or a shard (they work on the store)", code: .badInput)
        }
        if shard != nil, description.precision != nil || description.selection != nil {
            throw CommandFailure(message: "error: a sequential experiment (\(description.precision != nil ? "precision:" : "select:")) cannot be sharded: "
                                 + "every shard would need every other's results", code: .badInput)
        }
        if requireAll, !fromDb { throw CommandFailure(message: "error: --require-all checks a store that --from-db reads: add --from-db", code: .badInput) }
        if fromDb, resume { throw CommandFailure(message: "error: --from-db runs nothing and --resume runs what is missing: give one of them", code: .badInput) }
        if fromDb, !FileManager.default.fileExists(atPath: runStore.db) {
            throw CommandFailure(message: "error: --from-db: no store at \(runStore.db)", code: .badInput)
        }
        // --from-db only reads: a store the user may not write is fine.
        let store: RunStore? = fromDb ? try existingStore(runStore.db) : try runStore.open()
        var previous: [Comparison.Samples] = Array(repeating: [:], count: description.variants.count)
        if let store, resume || fromDb {
            do {
                let stored = try store.experimentSamples(name: description.name, hash: description.contentHash)
                previous = description.variants.map { stored[$0.name] ?? [:] }
                // Runs of this experiment made from other content are not this experiment's: said, not silently passed over.
                if stored.isEmpty, try store.experiments(named: description.name).contains(where: { $0.hash != description.contentHash }) {
                    Console.error("note: \(runStore.db) holds runs of experiment '\(description.name)' made from other content (the experiment "
                        + "file or a plant it reads changed since, in a value such as replications, duration or a setting), so they are not "
                        + (fromDb ? "compared" : "reused: every replication runs afresh") + "\n")
                }
            } catch {
                throw CommandFailure(message: "error: \(error)", code: .storeError)
            }
        }
        if fromDb {
            let comparison = Comparison(experiment: description, samples: previous)
            if description.precision == nil, description.selection == nil {
                if comparison.replications < description.settings.replications {
                    // A shard's store, or one not yet merged with all: say so rather than compare a part as if it were all.
                    let part = "\(runStore.db) holds \(comparison.replications) of the \(description.settings.replications) replications "
                        + "every variant of '\(description.name)' runs"
                    if requireAll { throw CommandFailure(message: "error: --require-all: \(part) (a shard failed or was not merged)", code: .badInput) }
                    if comparison.replications >= 2 {
                        Console.error("note: \(part); the comparison uses those (merge every shard's store with `takt merge` for all)\n")
                    }
                }
            }
            // Nothing is stored by reading: the table names no store.
            try report(comparison, description, warmupRule: warmupRule, storePath: nil)
            if let store { try warnOfProcessFailures(description, storedIn: store) }
            return
        }
        if store != nil {
            let again = ["takt compare", experiment.shellQuoted] + (shard.map { ["--shard", "\($0.index)/\($0.count)"] } ?? []) + ["--db", runStore.db.shellQuoted, "--resume"]
            Interruption.onSignal(say: "interrupted: the replications finished so far are stored in \(runStore.db); `\(again.joined(separator: " "))` runs the rest")
        }
        let run = try StoredExperiment(description, threads: threads, store: store, db: runStore.db, shard: shard, previous: previous)
        let (results, stored, storeFailure) = (run.results, run.stored, run.storeFailure)
        if let shard {
            if let storeFailure { throw storeFailure }
            print("Shard \(shard.index)/\(shard.count) of experiment '\(description.name)': \(stored) replication(s) stored in \(runStore.db). "
                + "Merge the shards' stores with `takt merge`, then compare with `takt compare \(experiment) --from-db --db MERGED`.")
            return
        }
        let samples = zip(previous, results).map { old, new in old.merging(Comparison.samples(new)) { a, _ in a } }
        // The results are printed even when the store failed: a finished comparison is never lost to the disk.
        try report(Comparison(experiment: description, samples: samples), description, warmupRule: warmupRule, storePath: store?.path)
        warnOfProcessFailures(zip(description.variants, results).map { ($0.name, ProcessFailures(results: $1)) })
        if let storeFailure { throw storeFailure }
    }

    /// A variant whose policy process failed is partly its fallback's: said beside the table, not hidden in it.
    func warnOfProcessFailures(_ variants: [(name: String, failures: ProcessFailures)]) {
        for (name, failures) in variants {
            for sentence in failures.sentences(variant: name) { Console.error("warning: \(sentence)\n") }
        }
    }

    /// The same warnings for the runs of the experiment the store holds (`--from-db`).
    func warnOfProcessFailures(_ description: ExperimentDescription, storedIn store: RunStore) throws {
        do {
            let ids = try store.experimentRunIDs(name: description.name, hash: description.contentHash)
            let rows = Dictionary(grouping: try store.decisions(runIDs: ids.values.flatMap(\.values)), by: \.runId)
            warnOfProcessFailures(description.variants.map { variant in
                let runs = (ids[variant.name] ?? [:]).sorted { $0.key < $1.key }.map { rows[$0.value] ?? [] }
                return (variant.name, ProcessFailures(stored: runs))
            })
        } catch {
            throw CommandFailure(message: "error: \(error)", code: .storeError)
        }
    }

    /// Prints the comparison as a table or JSON.
    func report(_ comparison: Comparison, _ description: ExperimentDescription, warmupRule: String, storePath: String?) throws {
        var comparison = comparison
        comparison.warmupRule = warmupRule
        // A fixed design says how many replications it runs, so a store read back short of them shows it.
        if description.precision == nil, description.selection == nil { comparison.plannedReplications = description.settings.replications }
        comparison.provenance = Comparison.Provenance(experiment: description, taktVersion: Takt.version)
        guard comparison.replications >= 2 else {
            throw CommandFailure(message: "error: \(comparison.replications) replication(s) of every variant of '\(description.name)' are in \(runStore.db); a comparison needs at least 2 "
                + "(is this the experiment's store, and is it unchanged since?)", code: .badInput)
        }
        if let message = comparison.selection?.unavailable {
            throw CommandFailure(message: "error: \(description.file): select: \(message)", code: .badInput)
        }
        if json {
            print(try comparison.jsonText())
        } else {
            print(ComparisonTable.render(comparison, experiment: description, storePath: storePath))
        }
    }
}

/// The comparison as a terminal table.
enum ComparisonTable {
    /// Whether the precision asked for was reached, and if not what would reach it.
    static func precisionLine(_ p: Comparison.PrecisionOutcome, _ c: Comparison) -> String {
        let label = c.figures.first { $0.name == p.figure }?.label ?? p.figure
        func percent(_ x: Double) -> String { String(format: "%.2g%%", x * 100) }
        guard let reached = p.reached else { return "Precision: \(label) has no interval yet: the target ±\(percent(p.target)) is not reached." }
        if p.met {
            return "Precision: \(label) within ±\(percent(reached)) of its mean for every variant after \(c.replications) replications "
                + "(target ±\(percent(p.target)))."
        }
        // The half-width shrinks with √n.
        let needed = reached.isFinite ? Int((Double(c.replications) * (reached / p.target) * (reached / p.target)).rounded(.up)) : nil
        return "Precision NOT reached: \(label) is within ±\(percent(reached)) of its mean, the target is ±\(percent(p.target)), after "
            + "\(c.replications) replications\(c.replications >= p.maxReplications ? ", the most max_replications allows" : "")"
            + (needed.map { n in n <= 100_000 ? "; about \(n) would reach it: raise max_replications."
                : "; about \(n) would reach it, more than the 100,000 an experiment may run: a longer run (less noise per replication), "
                    + "or a looser target." } ?? ": raise max_replications.")
    }

    static func render(_ c: Comparison, experiment: ExperimentDescription, storePath: String?) -> String {
        var out = """
            Experiment \(c.experiment) (\(experiment.file), sha256:\(experiment.contentHash.prefix(12))…)
            \(c.variants.count) variants × \(c.replications) replications, common random numbers; \
            baseline '\(c.baseline)'; warm-up \(DistributionText.duration(c.warmupSeconds)) (\(c.warmupRule)).
            Differences: paired t, 95% Bonferroni-adjusted over \(c.comparisons) comparison\(c.comparisons == 1 ? "" : "s") \
            (t = \(String(format: "%.3f", c.tQuantile))); * marks a significant difference.

            """
        let width = max(8, c.variants.map(\.name.count).max() ?? 8)
        for (f, figure) in c.figures.enumerated() {
            out += "\n\(figure.label) (\(figure.unit), \(figure.higherIsBetter ? "higher" : "lower") is better)\n"
            // One number of decimals per figure: four significant digits of its largest mean;
            // four significant digits each when its means span more than three orders of magnitude.
            let means = c.variants.compactMap { $0.estimates[f].map { abs($0.mean) } }
            let largest = means.max() ?? 0, smallest = means.filter { $0 > 0 }.min() ?? largest
            let decimals = max(0, min(6, 3 - (largest > 0 ? Int(floor(log10(largest))) : 0)))
            let format = smallest < largest * 1e-3 || (largest > 0 && largest < 1e-3) ? "%.4g" : "%.\(decimals)f"
            func number(_ x: Double) -> String { x.isFinite ? String(format: format, x) : "∞" }
            // A half-width below a millionth of its mean is rounding noise: 0.
            func spread(_ e: Estimate) -> String { number((e.halfWidth ?? 0) < abs(e.mean) * 1e-6 ? 0 : e.halfWidth ?? 0) }
            let cells = c.variants.map { v in v.estimates[f].map { "\(number($0.mean)) ± \(spread($0))" } ?? "—" }
            let cellWidth = cells.map(\.count).max() ?? 0
            for (v, cell) in zip(c.variants, cells) {
                let name = v.name.padding(toLength: width, withPad: " ", startingAt: 0)
                var line = "  \(name)  \(String(repeating: " ", count: cellWidth - cell.count))\(cell)"
                if let d = c.difference(v.name, figure.name) {
                    let verdict = d.better.map { $0 ? "  * better" : "  * worse" } ?? ""
                    line += "    \(d.mean >= 0 ? "+" : "−")\(number(abs(d.mean))) ± \(number(d.halfWidth))\(verdict)"
                } else if v.name == c.baseline {
                    line += "    (baseline)"
                }
                out += line + "\n"
            }
        }
        out += "\nRanking by \(c.figures.first?.label ?? "the first figure"): \(c.ranking.joined(separator: " > "))\n"
        if let selection = c.selection { out += "\n" + SelectionText.render(selection) }
        if let p = c.precision { out += "\n" + precisionLine(p, c) + "\n" }
        if let storePath { out += "Stored in \(storePath) under experiment '\(c.experiment)'.\n" }
        return out
    }

}
