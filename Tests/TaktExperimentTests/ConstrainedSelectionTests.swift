import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// Constraints on figures (stochastic constraints): Batur and Kim's
/// feasibility check finds feasible and infeasible systems as often as it
/// promises; selecting the best among the feasible and optimizing under such
/// constraints find the staffing Erlang's formula gives; bad constraints are
/// refused where they are written.
@Suite("Constraints on figures")
struct ConstrainedSelectionTests {
    /// Normal values with standard deviation `sd` around `means`, one per system.
    struct Normals {
        var random: RandomStream

        mutating func normal() -> Double {
            let u = random.nextOpenUnit(), v = random.nextUnit()
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }

        /// Runs the check on systems whose figures have `means` (system × requirement) to its end.
        mutating func check(_ means: [[Double]], sd: Double, requirements: [Requirement], n0: Int = 10) -> FeasibilityCheck {
            let draw = { (self: inout Normals, i: Int) in means[i].map { $0 + sd * self.normal() } }
            var first = means.map { $0.map { _ in [Double]() } }
            for _ in 0..<n0 {
                for i in means.indices {
                    let xs = draw(&self, i)
                    for j in xs.indices { first[i][j].append(xs[j]) }
                }
            }
            var check = FeasibilityCheck(firstStage: first, requirements: requirements, confidence: 0.95)
            while !check.undecided.isEmpty {
                check.add(Dictionary(uniqueKeysWithValues: check.undecided.map { ($0, draw(&self, $0)) }))
            }
            return check
        }
    }

    @Test("systems that keep both bounds by ε are found feasible, and those that break one by ε infeasible, in at least 95% of 1,000 checks")
    func probabilityOfCorrectDecisions() {
        let requirements = [Requirement(figure: "lead_time_mean", side: .atMost, bound: 10, tolerance: 1, unit: "s"),
                            Requirement(figure: "throughput_per_hour", side: .atLeast, bound: 5, tolerance: 1, unit: "jobs/h")]
        // Systems 0 and 2 keep both bounds by exactly ε; 1 breaks the first by ε; 3 breaks the second by ε.
        let means: [[Double]] = [[9, 6], [11, 6], [9, 6], [9, 4]]
        var normals = Normals(random: RandomStream(seed: 3, replication: 0, name: "feasibility"))
        let trials = 1000
        var correct = 0, replications = 0
        for _ in 0..<trials {
            let check = normals.check(means, sd: 3, requirements: requirements)
            replications += check.replications
            if check.feasible == [0, 2], check.verdicts[1]?.verdict == .infeasible(requirement: 0),
               check.verdicts[3]?.verdict == .infeasible(requirement: 1) { correct += 1 }
        }
        // The check promises ≥ 95% (Bonferroni: conservative); 93% is three binomial standard deviations below the promise.
        #expect(Double(correct) / Double(trials) >= 0.93, "all four judged right in \(correct) of \(trials) checks")
        #expect(correct < trials, "never wrong would mean the systems are too easy to tell apart")
        #expect(replications > 10 * trials, "a check that never needs more than its first stage tests nothing sequential")
    }

    @Test("a figure without noise is judged at the first stage by its side of the bound; a mean on the bound counts as keeping it")
    func noiselessFigures() {
        let requirement = Requirement(figure: "work_in_process", side: .atMost, bound: 4, tolerance: 0.1, unit: "jobs")
        let check = FeasibilityCheck(firstStage: [[[3, 3, 3]], [[5, 5, 5]], [[4, 4, 4]]], requirements: [requirement], confidence: 0.95)
        #expect(check.undecided.isEmpty && check.replications == 3)
        #expect(check.feasible == [0, 2] && check.verdicts[1]?.verdict == .infeasible(requirement: 0))
        #expect(requirement.text == "work_in_process ≤ 4 jobs")
    }

    /// The end-of-line test bay (`Plants/examples/test-bay.yaml`): M/M/c with offered load 4 (a car every 15 min, an
    /// hour's test each). By Erlang's C formula a car spends 93.2 min in it with 5 stands, 68.5 with 6, 62.7 with 7 and
    /// 60.9 with 8; stands cost 8 EUR an hour each, so the cheapest bay whose mean is at most 65 min has 7.
    static let testBay = (try? String(contentsOfFile: Repository.path("Plants/examples/test-bay.yaml"), encoding: .utf8)) ?? ""

    @Test("selects the cheapest staffing whose mean lead time keeps the bound Erlang's formula sets, the same on one thread and two")
    func selectsTheCheapestFeasibleStaffing() throws {
        #expect(Self.testBay.contains("per_server_hour: 8"))
        let experiment = try OptimizationTests.load("""
            experiment: test-stands
            plant: staffing.yaml
            sweep: {stations.test.servers: [5, 6, 7, 8]}
            figures: [cost_per_hour, lead_time_mean]
            select:
              indifference: 1
              first_stage: 5
              constraints:
                - {figure: lead_time_mean, at_most: 65min, tolerance: 1min}
            """, plant: Self.testBay)
        #expect(experiment.selection?.requirements.map(\.text) == ["lead_time_mean ≤ 3900 s"])
        let one = Comparison(experiment: experiment, results: try ExperimentRunner.run(experiment, threads: 1))
        let two = Comparison(experiment: experiment, results: try ExperimentRunner.run(experiment, threads: 2))
        let selection = try #require(one.selection)
        #expect(selection.selected == "servers=7" && selection.status == .selected)
        #expect(selection.fateText(of: 0) == "infeasible: lead_time_mean ≤ 3900 s not kept" && selection.fate(of: 1).status == "infeasible")
        #expect(selection.fate(of: 3) == ("eliminated", "servers=7"))
        // The selection ran on replications after the check's.
        let check = try #require(selection.feasibility)
        #expect(selection.firstReplication == check.replications && check.replications > 5 && check.undecided.isEmpty)
        #expect(selection.replications[2] == check.verdicts[2]!.replications + selection.procedure!.replications)
        #expect(two.selection?.replications == selection.replications && two.selection?.means == selection.means)

        // A bound no staffing keeps: a test takes an hour on average, so no bay keeps a car 58 min on average.
        var impossible = experiment
        impossible.selection!.requirements = [Requirement(figure: "lead_time_mean", side: .atMost, bound: 3480, tolerance: 60, unit: "s")]
        let none = try #require(Comparison(experiment: impossible, results: try ExperimentRunner.run(impossible, threads: 2)).selection)
        #expect(none.status == .noneFeasible && none.selected == nil && none.contenders.isEmpty)
    }

