import Foundation
import TaktKernel
import TaktPlant
import TaktPolicy
import TaktTestSupport
import Testing

/// The maintenance decision point on the predictive-maintenance example.
@Suite("Maintenance decisions")
struct MaintenanceDecisionTests {
    func run(_ rule: String, _ edits: [(String, String)] = []) throws -> ReplicationResult {
        try ExamplePlant.run("predictive-maintenance", replacing: [("        rule: oracle", "        rule: \(rule)")] + edits)
    }

    func total(_ r: ReplicationResult, _ figure: KeyPath<RobotResult, Int>) -> Int { r.stations[0].robots.reduce(0) { $0 + $1[keyPath: figure] } }

    @Test("run to failure: each robot fails once per mean life plus mean repair (renewal theory), and is never maintained")
    func renewal() throws {
        let r = try run("run_to_failure")
        // Weibull(shape 4, scale 120 h) has mean 120 h × Γ(1.25); a repair adds 3 h; 77 measured days.
        let cycle = 120 * tgamma(1.25) + 3
        let expected = 8 * 77 * 24 / cycle
        // Renewal-count variance ≈ t·σ²/μ³ per robot (cv of the life 0.28): about 3.3 failures over eight robots.
        #expect(abs(Double(total(r, \.failures)) - expected) < 12, "\(total(r, \.failures)) failures, expected \(expected)")
        #expect(total(r, \.maintenances) == 0)
        #expect(r.decisions.isEmpty)
    }

