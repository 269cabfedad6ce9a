import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// Simulation optimization: COMPASS samples only the most promising area and
/// the feasible points, finds the optimum of a noisy function and of a line
/// whose optimum queueing theory gives, the same for any thread count; and
/// the `optimize:` block's bad input is refused where it is written.
@Suite("Optimization")
struct OptimizationTests {
    /// Three stations in line, fed without limit, exponential work of 40, 20 and 60 min per server; each
    /// station's servers are a variable, at most 6 in all. The line's throughput is at most the smallest
    /// station capacity, servers × 60 / mean per hour: 2, 1, 3 servers give 3 jobs/h at every station,
    /// every other split of 6 or fewer servers leaves some station at 2 jobs/h or less.
    static let staffing = """
        plant: staffing
        run: {duration: 10d, warmup: 1d, replications: 5, seed: 1}
        sources:
          - {name: parts, unlimited: true, next: a}
        stations:
          - {name: a, servers: 1, process: {dist: exponential, mean: 40min}, buffer: 0, next: b}
          - {name: b, servers: 1, process: {dist: exponential, mean: 20min}, buffer: 40, next: c}
          - {name: c, servers: 1, process: {dist: exponential, mean: 60min}, buffer: 40, next: done}
        sinks:
          - {name: done}
        """

    static let staffingSearch = """
        experiment: staffing
        plant: staffing.yaml
        optimize:
          figure: throughput_per_hour
          variables:
            stations.a.servers: {min: 1, max: 4}
            stations.b.servers: {min: 1, max: 4}
            stations.c.servers: {min: 1, max: 4}
          constraints:
            - {sum: [stations.a.servers, stations.b.servers, stations.c.servers], at_most: 6}
          budget: 200
          candidates: 3
          select: {indifference: 0.1, first_stage: 5}
        """

    /// An M/M/c queue (calls every 15 min, an hour's work each) whose servers cost 8 an hour and whose
    /// waiting calls 30 an hour each: c × 8 + 30 × L(c) is least at 7 servers (181.4 an hour; 6: 185.1, 8: 185.8;
    /// Erlang's C formula for L), the classic economic staffing problem.
    static let pricedDesk = """
        plant: desk
        run: {duration: 60d, warmup: 2d, replications: 5, seed: 1}
        sources:
          - {name: calls, interarrival: {dist: exponential, mean: 15min}, next: desk}
        stations:
          - {name: desk, servers: 5, process: {dist: exponential, mean: 60min}, buffer: unlimited, next: done}
        sinks:
          - {name: done}
        costs:
          wip_per_job_hour: 30
          stations: {desk: {per_server_hour: 8}}
        """

