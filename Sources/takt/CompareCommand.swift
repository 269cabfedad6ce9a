import ArgumentParser
import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
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
            every variant's interval is narrow enough. Every replication is stored \
            under the experiment's name and content hash as it completes.
            """
    )

    @Argument(help: "The experiment file (YAML).")
    var experiment: String

    @Option(help: "Worker threads for replications (default: all cores). Results do not depend on it.")
    var threads: Int?

    @Option(help: "The SQLite run store.")
    var db: String = "takt.sqlite"

    @Flag(help: "Do not store the runs.")
    var noDb = false

    @Flag(help: "Print the comparison as JSON.")
    var json = false

    func run() throws {
        let description: ExperimentDescription
        do {
            description = try ExperimentLoader.load(path: experiment)
        } catch {
            throw CommandFailure(message: error.description, code: .badInput)
        }
        if let threads, threads < 1 { throw CommandFailure(message: "error: --threads must be at least 1, got \(threads)", code: .badInput) }
        let store: RunStore? = noDb ? nil : try openStore(db)
        var experimentID: Int64?
        if let store {
            do {
                experimentID = try store.experimentID(ExperimentRecord(
                    name: description.name, hash: description.contentHash, file: description.file, baseline: description.baseline,
                    variants: description.variants.map(\.name), createdAt: StoreWriter.iso(Date())))
            } catch {
                throw CommandFailure(message: "error: \(error)", code: .storeError)
            }
        }
        let writers = description.variants.map { v in
            StoreWriter(store: store, plant: v.plant, settings: description.settings, version: Takt.version, experimentID: experimentID, variant: v.name)
        }
        let progress = Progress(total: description.variants.count * description.settings.replications, label: "replications")
        let results: [[ReplicationResult]]
        do {
            defer { progress.finish() }
            results = try ExperimentRunner.run(description, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount) { i, result in
                writers[i].write(result)
                progress.advance()
            }
        } catch {
            let kept = writers.reduce(0) { $0 + $1.storedIDs.count }
            throw CommandFailure(message: "error: \(description.file): \(error)" + (kept > 0 ? "\n\(kept) replication(s) that completed were stored in \(db)." : ""),
                                 code: .modelError)
        }
        let comparison = Comparison(experiment: description, results: results)
        if json {
            print(try comparison.jsonText())
        } else {
            print(ComparisonTable.render(comparison, experiment: description, storePath: store?.path))
        }
        if let failure = writers.compactMap(\.failure).first {
            throw CommandFailure(message: "error: \(failure)", code: .storeError)
        }
    }
}

/// The comparison as a terminal table.
enum ComparisonTable {
    static func render(_ c: Comparison, experiment: ExperimentDescription, storePath: String?) -> String {
        var out = """
            Experiment \(c.experiment) (\(experiment.file), sha256:\(experiment.contentHash.prefix(12))…)
            \(c.variants.count) variants × \(c.replications) replications, common random numbers; \
            baseline '\(c.baseline)'.
            Differences: paired t, 95% Bonferroni-adjusted over \(c.comparisons) comparison\(c.comparisons == 1 ? "" : "s") \
            (t = \(String(format: "%.3f", c.tQuantile))); * marks a significant difference.

            """
        let width = max(8, c.variants.map(\.name.count).max() ?? 8)
        for (f, figure) in c.figures.enumerated() {
            out += "\n\(figure.label) (\(figure.unit), \(figure.higherIsBetter ? "higher" : "lower") is better)\n"
            // One number of decimals per figure: four significant digits of its largest mean.
            let largest = c.variants.compactMap { $0.estimates[f].map { abs($0.mean) } }.max() ?? 0
            let decimals = max(0, min(6, 3 - (largest > 0 ? Int(floor(log10(largest))) : 0)))
            func number(_ x: Double) -> String { x.isFinite ? String(format: "%.\(decimals)f", x) : "∞" }
            let cells = c.variants.map { v in v.estimates[f].map { "\(number($0.mean)) ± \(number($0.halfWidth ?? 0))" } ?? "—" }
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
        if let storePath { out += "Stored in \(storePath) under experiment '\(c.experiment)'.\n" }
        return out
    }

}
