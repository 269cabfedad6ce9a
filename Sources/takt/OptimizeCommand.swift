import ArgumentParser
import Foundation
import TaktExperiment
import TaktPlant
import TaktStore

/// `takt optimize EXPERIMENT`: search an experiment's `optimize:` variables for the best plant, then select the best of the best found.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Search plant settings for the best value of a figure, then select the best of the best found with a guarantee.",
        discussion: """
            The experiment's `optimize:` block names the variables (plant key paths \
            with whole-number ranges or lists of values), linear constraints on \
            them, constraints on figures' means (lead time at most 15min), the \
            figure, the replication budget and the selection. COMPASS \
            (Hong and Nelson 2006) samples the most promising area around the best \
            point so far, with common random numbers across points, until every \
            neighbour of the best is worse (a local optimum) or the budget is spent. \
            The best sample mean of a search is optimistic, so the best `candidates` \
            points are then run again on fresh random numbers (seed + 1) as an \
            experiment with Kim and Nelson's selection of the best (after Batur and \
            Kim's feasibility check when figures are constrained): its verdict holds \
            with the stated confidence. The search's replications are not stored; \
            the selection's are, under the experiment's name, with the points the search \
            visited and how it went, for `takt report`.
            """
    )

    @Argument(help: "The experiment file (YAML) with an optimize: block.")
    var experiment: String

    @OptionGroup var workers: ThreadOptions

    @OptionGroup var runStore: StoreWriteOptions

    @Flag(help: "Print the search and the selection as JSON.")
    var json = false

    func run() throws {
        var description: ExperimentDescription
        do {
            description = try ExperimentLoader.load(path: experiment)
        } catch {
            throw CommandFailure(message: error.description, code: .badInput)
        }
        guard let spec = description.optimization else {
            throw CommandFailure(message: "error: \(experiment): no optimize: block (variables to search over); `takt compare` runs an experiment's variants",
                                 code: .badInput)
        }
        let warmupRule = try AutomaticWarmup.choose(for: &description)
        let threads = try workers.count()
        let store: RunStore? = try runStore.open()

        // The search keeps nothing, the selection each replication it finishes: an interrupted optimization starts again.
        Interruption.onSignal(say: "interrupted: a search is not stored and cannot be resumed"
            + (store.map { "; selection replications finished so far are stored in \($0.path)" } ?? "") + "; run `takt optimize` again to search anew")
        let progress = Progress(total: spec.budget, label: "search replications")
        let search: Optimizer.Search
        let selectionExperiment: ExperimentDescription
        do {
            defer { progress.finish() }
            search = try Optimizer.search(description, threads: threads, onReplication: { progress.advance() })
            selectionExperiment = try Optimizer.selection(after: search, of: description)
        } catch {
            switch error {
            case .badPoint, .unmeasured: throw CommandFailure(message: "error: \(description.file): optimize: \(error)", code: .badInput)
            case .start: throw CommandFailure(message: "error: \(description.file): optimize: \(error)", code: .modelError)
            }
        }
        guard selectionExperiment.variants.count >= 2 else {
            throw CommandFailure(message: "error: \(description.file): optimize: the search found \(selectionExperiment.variants.count) point(s) "
                                 + "that could be simulated; the selection needs at least 2 (widen the variables or raise the budget)", code: .modelError)
        }
        let run = try StoredExperiment(selectionExperiment, threads: threads, store: store, db: runStore.db)
        var comparison = Comparison(experiment: selectionExperiment, results: run.results)
        comparison.warmupRule = warmupRule
        if let message = comparison.selection?.unavailable {
            throw CommandFailure(message: "error: \(description.file): optimize: \(message)", code: .badInput)
        }
        // The search beside the selection it led to, so `takt report` can show how it went.
        var storeFailure = run.storeFailure
        if let store, let id = run.experimentID, storeFailure == nil {
            do {
                try store.record(StoredSearch(search, experimentID: id))
            } catch {
                storeFailure = CommandFailure(message: "error: \(error)\nThe selection's replications were stored; the search was not.", code: .storeError)
            }
        }
        // The outcome is printed even when the store failed: a finished optimization is never lost to the disk.
        if json {
            print(try OptimizationJSON(search: search, comparison: comparison).text())
        } else {
            print(OptimizationText.render(search, experiment: description))
            print(ComparisonTable.render(comparison, experiment: selectionExperiment, storePath: store?.path))
        }
        if let storeFailure { throw storeFailure }
    }
}

