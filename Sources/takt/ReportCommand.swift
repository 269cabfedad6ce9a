import ArgumentParser
import Foundation
import TaktKernel
import TaktReport
import TaktStore

/// `takt report`: an HTML report and a Markdown summary of stored runs.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report (and a Markdown summary) of an experiment or of runs in the store.",
        discussion: """
            Reads only the run store (it runs nothing), so it works on merged shard \
            stores. The HTML is one self-contained file: inline CSS and SVG charts, no \
            scripts, readable offline and printable. It holds the comparison with \
            confidence intervals and paired differences, a chart per key figure, \
            throughput over time, station states, the bottleneck ranking, the loss tree, \
            cycle-time and lead-time histograms, decisions per deployment strategy, and \
            the hashes and versions needed to reproduce it.

            Exit codes: 0 written; 2 bad input (an unknown experiment or run, an empty \
            store, an output file that cannot be written); 3 the store cannot be read.
            """
    )

    @OptionGroup var runStore: StoreReadOptions

    @Option(help: "Report on this experiment's runs (its most recently recorded content).")
    var experiment: String?

    @Option(name: .customLong("run"), parsing: .upToNextOption,
            help: "Report on these runs (ids from `takt runs`), grouped by experiment variant or by `takt run` invocation.")
    var runIDs: [Int64] = []

    @Option(help: "Report on the most recent N runs, grouped the same way.")
    var last: Int?

    @Option(help: "The HTML file to write ('-': standard output).")
    var out: String = "report.html"

    @Option(help: "Also write the Markdown summary to this file ('-': standard output).")
    var markdown: String?

    func validate() throws {
        let chosen = [experiment != nil, !runIDs.isEmpty, last != nil].filter { $0 }.count
        guard chosen == 1 else {
            throw ValidationError("choose what to report on: exactly one of --experiment NAME, --run ID…, --last N")
        }
    }

    func run() throws {
        let selection: ReportSelection = if let experiment { .experiment(experiment) } else if let last { .last(last) } else { .runs(runIDs) }
        let store = try runStore.open()
        let started = ContinuousClock.now
        let report: Report
        do {
            report = try ReportLoader.load(store, selection: selection, version: Takt.version)
        } catch {
            switch error {
            case let .badInput(message): throw CommandFailure(message: message, code: .badInput)
            case let .store(message): throw CommandFailure(message: message, code: .storeError)
            }
        }
        try writeOutput(HTMLReport.render(report), to: out, option: "--out")
        if let markdown { try writeOutput(MarkdownReport.render(report), to: markdown, option: "--markdown") }
        let seconds = (ContinuousClock.now - started).inSeconds
        let runs = report.groups.reduce(0) { $0 + $1.runIDs.count }
        let written = [out, markdown].compactMap { $0 }.filter { $0 != "-" }
        if !written.isEmpty {
            let message = "\(report.title): \(report.groups.count) group(s), \(runs) run(s) → \(written.joined(separator: ", ")) "
                + "(\(String(format: "%.2f", seconds)) s)\n"
            Console.error(message)
        }
    }
}
