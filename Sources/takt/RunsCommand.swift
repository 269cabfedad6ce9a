import ArgumentParser
import Foundation
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
            print(try snakeCaseJSON(runs))
            return
        }
        if runs.isEmpty {
            print("No runs in \(runStore.db).")
            return
        }
        print("   id  finished (UTC)        plant                 seed  rep  duration      wall  events")
        for r in runs {
            let finished = String(r.finishedAt.prefix(19)).replacingOccurrences(of: "T", with: " ")
            print(String(format: "%5lld  %@  %@ %5lld %4d  %8.0fs %8.2fs  %@", r.id ?? 0, finished as NSString,
                         r.plantName.padding(toLength: 20, withPad: " ", startingAt: 0) as NSString, r.seed, r.replication,
                         r.durationS, r.wallSeconds, "\(r.events)" as NSString))
        }
    }
}
