import TaktKernel
import TaktPlant

/// COMPASS: convergent optimization via most-promising-area stochastic search
/// (Hong and Nelson, Operations Research 54(1), 2006) over the whole-number
/// points of an `OptimizationSpec`.
///
/// Every point visited is kept with the figure's value of each of its
/// replications; two points are compared on the replications both have
/// (replication r of every point runs on the same random numbers, so a point
/// with more replications is not judged against another's luck). The *most
/// promising area* is every feasible point at least as close to the best
/// visited point (highest or lowest sample mean) as to
/// any other visited point. Each iteration samples points of that area, by a
/// random walk of coordinate moves from the best point, each move uniform
/// over the positions the area and the constraints allow along one
/// coordinate; the sampled points and the best get more replications, and
/// the best is chosen again. The area shrinks around the best as neighbours
/// are visited; when every neighbour (one position up or down along one
/// coordinate) is visited and none is better, the best is a local optimum.
///
/// With requirements (bounds on other figures' means), a point whose sample
/// means keep every bound beats every point whose means break one, and of
/// two that break some, the one that breaks them by less (in tolerances)
/// is better: the search heads for the feasible region and then for the
/// best within it. Sample means can be wrong near a bound; the selection
/// after the search checks the candidates' feasibility with a guarantee.
///
/// The walk draws from its own stream (the experiment's seed, named
/// `optimize`), and the values arrive in a fixed order, so the search is the
/// same for the same seed whatever the thread count.
public struct Compass: Sendable {
    /// A visited point: its positions and its replications' values, in replication order.
    public struct Point: Sendable {
        public var position: [Int]
        /// The figure's value in each replication.
        public var values: [Double] = []
        /// Each requirement's figure, replication by replication (`requirementValues[j][r]`).
        public var requirementValues: [[Double]] = []
        /// Why its replications could not run (the plant became unstable there); it is never the best.
        public var failure: String?

        public var mean: Double { SampleMoments.mean(values) }

        /// The mean of its first `n` replications (all of them when it has fewer).
        public func mean(over n: Int) -> Double { SampleMoments.mean(Array(values.prefix(n))) }

        /// Each requirement's figure's mean.
        public var requirementMeans: [Double] { requirementValues.map(SampleMoments.mean) }

        /// Each requirement's figure's mean over the first `n` replications.
        public func requirementMeans(over n: Int) -> [Double] { requirementValues.map { SampleMoments.mean(Array($0.prefix(n))) } }

        /// How far its means break `requirements`, in tolerances, added up (0: they keep every one).
        public func violation(of requirements: [Requirement]) -> Double {
            violation(of: requirements, over: values.count)
        }

        /// How far the means of its first `n` replications break `requirements`, in tolerances, added up.
        public func violation(of requirements: [Requirement], over n: Int) -> Double {
            zip(requirements, requirementMeans(over: n)).reduce(0) { $0 + max(0, $1.0.excess($1.1) / $1.0.tolerance) }
        }
    }

    public let spec: OptimizationSpec
    public let higherIsBetter: Bool
    public private(set) var points: [Point] = []
    private var visited: [[Int]: Int] = [:]
    private var random: RandomStream
    private let counts: [Int]

    /// A search over `spec`'s points that prefers high values of the figure when `higherIsBetter`, walking with `seed`'s stream.
    public init(spec: OptimizationSpec, higherIsBetter: Bool, seed: UInt64) {
        self.spec = spec
        self.higherIsBetter = higherIsBetter
        counts = spec.variables.map(\.count)
        random = RandomStream(seed: seed, replication: 0, name: "optimize")
    }

    /// The index of the point at `position`, if it has been added.
    public func index(of position: [Int]) -> Int? { visited[position] }

    /// The index of the point at `position`, added unvisited if new.
    public mutating func point(at position: [Int]) -> Int {
        if let i = visited[position] { return i }
        points.append(Point(position: position))
        visited[position] = points.count - 1
        return points.count - 1
    }

    /// Appends replication values of point `i`, the figure's and each requirement's figure's; the next replication index is
    /// its count of values.
    public mutating func record(_ values: [Double], requirements: [[Double]] = [], for i: Int) {
        points[i].values += values
        if points[i].requirementValues.isEmpty { points[i].requirementValues = requirements.map { _ in [] } }
        for j in requirements.indices { points[i].requirementValues[j] += requirements[j] }
    }

    /// Marks point `i` failed with `message`.
    public mutating func fail(_ i: Int, _ message: String) { points[i].failure = message }

    /// The best point: the best sample mean among those with values and without failure (the first of equals), of those
    /// that break the requirements least.
    public var best: Int? {
        var best: Int?
        for (i, p) in points.enumerated() where p.failure == nil && !p.values.isEmpty {
            guard let b = best else { best = i; continue }
            if isBetter(i, than: b) { best = i }
        }
        return best
    }

    /// The points ranked best first (failed and unrun points left out), by their means over the replications every
    /// one of them has: the same random numbers for all (a point with more replications is not judged on others).
    public var ranking: [Int] {
        let ranked = points.indices.filter { points[$0].failure == nil && !points[$0].values.isEmpty }
        let common = commonReplications
        return ranked.sorted { a, b in
            isBetter(a, than: b, over: common) || (!isBetter(b, than: a, over: common) && a < b)
        }
    }

    /// Whether point `a` is better than point `b`: it breaks the requirements less, or as little and has a better mean,
    /// both over the replications the two have in common (common random numbers: replication r of every point uses the
    /// same streams, so only like is compared with like).
    private func isBetter(_ a: Int, than b: Int) -> Bool {
        isBetter(a, than: b, over: min(points[a].values.count, points[b].values.count))
    }

