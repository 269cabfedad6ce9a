import Foundation
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// Costs: every kind of cost is its rate times what the run measured, the
/// figures add up, the M/M/1 queue's costs are what theory says, and a
/// `costs:` block's mistakes are refused where they are written.
@Suite("Costs")
struct CostTests {
    /// A short run of `plant`.
    func run(_ plant: PlantDescription, days: Int = 2) throws -> ReplicationResult {
        var settings = plant.run
        settings.duration = Tick(days) * 86_400 * Ticks.perSecond
        settings.warmup = 7_200 * Ticks.perSecond
        return try Replication.run(plant, settings: settings, replication: 0)
    }

    @Test("buffer-line.yaml: servers, work, buffer places and work in process priced as measured; profit and cost per job follow")
    func stationsAndHolding() throws {
        let plant = try ExamplePlant.load("buffer-line")
        let r = try run(plant)
        let cost = try #require(r.cost)
        // Five stations of one server at 40 an hour; 24 buffer places (none at cut, 6 at each other station) at 2.5.
        #expect(cost.capacityPerHour == 5 * 40)
        let places = plant.stations.reduce(0) { $0 + $1.buffer.limit }
        #expect(abs(cost.buffersPerHour - 2.5 * Double(places)) < 1e-9)
        let working = r.stations.reduce(0.0) { $0 + 6 * $1.working * Double($1.servers) }
        #expect(abs(cost.workingPerHour - working) < 1e-9)
        #expect(cost.workingPerHour > 0 && cost.workingPerHour < 5 * 6)
        #expect(abs(cost.holdingPerHour - 0.5 * r.workInProcess) < 1e-9)
        #expect(cost.labourPerHour == 0 && cost.fleetsPerHour == 0 && cost.materialPerHour == 0 && cost.decisionsPerHour == 0)
        let total = cost.capacityPerHour + cost.workingPerHour + cost.buffersPerHour + cost.holdingPerHour
        #expect(abs(cost.totalPerHour - total) < 1e-9)
        #expect(abs(cost.perJob * r.throughputPerHour - total) < 1e-9)
        #expect(abs(try #require(cost.profitPerHour) - (14 * r.throughputPerHour - total)) < 1e-9)
        // The figures read the same numbers.
        #expect(ResultFigure.named("profit_per_hour")?.value(r) == cost.profitPerHour)
        #expect(ResultFigure.stored.first { $0.name == "cost_buffers_per_hour" }?.value(r) == cost.buffersPerHour)
    }

    @Test("workers.yaml and amr-kitting.yaml: workers priced while on duty, vehicles all the time, material per job")
    func labourFleetsAndMaterial() throws {
        let staffed = try ExamplePlant.load("workers", replacing: [("sinks:", """
            costs:
              material_per_job: 3
              workers: {default: 30, technicians: 50}
            sinks:
            """)])
        let r = try run(staffed)
        let cost = try #require(r.cost)
        let pools = r.workerPools
        let labour = 30 * 3 * pools[0].onDuty + 30 * 1 * pools[1].onDuty + 50 * 1 * pools[2].onDuty
        #expect(pools[2].onDuty < 0.9, "the technicians work 16 hours a day")
        #expect(abs(cost.labourPerHour - labour) < 1e-9)
        #expect(abs(cost.materialPerHour - 3 * r.throughputPerHour) < 1e-9)
        #expect(cost.profitPerHour == nil && ResultFigure.named("profit_per_hour")?.isReported(by: staffed) == false)
        #expect(ResultFigure.named("cost_per_job")?.isReported(by: staffed) == true)

        let kitted = try ExamplePlant.load("amr-kitting", replacing: [("sinks:", "costs: {fleets: {amr: 12}}\nsinks:")])
        let k = try run(kitted)
        #expect(k.cost?.fleetsPerHour == 12 * Double(kitted.fleets[0].vehicles))
        #expect(k.cost?.totalPerHour == k.cost?.fleetsPerHour)
    }

    @Test("a pool without a calendar works, and is paid, when the plant does: the same labour cost as with the plant's calendar given to it")
    func poolFollowsThePlantCalendar() throws {
        func plant(pool: String) throws -> PlantDescription {
            try PlantLoader.parse(yaml: """
                plant: one-shift
                run: {duration: 14d, warmup: 0s, seed: 2}
                calendar: {shifts: ["06:00-14:00"], working_days: [mon, tue, wed, thu, fri]}
                workers: [\(pool)]
                sources: [{name: in, interarrival: {dist: exponential, mean: 4min}, next: b}]
                stations: [{name: b, process: {dist: exponential, mean: 2min}, workers: op, next: out}]
                costs: {workers: {default: 38}}
                sinks: [{name: out}]
                """, file: "one-shift.yaml", directory: FileManager.default.temporaryDirectory)
        }
        let own = try Replication.run(try plant(pool: "{name: op, count: 2}"), settings: try plant(pool: "{name: op, count: 2}").run, replication: 0)
        let given = try plant(pool: "{name: op, count: 2, calendar: {shifts: [\"06:00-14:00\"], working_days: [mon, tue, wed, thu, fri]}}")
        let withCalendar = try Replication.run(given, settings: given.run, replication: 0)
        let labour = try #require(own.cost?.labourPerHour)
        // Two workers at 38 an hour for 80 of the 336 hours.
        #expect(abs(labour - 2 * 38 * 80 / 336) < 1e-9, "\(labour) an hour")
        #expect(abs(labour - (withCalendar.cost?.labourPerHour ?? 0)) < 1e-9)
    }