/// `takt optimize --json`: the search, and the selection as `takt compare --json` gives it.
struct OptimizationJSON: Encodable {
    var search: Optimizer.Search
    var comparison: Comparison

    func text() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// The search as terminal text: what was searched, how it ended, and the best points found.
enum OptimizationText {
    static func render(_ search: Optimizer.Search, experiment: ExperimentDescription) -> String {
        let spec = search.compass.spec
        let figure = experiment.figure(named: spec.figure)!
        let points = search.compass.points
        let constraints = spec.constraints.map(\.text) + spec.requirements.map { "\($0.text) (mean over replications)" }
        var out = """
            Optimization \(experiment.name) (\(experiment.file), sha256:\(experiment.contentHash.prefix(12))…)
            \(figure.label) (\(figure.unit), \(figure.higherIsBetter ? "higher" : "lower") is better) over \(spec.variables.count) variable(s)\
            \(constraints.isEmpty ? "" : " subject to " + constraints.joined(separator: "; ")).
            Search: COMPASS, \(search.iterations.count) iterations, \(points.count) points visited, \(search.replications) of \(spec.budget) \
            replications (\(spec.replications) per sampled point, common random numbers); stopped: \
            \(search.stop == .localOptimum ? "local optimum (every neighbour of the best visited)" : "budget spent").

            """
        let failed = points.filter { $0.failure != nil }
        if !failed.isEmpty {
            out += "\(failed.count) point(s) could not be simulated and were left out, e.g. \(spec.name(of: failed[0].position)): \(failed[0].failure!)\n"
        }
        // Ranked as the search compares them: on the replications every point has (common random numbers).
        let n = search.compass.commonReplications
        out += "Best points found, by their means over the first \(n) replications, which every point has (search means are optimistic; "
            + "the selection below runs them again on fresh random numbers):\n"
        // A point's sample means of the constrained figures, and whether they keep the bounds.
        func requirements(_ i: Int) -> String {
            guard !spec.requirements.isEmpty else { return "" }
            let means = zip(spec.requirements, points[i].requirementMeans(over: n)).map { "\($0.figure) \(SelectionText.number($1))" }
            return "; " + means.joined(separator: ", ") + (search.compass.keepsRequirements(i, over: n) ? " (keeps the constraints)" : " (breaks a constraint)")
        }
        func line(_ i: Int) -> String {
            let p = points[i]
            let more = p.values.count > n ? "; \(SelectionText.number(p.mean)) over all its \(p.values.count)" : ""
            return "\(spec.name(of: p.position))  mean \(SelectionText.number(p.mean(over: n)))\(more)\(requirements(i))\n"
        }
        for (rank, i) in search.compass.ranking.prefix(spec.candidates).enumerated() { out += "  \(rank + 1). " + line(i) }
        if let start = points.first, start.failure == nil { out += "  start: " + line(0) }
        return out
    }
}

extension StoredSearch {
    /// The store's rows of `search`, behind the selection stored as experiment `id`.
    init(_ search: Optimizer.Search, experimentID id: Int64) {
        let spec = search.compass.spec
        let rank = search.compass.ranks
        func json(_ object: Any) -> String {
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self)
        }
        let constrained = !spec.requirements.isEmpty
        func constraintMeans(_ p: Compass.Point) -> String? {
            guard constrained, !p.values.isEmpty else { return nil }
            return json(spec.requirements.byFigure(p.requirementMeans))
        }
        self.init(
            search: OptimizationSearchRecord(experimentId: id, method: "COMPASS", figure: spec.figure, higherIsBetter: search.compass.higherIsBetter,
                                             budget: spec.budget, replicationsPerSample: spec.replications, replications: search.replications,
                                             stopped: search.stop.rawValue),
            points: search.compass.points.enumerated().map { i, p in
                OptimizationPointRecord(experimentId: id, position: i, point: spec.name(of: p.position), pointValues: json(spec.values(at: p.position)),
                                        replications: p.values.count, mean: p.values.isEmpty ? nil : p.mean, rank: rank[i], failure: p.failure,
                                        constraintMeans: constraintMeans(p),
                                        keepsConstraints: constrained && !p.values.isEmpty ? search.compass.keepsRequirements(i) : nil)
            },
            iterations: search.iterations.map { it in
                OptimizationIterationRecord(experimentId: id, iteration: it.number, replications: it.replications, visited: it.visited,
                                            best: spec.name(of: it.best), bestMean: it.bestMean, bestReplications: it.bestReplications)
            })
    }
}