    /// Whether point `a` is better than point `b` over their first `n` replications.
    private func isBetter(_ a: Int, than b: Int, over n: Int) -> Bool {
        let requirements = spec.requirements
        if !requirements.isEmpty {
            let (u, v) = (points[a].violation(of: requirements, over: n), points[b].violation(of: requirements, over: n))
            if u != v { return u < v }
        }
        let (x, y) = (points[a].mean(over: n), points[b].mean(over: n))
        return higherIsBetter ? x > y : x < y
    }

    /// The replications every ranked point has (the first ones): `ranking` compares the points on these.
    public var commonReplications: Int {
        points.filter { $0.failure == nil && !$0.values.isEmpty }.map(\.values.count).min() ?? 0
    }

    /// Whether point `i`'s sample means keep every requirement.
    public func keepsRequirements(_ i: Int) -> Bool { points[i].violation(of: spec.requirements) == 0 }

    /// Whether the means of point `i`'s first `n` replications keep every requirement.
    public func keepsRequirements(_ i: Int, over n: Int) -> Bool { points[i].violation(of: spec.requirements, over: n) == 0 }

    /// Each ranked point's rank (1: the best), by point index.
    public var ranks: [Int: Int] { Dictionary(uniqueKeysWithValues: ranking.enumerated().map { ($1, $0 + 1) }) }

    /// The feasible neighbours of `position`: one position up or down along one coordinate, or one up along one and one
    /// down along another (an exchange, which a constraint on a sum needs: from 2 2 2 under a sum of 6, 2 1 3 is an exchange away).
    public func neighbours(of position: [Int]) -> [[Int]] {
        let d = position.count
        var out: [[Int]] = []
        func add(_ moves: [(Int, Int)]) {
            var n = position
            for (i, by) in moves {
                n[i] += by
                guard (0..<counts[i]).contains(n[i]) else { return }
            }
            if spec.isFeasible(n) { out.append(n) }
        }
        for i in 0..<d {
            add([(i, -1)])
            add([(i, 1)])
        }
        for i in 0..<d {
            for j in 0..<d where j != i { add([(i, 1), (j, -1)]) }
        }
        return out
    }

    /// Whether every feasible neighbour of the best point is visited (so the best is a local optimum among the points seen).
    public var bestIsLocalOptimum: Bool { unvisitedNeighboursOfBest.isEmpty && best != nil }

    /// The best point's feasible neighbours not yet visited.
    public var unvisitedNeighboursOfBest: [[Int]] {
        guard let b = best else { return [] }
        return neighbours(of: points[b].position).filter { visited[$0] == nil }
    }

    /// Up to `count` of the best point's unvisited neighbours, drawn at random: when the most promising area has
    /// nothing new left (its neighbours one move away are visited), the exchanges it cannot reach.
    public mutating func drawUnvisitedNeighbours(count: Int) -> [[Int]] {
        var pool = unvisitedNeighboursOfBest
        var out: [[Int]] = []
        while out.count < count, !pool.isEmpty {
            out.append(pool.remove(at: Int(random.next() % UInt64(pool.count))))
        }
        return out
    }

    /// Whether a point has been visited.
    public func isVisited(_ position: [Int]) -> Bool { visited[position] != nil }

    /// `count` points of the most promising area around the best point, each the end of its own random walk (visited points may recur).
    public mutating func sampleMostPromising(count: Int) -> [[Int]] {
        guard let b = best else { return [] }
        let center = points[b].position
        // Each other visited point y bounds the area by 2(y − c)·x ≤ |y|² − |c|²: x is no closer to y than to c.
        let norm = { (x: [Int]) in x.reduce(0) { $0 + $1 * $1 } }
        let halfspaces = points.indices.filter { $0 != b }.map { i in
            (normal: zip(points[i].position, center).map { 2 * ($0 - $1) }, bound: norm(points[i].position) - norm(center))
        }
        let steps = 2 * counts.count + 5
        return (0..<count).map { _ in walk(from: center, steps: steps, halfspaces: halfspaces) }
    }

    /// A random walk of `steps` coordinate moves from `start` within `halfspaces` and the constraints.
    private mutating func walk(from start: [Int], steps: Int, halfspaces: [(normal: [Int], bound: Int)]) -> [Int] {
        var x = start
        // Each halfspace's normal·x, kept up to date move by move.
        var dots = halfspaces.map { h in zip(h.normal, x).reduce(0) { $0 + $1.0 * $1.1 } }
        for _ in 0..<steps {
            let i = Int(random.next() % UInt64(counts.count))
            var low = 0, high = counts[i] - 1
            for (h, dot) in zip(halfspaces, dots) where h.normal[i] != 0 {
                let a = h.normal[i], rest = h.bound - (dot - a * x[i])  // a·xᵢ ≤ rest
                if a > 0 { high = min(high, floorDiv(rest, a)) } else { low = max(low, -floorDiv(rest, -a)) }
            }
            // The area holds x[i] itself, so low ≤ x[i] ≤ high, and so do the constraints: never empty.
            let allowed = spec.feasiblePositions(of: i, at: x, within: low...max(low, high))
            let total = allowed.reduce(0) { $0 + $1.count }
            guard total > 0 else { continue }
            var k = Int(random.next() % UInt64(total))
            var p = x[i]
            for r in allowed {
                if k < r.count { p = r.lowerBound + k; break }
                k -= r.count
            }
            for k in halfspaces.indices { dots[k] += halfspaces[k].normal[i] * (p - x[i]) }
            x[i] = p
        }
        return x
    }

    /// ⌊a ÷ b⌋ for b > 0.
    private func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
