import Foundation
import TaktDigest
import TaktKernel
import TaktPlant

/// Simulation optimization: a COMPASS search over an experiment's
/// `optimize:` variables, then the selection of the best among the best
/// points found, on fresh random numbers.
///
/// The search's best sample mean is optimistic (the best of many noisy
/// estimates is biased upward: the winner's curse), so the verdict comes from
/// the selection (Boesel, Nelson and Kim, "Using ranking and selection to
/// 'clean up' after simulation optimization", Operations Research 51(5), 2003):
/// the best `candidates` points become the variants of an experiment with
/// Kim and Nelson's procedure, run with seed + 1.
public enum Optimizer {
    /// Why the search stopped.
    public enum Stop: String, Sendable {
        /// Every neighbour of the best point (one move or one exchange away) is visited and worse, after the best had twice
        /// the replications of a sampled point.
        case localOptimum = "local optimum"
        /// The next iteration would exceed the replication budget.
        case budget
    }

    /// Where the search stood after one iteration.
    public struct Iteration: Sendable {
        public var number: Int
        /// Replications run so far.
        public var replications: Int
        /// Points visited so far.
        public var visited: Int
        /// The best point and its sample mean and replications.
        public var best: [Int]
        public var bestMean: Double
        public var bestReplications: Int
    }

    /// The search: every point visited, iteration by iteration.
    public struct Search: Sendable {
        public var compass: Compass
        public var iterations: [Iteration] = []
        public var stop: Stop = .budget
        public var replications = 0

        /// The best points found, best first, at most `count` (failed points left out).
        public func candidates(_ count: Int) -> [[Int]] { compass.ranking.prefix(count).map { compass.points[$0].position } }
    }

    /// The search could not go on.
    public enum Failure: Error, CustomStringConvertible {
        /// A point's plant cannot be read (a variable's value is wrong for its key).
        case badPoint(String, PlantFileErrors)
        /// The start point cannot be simulated to the end.
        case start(ModelError)
        /// The plant does not measure the figure (changeovers in a plant without any setups, say).
        case unmeasured(String)

        public var description: String {
            switch self {
            case let .badPoint(name, errors): "the plant at \(name) cannot be read: \(errors.description)"
            case let .start(error): "the start point cannot be simulated: \(error)"
            case let .unmeasured(figure): "the plant does not measure the figure '\(figure)'; choose one it reports (`takt outputs`)"
            }
        }
    }

    /// Runs the search of `experiment` (which must have `optimization`) on `threads` threads; `onReplication` sees each
    /// replication as it completes.
    public static func search(_ experiment: ExperimentDescription, threads: Int,
                              onReplication: @escaping @Sendable () -> Void = {}) throws(Failure) -> Search {
        let spec = experiment.optimization!
        let figure = ResultFigure.named(spec.figure)!
        // The figure first, then each requirement's.
        let figures = [figure] + spec.requirements.map { ResultFigure.named($0.figure)! }
        var search = Search(compass: Compass(spec: spec, higherIsBetter: figure.higherIsBetter, seed: experiment.settings.seed))
        var plants: [Int: PlantDescription] = [:]
        let n0 = spec.replications
        var sampled = [spec.start]
        while true {
            // The sampled points and the best get n0 more replications each, as far as the budget allows.
            var positions: [[Int]] = []
            for position in sampled where !positions.contains(position) {
                if let i = search.compass.index(of: position), search.compass.points[i].failure != nil { continue }
                positions.append(position)
            }
            // The best last: when the budget runs short, new points come before more replications of the best.
            if let b = search.compass.best.map({ search.compass.points[$0].position }), !positions.contains(b) { positions.append(b) }
            // Only the points the budget lets run are added: a point the search never ran is not one it visited.
            let batch = positions.prefix(max(1, (spec.budget - search.replications) / n0)).map { search.compass.point(at: $0) }
            for i in batch where plants[i] == nil {
                let position = search.compass.points[i].position
                do {
                    plants[i] = try spec.plant(at: position)
                } catch {
                    throw .badPoint(spec.name(of: position), error)
                }
            }
            let work = batch.flatMap { i in (0..<n0).map { (point: i, replication: search.compass.points[i].values.count + $0) } }
            let (values, failures) = evaluate(work, plants: plants, figures: figures, settings: experiment.settings, threads: threads,
                                              onReplication: onReplication)
            for (i, error) in failures {
                if search.compass.points[i].position == spec.start, search.compass.points[i].values.isEmpty { throw .start(error) }
                search.compass.fail(i, error.description)
            }
            for i in batch where search.compass.points[i].failure == nil {
                let rows = values[i] ?? []
                // Every point runs the same plant structure: a figure missing at one is missing everywhere.
                if let k = figures.indices.first(where: { k in rows.contains { $0[k].isNaN } }) { throw .unmeasured(figures[k].name) }
                search.compass.record(rows.map { $0[0] }, requirements: figures.indices.dropFirst().map { k in rows.map { $0[k] } }, for: i)
            }
            search.replications += work.count
            guard let b = search.compass.best else { break }
            let best = search.compass.points[b]
            search.iterations.append(Iteration(number: search.iterations.count + 1, replications: search.replications, visited: search.compass.points.count,
                                               best: best.position, bestMean: best.mean, bestReplications: best.values.count))
            if search.compass.bestIsLocalOptimum, best.values.count >= 2 * n0 {
                search.stop = .localOptimum
                break
            }
            if spec.budget - search.replications < n0 { break }
            sampled = search.compass.sampleMostPromising(count: spec.samplesPerIteration)
            if sampled.allSatisfy(search.compass.isVisited) {
                // Nothing new in the area: the exchanges around the best that it cannot reach.
                sampled += search.compass.drawUnvisitedNeighbours(count: spec.samplesPerIteration)
            }
        }
        return search
    }

