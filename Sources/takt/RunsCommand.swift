import ArgumentParser
import Foundation
import TaktPlant
import TaktStore

/// `takt runs`: list recent runs in the store.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List recent runs in the run store."
    )

    @OptionGroup var runStore: StoreReadOptions

    @Option(help: "How many runs to list.")
    var limit: Int = 20

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let store = try runStore.open()
        guard limit > 0 else { throw CommandFailure(message: "error: --limit must be at least 1", code: .badInput) }
        let runs: [RunRecord]
        do {
            runs = try store.recentRuns(limit: limit)
        } catch {
            throw CommandFailure(message: "error: \(error)", code: .storeError)
        }
        if json {
            // Each run with its experiment's name beside its id: a pipeline reads which comparison a run belongs to.
            let experiments: [Int64: String]
            do {
                experiments = Dictionary(try store.experiments().compactMap { e in e.id.map { ($0, e.name) } }, uniquingKeysWith: { a, _ in a })
            } catch {
                throw CommandFailure(message: "error: \(error)", code: .storeError)
            }
            print(try snakeCaseJSON(runs.map { RunJSON(run: $0, experiment: $0.experimentId.flatMap { experiments[$0] }) }))
            return
        }
        if runs.isEmpty {
            print("No runs in \(runStore.db).")
            return
        }
        // Columns as wide as their widest value: seeds run to 20 digits, plant names to any length.
        let seeds = runs.map { "\($0.seed)" }, plants = runs.map(\.plantName)
        let seedWidth = max(4, seeds.map(\.count).max() ?? 0), plantWidth = min(40, max(5, plants.map(\.count).max() ?? 0))
        let right = HumanSummary.pad
        func left(_ text: String, _ width: Int) -> String { text.count > width ? String(text.prefix(width - 1)) + "…" : text.padding(toLength: width, withPad: " ", startingAt: 0) }
        print("   id  finished (UTC)        \(left("plant", plantWidth))  \(right("seed", seedWidth))  rep  duration      wall  events")
        for (r, seed) in zip(runs, seeds) {
            let finished = String(r.finishedAt.prefix(19)).replacingOccurrences(of: "T", with: " ")
            print("\(right("\(r.id ?? 0)", 5))  \(finished)  \(left(r.plantName, plantWidth))  \(right(seed, seedWidth)) \(right("\(r.replication)", 4))  "
                + "\(right(DurationText.format(r.durationS), 8)) \(right(String(format: "%.2fs", r.wallSeconds), 9))  \(r.events)")
        }
    }
}

/// A stored run as `takt runs --json` gives it: the record's columns and its experiment's name.
private struct RunJSON: Encodable {
    let run: RunRecord
    let experiment: String?

    enum Key: String, CodingKey { case experiment }

    func encode(to encoder: any Encoder) throws {
        try run.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encodeIfPresent(experiment, forKey: .experiment)
    }
}