    /// Loads `experiment` (YAML) beside `plant` (the staffing plant unless given), written as `staffing.yaml`, in a fresh folder.
    static func load(_ experiment: String, plant: String = staffing) throws -> ExperimentDescription {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("takt-optimize-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try plant.write(to: dir.appendingPathComponent("staffing.yaml"), atomically: true, encoding: .utf8)
        return try ExperimentLoader.parse(yaml: experiment, file: dir.appendingPathComponent("optimize.yaml").path)
    }

    /// Replaces the staffing search's variables and constraints.
    static func search(variables: String, constraints: String = "") throws -> OptimizationSpec {
        try #require(load("""
            experiment: synthetic
            plant: staffing.yaml
            optimize:
              figure: throughput_per_hour
              variables:
            \(variables)
            \(constraints)
              select: {indifference: 0.1}
            """).optimization)
    }

    @Test("every sampled point is feasible and no farther from the best than from any other visited point")
    func samplesTheMostPromisingArea() throws {
        let spec = try Self.search(variables: """
                stations.a.servers: {min: 1, max: 30}
                stations.b.servers: {min: 1, max: 30}
                stations.c.servers: {min: 1, max: 30}
            """, constraints: """
              constraints:
                - {sum: {stations.a.servers: 2, stations.b.servers: 1, stations.c.servers: 1}, at_most: 50}
                - {sum: [stations.a.servers, stations.c.servers], at_least: 10}
              start: {stations.a.servers: 5, stations.b.servers: 5, stations.c.servers: 5}
            """)
        var compass = Compass(spec: spec, higherIsBetter: true, seed: 7)
        var noise = RandomStream(seed: 7, replication: 0, name: "noise")
        var sampled = 0
        for _ in 0..<40 {
            // Some visited points, values from a smooth function of the position with noise.
            let samples = compass.best == nil ? [spec.start] : compass.sampleMostPromising(count: 5)
            // The area the samples were drawn from: as the search stood before they are recorded.
            let center = compass.best.map { compass.points[$0].position }
            let others = compass.points.map(\.position).filter { $0 != center }
            func d2(_ x: [Int], _ y: [Int]) -> Int { zip(x, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
            for position in samples {
                #expect(spec.isFeasible(position), "infeasible sample \(position)")
                if let center {
                    for other in others {
                        #expect(d2(position, center) <= d2(position, other), "\(position) is closer to \(other) than to the best \(center)")
                    }
                }
            }
            for position in samples {
                sampled += 1
                let i = compass.point(at: position)
                compass.record([-Double(zip(position, [12, 20, 9]).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }) + noise.nextUnit()], for: i)
            }
        }
        #expect(sampled > 150)
    }

    @Test("points are compared on the replications both have: a point's extra replications are not set against another's few")
    func comparesCommonReplications() throws {
        let spec = try Self.search(variables: """
                stations.a.servers: {min: 1, max: 30}
            """, constraints: "")
        var compass = Compass(spec: spec, higherIsBetter: true, seed: 7)
        // A: 10 on replications 0–3, then 20 on 4–7 (a lucky streak); B: 11 on replications 0–3, the ones A has too.
        let a = compass.point(at: [4]), b = compass.point(at: [5])
        compass.record([10, 10, 10, 10, 20, 20, 20, 20], for: a)
        compass.record([11, 11, 11, 11], for: b)
        #expect(compass.points[a].mean > compass.points[b].mean)
        #expect(compass.best == b && compass.ranking == [b, a])
    }

    @Test("the positions a constraint allows along one variable are exactly those a check of every position finds")
    func feasiblePositionsMatchAScan() throws {
        let spec = try Self.search(variables: """
                stations.a.servers: {min: 1, max: 40, step: 3}
                stations.b.servers: {min: 1, max: 30}
                stations.c.servers: {values: [7, 2, 9, 4, 1]}
            """, constraints: """
              constraints:
                - {sum: {stations.a.servers: 2.5, stations.b.servers: -1, stations.c.servers: 1}, at_most: 40, at_least: -3}
                - {sum: [stations.b.servers, stations.c.servers], at_least: 8}
              start: {stations.a.servers: 4, stations.b.servers: 10, stations.c.servers: 4}
            """)
        var random = RandomStream(seed: 3, replication: 0, name: "points")
        var checked = 0
        while checked < 300 {
            let point = spec.variables.map { Int(random.next() % UInt64($0.count)) }
            guard spec.isFeasible(point) else { continue }
            for i in point.indices {
                let all = 0...(spec.variables[i].count - 1)
                let scanned = all.filter { p in
                    var y = point
                    y[i] = p
                    return spec.isFeasible(y)
                }
                #expect(spec.feasiblePositions(of: i, at: point, within: all).flatMap { Array($0) } == scanned, "variable \(i) at \(point)")
            }
            checked += 1
        }
    }

    @Test("finds the maximum of a noisy concave function of three variables under a constraint")
    func findsTheOptimumOfANoisyFunction() throws {
        let spec = try Self.search(variables: """
                stations.a.servers: {min: 1, max: 40}
                stations.b.servers: {min: 1, max: 40}
                stations.c.servers: {min: 1, max: 40}
            """, constraints: """
              constraints:
                - {sum: [stations.a.servers, stations.b.servers, stations.c.servers], at_most: 45}
            """)
        // −|x − (13, 21, 9)|² with standard deviation 1 noise; the optimum's neighbours are 1 worse.
        let peak = [12, 20, 8]  // positions of values 13, 21, 9
        var found = 0
        for seed in UInt64(1)...10 {
            var compass = Compass(spec: spec, higherIsBetter: true, seed: seed)
            var noise = RandomStream(seed: seed, replication: 0, name: "noise")
            func normal() -> Double { (-2 * log(noise.nextOpenUnit())).squareRoot() * cos(2 * .pi * noise.nextUnit()) }
            var samples = [spec.start]
            for _ in 0..<200 {
                var batch = samples.map { compass.point(at: $0) }
                if let b = compass.best, !batch.contains(b) { batch.append(b) }
                for i in Set(batch).sorted() {
                    let f = -Double(zip(compass.points[i].position, peak).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) })
                    compass.record((0..<3).map { _ in f + normal() }, for: i)
                }
                if compass.bestIsLocalOptimum, compass.points[compass.best!].values.count >= 6 { break }
                samples = compass.sampleMostPromising(count: 3)
            }
            if compass.points[compass.best!].position == peak { found += 1 }
        }
        // Noise of 1 against differences of 1 at 3 replications: most searches end on the peak, every one near it.
        #expect(found >= 7, "found the peak in \(found) of 10 searches")
    }

    @Test("finds the balanced staffing queueing theory predicts, selects it, the same on one thread and two")
    func findsTheBalancedLine() throws {
        let experiment = try Self.load(Self.staffingSearch)
        let one = try Optimizer.search(experiment, threads: 1)
        let two = try Optimizer.search(experiment, threads: 2)
        #expect(one.compass.points.map(\.position) == two.compass.points.map(\.position))
        #expect(one.compass.points.map(\.values) == two.compass.points.map(\.values))
        let best = try #require(one.compass.best)
        #expect(experiment.optimization!.name(of: one.compass.points[best].position) == "a.servers=2 b.servers=1 c.servers=3")
        #expect(one.stop == .localOptimum && one.replications <= 200)
        // The balanced line reaches close to its 3 jobs/h; the next best stays at most at 2.
        #expect(one.compass.points[best].mean > 2.6 && one.compass.points[best].mean <= 3.05)
        let second = one.compass.ranking[1]
        #expect(one.compass.points[second].mean < 2.1)
        // The JSON gives whole-number variables as numbers, for scripts.
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(one)) as? [String: Any])
        let values = try #require((json["points"] as? [[String: Any]])?.first?["values"] as? [String: Any])
        #expect(values["stations.a.servers"] is Int && !(values["stations.a.servers"] is String), "\(values)")

        let selection = try Optimizer.selection(after: one, of: experiment)
        #expect(selection.variants.count == 3 && selection.settings.seed == experiment.settings.seed + 1)
        let results = try ExperimentRunner.run(selection, threads: 2)
        let verdict = try #require(Comparison(experiment: selection, results: results).selection)
        #expect(verdict.selected == "a.servers=2 b.servers=1 c.servers=3")
    }

    @Test("prices servers against waiting: selects the staffing with the least cost per hour that Erlang's formula gives")
    func selectsTheEconomicStaffing() throws {
        let experiment = try Self.load("""
            experiment: desk
            plant: staffing.yaml
            optimize:
              figure: cost_per_hour
              variables:
                stations.desk.servers: {min: 5, max: 12}
              budget: 100
              candidates: 3
              select: {indifference: 1.0, first_stage: 5}
            """, plant: Self.pricedDesk)
        let search = try Optimizer.search(experiment, threads: 2)
        let selection = try Optimizer.selection(after: search, of: experiment)
        // The three best found are the three best in theory (7; then 6 and 8, 0.7 apart).
        #expect(Set(selection.variants.map(\.name)) == ["servers=6", "servers=7", "servers=8"])
        let results = try ExperimentRunner.run(selection, threads: 2)
        let verdict = try #require(Comparison(experiment: selection, results: results).selection)
        #expect(verdict.selected == "servers=7")
    }

    @Test("the smallest budget (two rounds of replications) still gives the selection two points")
    func smallestBudget() throws {
        let experiment = try Self.load(Self.staffingSearch.replacingOccurrences(of: "budget: 200", with: "budget: 10"))
        let search = try Optimizer.search(experiment, threads: 2)
        #expect(search.replications == 10 && search.compass.points.filter { !$0.values.isEmpty }.count == 2)
        #expect(try Optimizer.selection(after: search, of: experiment).variants.count == 2)
    }

    @Test("bad optimize: blocks are refused where they are written")
    func refusesBadInput() throws {
        func error(_ text: String) -> String {
            do {
                _ = try Self.load(text)
                return ""
            } catch {
                return "\(error)"
            }
        }
        let base = Self.staffingSearch
        let unconstrained = base.replacingOccurrences(of: "  constraints:\n    - {sum: [stations.a.servers, stations.b.servers, stations.c.servers], at_most: 6}\n", with: "")
        let cases: [(String, String)] = [
            (base.replacingOccurrences(of: "at_most: 6", with: "at_most: 2"), "the start point (a.servers=1 b.servers=1 c.servers=1) breaks"),
            (base.replacingOccurrences(of: "stations.c.servers], at_most", with: "stations.d.servers], at_most"),
             "'stations.d.servers' is not a variable (did you mean 'stations.a.servers'?)"),
            (unconstrained.replacingOccurrences(of: "stations.c.servers: {min: 1, max: 4}", with: "stations.c.servers: {min: 0, max: 4}"),
             "stations.c.servers = 0, the optimization's variable at optimize.variables.stations.c.servers"),
            (unconstrained.replacingOccurrences(of: "stations.c.servers: {min: 1, max: 4}", with: "stations.c.srevers: {min: 1, max: 4}"),
             "unknown key 'srevers' (did you mean 'servers'?)"),
            // A variable the plant does not have is its own mistake, not the constraint's that names the right key.
            (base.replacingOccurrences(of: "stations.c.servers: {min: 1, max: 4}", with: "stations.cc.servers: {min: 1, max: 4}"),
             "optimize.variables.stations.cc.servers: 'stations' has no item named 'cc' (did you mean 'c'?)"),
            (unconstrained.replacingOccurrences(of: "stations.c.servers: {min: 1, max: 4}", with: "stations.c.servers: {min: 4, max: 4}"),
             "max must be greater than min"),
            (unconstrained.replacingOccurrences(of: "stations.c.servers: {min: 1, max: 4}", with: "'': {min: 1, max: 4}"),
             "'' is not a key path"),
            (unconstrained.replacingOccurrences(of: "stations.c.servers: {min: 1, max: 4}", with: "stations.c.servers: {min: 1, max: 1000000000}"),
             "at most 1000000 values per variable, got 1000000000 (give a larger step:)"),
            (base.replacingOccurrences(of: "stations.c.servers: {min: 1, max: 4}", with: "stations.c.process: {values: [{dist: exponential, mean: 1h}, 30min]}")
                .replacingOccurrences(of: "stations.b.servers, stations.c.servers]", with: "stations.b.servers, stations.c.process]"),
             "has values that are not numbers"),
            (base.replacingOccurrences(of: "  select: {indifference: 0.1, first_stage: 5}", with: ""), "missing required key 'select'"),
            (base.replacingOccurrences(of: "  budget: 200", with: "  budget: 200\n  start: {stations.a.servers: 9}"), "9 is not one of the variable's values"),
            (base + "\nvariants: [{name: x}]", "'variants' cannot be combined with optimize"),
            (base.replacingOccurrences(of: "  budget: 200", with: "  budgte: 200"), "unknown key 'budgte' (did you mean 'budget'?)"),
            (base.replacingOccurrences(of: "figure: throughput_per_hour", with: "figure: first_pass_yield"), "the plant does not report 'first_pass_yield'"),
        ]
        for (text, expected) in cases {
            let message = error(text)
            #expect(message.contains(expected), "expected '\(expected)', got: \(message)")
            #expect(message.contains("optimize.yaml:") || message.contains("staffing.yaml:"), "no file:line:column in: \(message)")
        }
    }

    @Test("the start is the plant's own values, and a value list keeps its order")
    func startsFromThePlant() throws {
        let spec = try Self.search(variables: """
                stations.b.buffer: {values: [10, 20, 40, 80]}
                stations.a.servers: {min: 1, max: 5}
                stations.c.process: {values: [{dist: exponential, mean: 60min}, {dist: exponential, mean: 50min}]}
            """)
        #expect(spec.start == [2, 0, 0])
        #expect(spec.variables.map(\.label) == ["buffer", "servers", "process"])
        #expect(spec.name(of: [3, 4, 1]) == "buffer=80 servers=5 process={dist: exponential, mean: 50min}")
        // Names read back as points (the store keeps the selection's variants by name).
        #expect(spec.point(named: spec.name(of: [3, 4, 1])) == [3, 4, 1] && spec.point(named: spec.name(of: [0, 0, 0])) == [0, 0, 0])
        #expect(spec.point(named: "buffer=80 servers=6 process={dist: exponential, mean: 50min}") == nil)
        #expect(spec.point(named: "buffer=80 servers=5") == nil)
        let started = try Self.search(variables: """
                stations.b.buffer: {values: [10, 20, 40, 80]}
                stations.c.process: {values: [{dist: exponential, mean: 60min}, {dist: exponential, mean: 50min}]}
            """, constraints: """
              start: {stations.c.process: {dist: exponential, mean: 50min}, stations.b.buffer: 80}
            """)
        #expect(started.start == [3, 1])
        let plant = try spec.plant(at: [3, 4, 1])
        #expect(plant.stations[1].buffer == .limited(80) && plant.stations[0].servers == 5)
    }
}