    /// Runs `work` (point, replication) and returns each point's values of `figures` in replication order (one row per
    /// replication), and the points that failed.
    private static func evaluate(_ work: [(point: Int, replication: Int)], plants: [Int: PlantDescription], figures: [ResultFigure],
                                 settings: RunSettings, threads: Int,
                                 onReplication: @escaping @Sendable () -> Void) -> (values: [Int: [[Double]]], failures: [(Int, ModelError)]) {
        var pending = work
        var results: [Int: [Int: [Double]]] = [:]
        var failures: [(Int, ModelError)] = []
        // A point whose replication fails is dropped and the rest run on: the search goes elsewhere.
        while !pending.isEmpty {
            let (done, failure) = WorkerPool.replications(pending.map { ($0.point, $0.replication) }, settings: settings, threads: threads,
                                                          scope: "point", plant: { plants[$0]! }, onComplete: { _, _ in onReplication() })
            for (item, result) in zip(pending, done) {
                if let result { results[item.point, default: [:]][item.replication] = figures.map { $0.value(result) ?? .nan } }
            }
            guard let (item, error) = failure else { break }
            failures.append((item.plant, error))
            pending = zip(pending, done).filter { $0.1 == nil && $0.0.point != item.plant }.map(\.0)
        }
        let failed = Set(failures.map(\.0))
        var values: [Int: [[Double]]] = [:]
        for (point, byReplication) in results where !failed.contains(point) {
            values[point] = byReplication.keys.sorted().map { byReplication[$0]! }
        }
        return (values, failures)
    }

    /// The selection experiment after `search`: the best points found as variants, named by their values, with
    /// `select:`, on seed + 1 so the verdict does not reuse the random numbers the search was chosen on.
    public static func selection(after search: Search, of experiment: ExperimentDescription) throws(Failure) -> ExperimentDescription {
        try selection(of: experiment, points: search.candidates(experiment.optimization!.candidates))
    }

    /// The selection experiment whose variants are named `names` (as the store keeps them), or nil when a name names no point.
    public static func selection(of experiment: ExperimentDescription, named names: [String]) -> ExperimentDescription? {
        guard let spec = experiment.optimization else { return nil }
        let points = names.compactMap(spec.point(named:))
        guard points.count == names.count else { return nil }
        return try? selection(of: experiment, points: points)
    }

    /// The selection experiment among `points`.
    static func selection(of experiment: ExperimentDescription, points: [[Int]]) throws(Failure) -> ExperimentDescription {
        let spec = experiment.optimization!
        var variants: [ExperimentDescription.Variant] = []
        for position in points {
            do {
                variants.append(.init(name: spec.name(of: position), plant: try spec.plant(at: position), changes: spec.changes(at: position)))
            } catch {
                throw .badPoint(spec.name(of: position), error)
            }
        }
        var settings = experiment.settings
        settings.seed &+= 1
        settings.replications = spec.selection.firstStage
        // The figure first, then the requirements' figures, then the rest of the experiment's.
        var figures = [spec.figure]
        for name in spec.requirements.map(\.figure) + experiment.figures where !figures.contains(name) { figures.append(name) }
        // Its own content hash: the experiment's and the candidates' plants, so the store tells one search's selection from another's.
        var hash = SHA256()
        hash.update(data: Data(experiment.contentHash.utf8))
        for v in variants { hash.update(data: Data(v.plant.contentHash.utf8)) }
        var selection = ExperimentDescription(name: experiment.name, file: experiment.file,
                                              contentHash: hash.finalize().hex, baseline: variants.first?.name, variants: variants,
                                              settings: settings, figures: figures)
        selection.selection = spec.selection
        return selection
    }
}