    @Test("the teacher maintains before robots fail; a health threshold lies between it and running to failure")
    func rulesCompared() throws {
        let never = try run("run_to_failure"), threshold = try run("{health_below: 0.15}"), oracle = try run("oracle")
        #expect(total(oracle, \.failures) <= 2)
        #expect(total(threshold, \.failures) > total(oracle, \.failures) && total(threshold, \.failures) < total(never, \.failures) / 2)
        #expect(total(oracle, \.maintenances) > 100)
        #expect(oracle.throughputPerOperatingHour > never.throughputPerOperatingHour + 5)
        // A 60 s cycle makes at most 60 jobs a shift hour, whatever is repaired or maintained off shift.
        for r in [never, threshold, oracle] { #expect(r.throughputPerOperatingHour < 60.6) }
        let site = try #require(oracle.decisions.first)
        #expect(site.point == "maintenance" && site.at == "framing" && site.rule == "oracle")
        // Every 4 h for 84 days (warm-up included), up to eight robots each time.
        #expect(site.decisions > 84 * 6 * 6 && site.decisions <= 84 * 6 * 8)
    }

    @Test("a fixed interval maintains robots about once per interval of age")
    func fixedInterval() throws {
        let r = try run("{fixed_interval: 40h}")
        // Due at 40 h of age (seen at an inspection up to 4 h later), done at once off shift or at the
        // next break within 4 h: one renewal per robot every 40–48 h, failures included.
        let renewals = Double(total(r, \.maintenances) + total(r, \.failures))
        #expect(renewals > 8 * 77 * 24 / 48 && renewals < 8 * 77 * 24 / 40, "\(renewals) renewals")
    }

    @Test("a maintenance crew that is always free changes nothing; one technician makes the robots planned for a break wait their turn")
    func maintenanceCrew() throws {
        func pool(_ count: Int) -> [(String, String)] {
            [("sources:", "workers: [{name: technicians, count: \(count)}]\nsources:"),
             ("        inspect_every: 4h", "        inspect_every: 4h\n        crew: technicians")]
        }
        let alone = try run("oracle"), ample = try run("oracle", pool(8)), scarce = try run("oracle", pool(1))
        // Eight technicians for eight robots: the crew comes at once, and the maintenance's time is drawn then, as without one.
        #expect(ample.jobsCompleted == alone.jobsCompleted && ample.stations[0].failed == alone.stations[0].failed)
        #expect(total(ample, \.maintenances) == total(alone, \.maintenances) && total(ample, \.failures) == total(alone, \.failures))
        let crew = try #require(ample.workerPools.first)
        #expect(crew.repairs == total(ample, \.maintenances) && crew.meanRepairWait == 0)
        // One technician: robots planned for the same break wait in line (25 min each), into the next shift.
        let one = try #require(scarce.workerPools.first)
        #expect(one.repairs == total(scarce, \.maintenances) && one.meanRepairWait > 60)
        #expect(one.utilization > 0 && one.utilization < 1)
        #expect(scarce.stations[0].failed > alone.stations[0].failed && scarce.jobsCompleted < alone.jobsCompleted)
        let both = PlantErrors.of(try String(contentsOfFile: Repository.path("Plants/examples/predictive-maintenance.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "        inspect_every: 4h", with: "        inspect_every: 4h\n        crew: technicans")
            .replacingOccurrences(of: "sources:", with: "workers: [{name: technicians, count: 1}]\nsources:"))
        #expect(both.count == 1 && both[0].contains("stations[0].robots.maintenance.crew") && both[0].contains("did you mean 'technicians'?"), "\(both)")
    }

    @Test("decisions carry bounded features; without a calendar 'next break' is masked out and never chosen")
    func features() throws {
        for calendar in [true, false] {
            var edits = [("        rule: oracle", "        rule: oracle")]
            if !calendar {
                edits += [("calendar:\n", "#calendar:\n"), ("  shifts: [", "#  shifts: ["), ("  breaks: [", "#  breaks: ["), ("  working_days: [", "#  working_days: [")]
            }
            let plant = try ExamplePlant.load("predictive-maintenance", replacing: edits)
            let recorder = DecisionRecorder(schema: MaintenancePoint.schema)
            _ = try Replication.run(plant, settings: plant.run, replication: 0, recorder: recorder, recordSite: .maintenance(station: 0))
            #expect(recorder.count > 1000)
            #expect(recorder.features.allSatisfy { $0 >= 0 && $0 <= 4 })
            let n = MaintenancePoint.candidates
            var chosen = [0, 0, 0]
            for i in 0..<recorder.count {
                #expect(recorder.masks[i * n + MaintenancePoint.nextBreak] == calendar)
                chosen[recorder.actions[i]] += 1
            }
            #expect(chosen[MaintenancePoint.runOn] > recorder.count * 9 / 10)
            if calendar { #expect(chosen[MaintenancePoint.nextBreak] > 10) } else {
                #expect(chosen[MaintenancePoint.nextBreak] == 0 && chosen[MaintenancePoint.now] > 50)
            }
        }
    }

    @Test("the shipped int8 policy runs in the plant, mostly agrees with the teacher and prevents most failures")
    func shippedPolicy() throws {
        let policy = try run("{policy: ../policies/maintenance-int8.json, teacher: oracle}")
        let never = try run("run_to_failure")
        let site = try #require(policy.decisions.first)
        #expect(site.rule.contains("int8"))
        #expect(try #require(site.teacherAgreement) > 0.9)
        #expect(total(policy, \.failures) * 10 < total(never, \.failures))
    }

    @Test("maintenance settings are checked where they are written")
    func badMaintenance() {
        func message(_ edits: [(String, String)]) -> String {
            ExamplePlant.errors("predictive-maintenance", replacing: edits).joined(separator: "\n")
        }
        #expect(message([("mttr: 3h, basis: calendar", "mttr: 3h, basis: operating")])
            .contains("stations[0].robots.maintenance: predictive maintenance needs robot failures on the calendar basis"))
        #expect(message([("        rule: oracle", "        rule: {health_below: 1.5}")]).contains("rule.health_below: must be between 0 and 1"))
        #expect(message([("        rule: oracle", "        rule: {health_below: 0.2, fixed_interval: 8h}")]).contains("not both"))
        #expect(message([("        rule: oracle", "        rule: sometimes")]).contains("expected one of: run_to_failure, oracle"))
        #expect(message([("        inspect_every: 4h", "        inspect_every: 10s")]).contains("inspect_every: must be at least 1min"))
        #expect(message([("        rule: oracle", "        rule: {policy: ../policies/pick-int8.json}")])
            .contains("the model is for decision point 'pick', not 'maintenance'"))
    }
}