    @Test("a deployment's calls are priced at its cost per call, over the measured hours")
    func decisionCalls() throws {
        let plant = try ExamplePlant.load("colour-batching", replacing: [
            ("pick: batch", "pick: {policy: oracle, deployment: api, fallback: batch}"),
            ("sources:", """
                deployments:
                  - name: api
                    cloud: {latency: 200ms, timeout: none, cost_per_call: 0.01}
                costs: {currency: EUR}
                sources:
                """),
        ])
        let r = try run(plant)
        let calls = try #require(r.deployed).calls
        #expect(calls > 100)
        // Measured hours: two days less the two-hour warm-up.
        #expect(abs(try #require(r.cost).decisionsPerHour - 0.01 * Double(calls) / 46) < 1e-9)
    }

    @Test("M/M/1 at ρ = 0.7: the working cost is ρ × the rate and the holding cost L = ρ/(1−ρ) jobs × the rate, within the run's confidence")
    func queueingTheory() throws {
        let plant = try RepositoryPlant.load("Plants/validation/mm1.yaml", replacing: [
            ("sinks:", "costs: {stations: {default: {per_working_hour: 10}}, wip_per_job_hour: 1}\nsinks:"),
        ])
        var settings = plant.run
        settings.replications = 10
        let results = try (0..<settings.replications).map { try Replication.run(plant, settings: settings, replication: $0) }
        // A 95% interval over the 10 replications: t(0.975, 9 degrees of freedom) = 2.262.
        func interval(_ xs: [Double]) -> (mean: Double, half: Double) {
            let m = xs.reduce(0, +) / Double(xs.count)
            let s = (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot()
            return (m, 2.262 * s / Double(xs.count).squareRoot())
        }
        #expect(settings.replications == 10)
        let rho = 42.0 / 60  // mm1.yaml: service 42 s, interarrival 60 s
        let working = interval(results.map { $0.cost!.workingPerHour })
        #expect(abs(working.mean - 10 * rho) <= working.half, "\(working)")
        let holding = interval(results.map { $0.cost!.holdingPerHour })
        #expect(abs(holding.mean - rho / (1 - rho)) <= holding.half, "\(holding)")
    }

    @Test("money is named in the plant's currency: figures of an experiment on it, and nothing else")
    func currencyUnits() throws {
        let cost = try #require(ResultFigure.named("cost_per_job"))
        #expect(cost.unit == "currency/job" && cost.priced(in: "EUR").unit == "EUR/job" && cost.priced(in: nil).unit == "currency/job")
        #expect(cost.priced(in: "").unit == "currency/job")
        #expect(ResultFigure.named("throughput_per_hour")?.priced(in: "EUR").unit == "jobs/h")
        let experiment = try ExperimentLoader.load(path: Repository.path("Plants/experiments/optimize-profit.yaml"))
        #expect(experiment.currency == "EUR" && experiment.figure(named: "profit_per_hour")?.unit == "EUR/h")
        #expect(try run(ExamplePlant.load("buffer-line"), days: 1).cost?.currency == "EUR")
    }

    @Test("a costs block's mistakes are refused at file:line:column with the key path")
    func badCosts() {
        func errors(_ costs: String) -> [String] { ExamplePlant.errors("buffer-line", replacing: [("costs:\n  currency: EUR\n", "costs:\n\(costs)\n  currency: EUR\n")]) }
        let misspelt = errors("  revenue_per_jobs: 3")
        #expect(misspelt.first?.contains("costs.revenue_per_jobs") == true && misspelt.first?.contains("did you mean 'revenue_per_job'") == true, "\(misspelt)")
        func stationErrors(_ rates: String) -> [String] {
            ExamplePlant.errors("buffer-line", replacing: [("    default: {per_server_hour: 40", "    \(rates)\n    default: {per_server_hour: 40")])
        }
        let station = stationErrors("welt: {per_server_hour: 3}")
        #expect(station.first?.contains("no station is named 'welt'") == true && station.first?.contains("weld") == true, "\(station)")
        let negative = errors("  material_per_job: -2")
        #expect(negative.first?.contains("costs.material_per_job") == true && negative.first?.contains("zero or more") == true, "\(negative)")
        let rate = stationErrors("cut: {per_server_hours: 3}")
        #expect(rate.first?.contains("per_server_hour") == true, "\(rate)")
        let pools = errors("  workers: {default: 3}")
        #expect(pools.first?.contains("the plant has no worker pool to price") == true, "\(pools)")
        let unlimited = ExamplePlant.errors("buffer-line", replacing: [
            ("buffer: 6, next: weld", "buffer: unlimited, next: weld"),
            ("per_buffer_place_hour: 2.5}", "per_buffer_place_hour: 2.5}\n    form: {per_buffer_place_hour: 1}"),
        ])
        #expect(unlimited.first?.contains("unlimited buffer") == true && unlimited.first?.contains("costs.stations.form") == true, "\(unlimited)")
        // A default rate does not price an unlimited buffer.
        #expect(ExamplePlant.errors("buffer-line", replacing: [("buffer: 6, next: weld", "buffer: unlimited, next: weld")]).isEmpty)
    }
}