    @Test("optimizes under a constraint on a figure: the search and the selection find the staffing Erlang's formula gives")
    func optimizesUnderTheConstraint() throws {
        let experiment = try OptimizationTests.load("""
            experiment: test-stands
            plant: staffing.yaml
            optimize:
              figure: cost_per_hour
              variables:
                stations.test.servers: {min: 5, max: 12}
              constraints:
                - {figure: lead_time_mean, at_most: 65min, tolerance: 1min}
              budget: 100
              candidates: 3
              select: {indifference: 1.0, first_stage: 5}
            """, plant: Self.testBay)
        let search = try Optimizer.search(experiment, threads: 2)
        let best = try #require(search.compass.best)
        #expect(experiment.optimization!.name(of: search.compass.points[best].position) == "servers=7")
        #expect(search.compass.keepsRequirements(best))
        // Six servers cost less but break the bound; the search ranks it after every point that keeps it.
        let six = try #require(search.compass.points.firstIndex { $0.position == [1] })
        #expect(!search.compass.keepsRequirements(six) && search.compass.ranks[six]! > search.compass.ranks[best]!)
        let selection = try Optimizer.selection(after: search, of: experiment)
        #expect(selection.selection?.requirements.count == 1 && selection.figures.prefix(2) == ["cost_per_hour", "lead_time_mean"])
        let verdict = try #require(Comparison(experiment: selection, results: try ExperimentRunner.run(selection, threads: 2)).selection)
        #expect(verdict.selected == "servers=7")
    }

    @Test("bad constraints on figures are refused where they are written")
    func refusesBadConstraints() throws {
        func error(_ constraint: String, in block: String = "select") -> String {
            let text = block == "select" ? """
                experiment: e
                plant: staffing.yaml
                sweep: {stations.test.servers: [5, 6]}
                select:
                  indifference: 1
                  constraints: [\(constraint)]
                """ : """
                experiment: e
                plant: staffing.yaml
                optimize:
                  figure: cost_per_hour
                  variables: {stations.test.servers: {min: 5, max: 8}}
                  \(constraint)
                  select: {indifference: 1}
                """
            do {
                _ = try OptimizationTests.load(text, plant: Self.testBay)
                return ""
            } catch {
                return "\(error)"
            }
        }
        let cases: [(String, String, String)] = [
            ("{figure: lead_time_mean}", "select", "give at_most:, at_least: or both"),
            ("{figure: lead_time_mean, at_most: 1h, tolerance: 0s}", "select", "must be greater than 0"),
            ("{figure: lead_time_mena, at_most: 1h}", "select", "did you mean 'lead_time_mean'?"),
            ("{figure: lead_time_mean, at_most: 1 hour}", "select", "unknown duration unit"),
            ("{figure: throughput_per_hour, at_least: 5, at_most: 4}", "select", "at_least (5.0) is greater than at_most (4.0)"),
            ("{figure: work_in_process, at_most: 0}", "select", "with a bound of 0 it has no default"),
            ("{figure: lead_time_mean, at_most: 1h, sum: [x]}", "select", "unknown key 'sum'"),
            ("{figure: on_time_share, at_least: 0.9}", "select", "variant 'servers=5' does not report 'on_time_share'"),
            ("constraints: [{figure: first_pass_yield, at_least: 0.9}]", "optimize", "the plant does not report 'first_pass_yield'"),
        ]
        for (constraint, block, expected) in cases {
            let message = error(constraint, in: block)
            #expect(message.contains(expected), "expected '\(expected)', got: \(message)")
            #expect(message.contains("optimize.yaml:"), "no file:line:column in: \(message)")
        }
        // The figure the variants are ranked by must be one every variant reports.
        do {
            _ = try OptimizationTests.load("""
                experiment: e
                plant: staffing.yaml
                figures: [on_time_share, throughput_per_hour]
                variants: [{name: a}, {name: b, set: {stations.test.servers: 6}}]
                """, plant: Self.testBay)
            Issue.record("a ranking figure no variant reports was accepted")
        } catch {
            #expect("\(error)".contains("optimize.yaml:3:11: figures[0]:") && "\(error)".contains("variant 'a' does not report 'on_time_share', the first figure, by which the variants are ranked"),
                    "\(error)")
        }
        do {
            _ = try OptimizationTests.load("""
                experiment: e
                plant: staffing.yaml
                optimize:
                  figure: cost_per_hour
                  variables: {stations.test.servers: {min: 5, max: 8}}
                  select: {indifference: 1, constraints: [{figure: lead_time_mean, at_most: 1h}]}
                """, plant: Self.testBay)
            Issue.record("a constraint in optimize's select: was accepted")
        } catch {
            #expect("\(error)".contains("write constraints on figures in optimize's constraints:"), "\(error)")
        }
    }
}
