import Foundation
@testable import TaktKernel
@testable import TaktPlant
import TaktExperiment
import TaktPolicy
import TaktTestSupport
import Testing

/// Deployment strategies: latency models, rate limits, outages, batching servers and fallbacks.
@Suite("Deployment strategies")
struct DeploymentTests {
    /// The colour-batching example with `deployments` added and the pick rule replaced; every decision audited.
    static func plant(_ deployments: [String], pick: String, duration: String = "10d") throws -> PlantDescription {
        try ExamplePlant.load("colour-batching", replacing: [
            ("sources:", "deployments:\n" + deployments.map { "  - \($0)\n" }.joined() + "sources:"),
            ("pick: batch", "pick: \(pick)"),
            ("run: {duration: 10d, warmup: 1d, seed: 6}", "run: {duration: \(duration), warmup: 1d, seed: 6, audit_rate: 1}"),
        ])
    }

    static func run(_ plant: PlantDescription, replication: Int = 0) throws -> ReplicationResult {
        try Replication.run(plant, settings: plant.run, replication: replication)
    }

    static let chip = "{name: chip, edge: {int8_ops_per_s: 1e9, fp32_ops_per_s: 1e8, overhead: 2ms, int8_pj_per_op: 20, fp32_pj_per_op: 80}}"

    @Test("edge: every decision takes overhead + 2 × MACs ÷ ops per second, and int8 less than fp32")
    func edgeLatency() throws {
        func latency(_ precision: String, rate: Double) throws -> (ReplicationResult, Double, Double) {
            let r = try Self.run(Self.plant([Self.chip], pick: "{policy: ../policies/pick-\(precision).json, deployment: chip}"))
            let macs = try PolicyFile.load(path: Repository.path("Plants/policies/pick-\(precision).json")).network.macs
            return (r, Ticks.seconds(Ticks.from(seconds: 0.002 + Double(2 * macs) / rate)), Double(2 * macs))
        }
        let (int8, int8Expected, ops) = try latency("int8", rate: 1e9)
        let (fp32, fp32Expected, _) = try latency("fp32", rate: 1e8)
        for (r, expected) in [(int8, int8Expected), (fp32, fp32Expected)] {
            #expect(r.audit.count > 1000)
            #expect(r.audit.allSatisfy { $0.latency == expected && $0.deployment == "chip" && !$0.fallback })
            let d = try #require(r.deployed)
            #expect(d.calls == 0 && d.fallbacks == 0 && d.requests > 1000)
            #expect(abs(d.waitHours - Double(d.requests) * expected / 3600) < 1e-9)
            #expect(abs(d.latencyP95 - expected) <= expected * 0.001)  // the histogram keeps three digits
        }
        #expect(int8Expected < fp32Expected)
        #expect(abs(int8.deployed!.energyJ / Double(int8.deployed!.requests) - ops * 20e-12) < 1e-15)
        #expect(abs(fp32.deployed!.energyJ / Double(fp32.deployed!.requests) - ops * 80e-12) < 1e-15)
    }

    @Test("a deployment that answers at once gives exactly the results of no deployment")
    func zeroLatency() throws {
        let free = "{name: free, edge: {int8_ops_per_s: 1e30, fp32_ops_per_s: 1e30}}"
        var deployed = try Self.run(Self.plant([free], pick: "{policy: ../policies/pick-int8.json, deployment: free}"))
        let plain = try Self.run(Self.plant([free], pick: "{policy: ../policies/pick-int8.json}"))
        #expect(deployed.deployed?.requests == deployed.decisions[0].decisions - (deployed.decisions[0].decisions - deployed.deployed!.requests))
        #expect(deployed.deployed?.latencyP99 == 0)
        deployed.deployed = nil
        deployed.decisions[0].deployment = nil
        deployed.wallSeconds = plain.wallSeconds
        deployed.decisions[0].meanNs = plain.decisions[0].meanNs
        for i in deployed.audit.indices {
            #expect(deployed.audit[i].deployment == "free")
            deployed.audit[i].deployment = "in-process"
            deployed.audit[i].inferenceNs = plain.audit[i].inferenceNs
        }
        #expect(deployed == plain)
    }

    @Test("on-premise server: network, batching window, batch and call times add up exactly")
    func serverLatency() throws {
        let server = "{name: rack, server: {network: 1ms, batch_window: 5ms, workers: 1, per_batch: 1ms, per_call: 200us, energy_per_call: 0.4}}"
        let r = try Self.run(Self.plant([server], pick: "{policy: ../policies/pick-fp32.json, deployment: rack}"))
        // One booth asks at a time, so every batch holds one request: 1 + 5 + 1 + 0.2 + 1 ms.
        #expect(r.audit.count > 1000)
        #expect(r.audit.allSatisfy { abs($0.latency - 0.0082) < 1e-12 })
        let d = try #require(r.deployed)
        #expect(d.calls == d.requests && abs(d.energyJ - 0.4 * Double(d.calls)) < 1e-6)
    }

    @Test("M/D/1: a batching server with no window and one worker waits as Pollaczek–Khinchine says")
    func serverQueue() {
        let service: Tick = 800_000, meanGap = 1_000_000.0  // ρ = 0.8
        var server = BatchingServer(ServerSpec(network: try! Distribution.make(.deterministic(value: 0)), batchWindow: 0, workers: 1,
                                               perBatch: 0, perCall: service, costPerCall: 0, energyPerCall: 0))
        var stream = RandomStream(seed: 3, replication: 0, name: "md1")
        var now: Tick = 0
        var batchMeans: [Double] = []
        var sum = 0.0, n = 0
        for i in 0..<400_000 {
            now += Tick(-meanGap * log(1 - stream.nextUnit()))
            _ = server.join(Int32(i))
            let done = server.close(at: now)
            server.clear()
            if i >= 10_000 {
                sum += Double(done - service - now)
                n += 1
                if n == 39_000 { batchMeans.append(sum / Double(n)); sum = 0; n = 0 }
            }
        }
        let expected = 0.8 * Double(service) / (2 * 0.2)  // ρ D / (2 (1 − ρ))
        let mean = batchMeans.reduce(0, +) / Double(batchMeans.count)
        let sd = (batchMeans.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(batchMeans.count - 1)).squareRoot()
        let half = StudentT.quantile(0.975, degreesOfFreedom: Double(batchMeans.count - 1)) * sd / Double(batchMeans.count).squareRoot()
        #expect(abs(mean - expected) <= half, "mean wait \(mean) vs \(expected) ± \(half)")
    }

    @Test("a token bucket never admits more than burst + rate × t calls in any window of length t")
    func tokenBucket() {
        var bucket = TokenBucket(perMinute: 30, burst: 5)
        var stream = RandomStream(seed: 9, replication: 0, name: "calls")
        var now: Tick = 0
        var admitted: [Tick] = []
        var refused = 0
        for _ in 0..<3000 {
            now += Tick(stream.nextUnit() * 2e6)  // a call a second on average, twice the rate
            if bucket.admit(at: now) { admitted.append(now) } else { refused += 1 }
        }
        #expect(refused > 500)
        let perTick = 30.0 / 60e6
        for i in admitted.indices {
            for j in i..<min(admitted.count, i + 200) {
                #expect(Double(j - i + 1) <= 5 + perTick * Double(admitted[j] - admitted[i]) + 1e-9)
            }
        }
        // Over the whole run it admits the rate (it is asked twice as often).
        #expect(abs(Double(admitted.count) - perTick * Double(now)) < 8)
    }

    @Test("with outages of known MTBF and MTTR, the share of calls falling back matches MTTR ÷ (MTBF + MTTR)")
    func outageShare() throws {
        let cloud = "{name: api, cloud: {latency: 1ms, outages: {mtbf: 2h, mttr: 30min}, timeout: 1s}}"
        let plant = try Self.plant([cloud], pick: "{policy: oracle, deployment: api, fallback: batch}", duration: "15d")
        let shares = try (0..<10).map { rep -> Double in
            let d = try #require(try Self.run(plant, replication: rep).deployed)
            #expect(d.timedOut == d.fallbacks && d.refused == 0)
            return Double(d.fallbacks) / Double(d.requests)
        }
        let mean = shares.reduce(0, +) / Double(shares.count)
        let sd = (shares.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(shares.count - 1)).squareRoot()
        let half = StudentT.quantile(0.975, degreesOfFreedom: Double(shares.count - 1)) * sd / Double(shares.count).squareRoot()
        #expect(abs(mean - 0.2) <= half, "fallback share \(mean) ± \(half), expected 0.2")
    }

    @Test("without a time-out every call waits out the outage, and the booth waits with it")
    func waitingOutOutages() throws {
        let wait = "{name: api, cloud: {latency: 1ms, outages: {mtbf: 2h, mttr: 30min}, timeout: none, cost_per_call: 0.01}}"
        let rules = try Self.run(Self.plant([wait], pick: "batch"))
        let r = try Self.run(Self.plant([wait], pick: "{policy: oracle, deployment: api}"))
        let d = try #require(r.deployed)
        #expect(d.fallbacks == 0 && d.timedOut == 0)
        #expect((r.audit.map(\.latency).max() ?? 0) > 600)  // calls that met an outage
        #expect(d.waitHours > 20)  // about a fifth of 9 days
        #expect(r.throughputPerHour < rules.throughputPerHour * 0.9)
        #expect(abs(d.cost - 0.01 * Double(d.calls)) < 1e-9)
        #expect(rules.deployed == nil)
    }

    @Test("hybrid: a refused cloud call is decided by the fallback policy on the edge, after its compute time")
    func hybridFallback() throws {
        let deployments = [Self.chip, "{name: api, cloud: {latency: 300ms, rate_limit: {per_minute: 0.1, burst: 1}}}",
                           "{name: both, hybrid: {primary: api, fallback: chip}}"]
        let r = try Self.run(Self.plant(deployments, pick: "{policy: oracle, deployment: both, fallback: {policy: ../policies/pick-int8.json}}"))
        let macs = try PolicyFile.load(path: Repository.path("Plants/policies/pick-int8.json")).network.macs
        let edge = Ticks.seconds(Ticks.from(seconds: 0.002 + Double(2 * macs) / 1e9))
        let fallen = r.audit.filter(\.fallback), answered = r.audit.filter { !$0.fallback }
        #expect(fallen.count > 1000 && answered.count > 10)
        #expect(fallen.allSatisfy { $0.latency == edge })
        #expect(answered.allSatisfy { abs($0.latency - 0.3) < 1e-12 })
        let d = try #require(r.deployed)
        #expect(d.refused == d.fallbacks && d.calls + d.refused == d.requests)
    }

    @Test("release: the source holds its next order until the answer, so every release waits the server's latency")
    func releaseWaits() throws {
        let server = "{name: rack, server: {network: 2s, per_call: 1s}}"
        let plant = try ExamplePlant.load("sequencing", replacing: [
            ("sources:", "deployments:\n  - \(server)\nsources:"),
            ("release_rule: colour", "release_rule: {policy: ../policies/release-int8.json, deployment: rack, fallback: colour}"),
            ("run: {duration: 10d, warmup: 1d, seed: 9}", "run: {duration: 10d, warmup: 1d, seed: 9, audit_rate: 1}"),
        ])
        let r = try Self.run(plant)
        var inProcess = plant
        inProcess.sources[0].releaseDeployment = nil
        let plain = try Self.run(inProcess)
        // 2 s there, 1 s on the server, 2 s back: each release comes 5 s later, at most one every 81 s instead of the 76 s takt.
        #expect(r.audit.count > 1000 && r.audit.allSatisfy { $0.point == "release" && $0.latency == 5 && $0.deployment == "rack" })
        let measured = 9.0 * 86_400
        #expect(Double(r.jobsStarted) <= measured / 81 + 1 && Double(r.jobsStarted) > measured / 81 * 0.95)
        #expect(plain.jobsStarted > r.jobsStarted + 50)  // in process, releases come sooner whenever paint has room
        let d = try #require(r.deployed)
        #expect(d.kind == "all" && d.calls == d.requests && d.fallbacks == 0)
    }

    @Test("deployment mistakes are plant-file errors at their key")
    func badDeployments() {
        func errors(_ deployments: [String], pick: String) -> String {
            ExamplePlant.errors("colour-batching", replacing: [
                ("sources:", "deployments:\n" + deployments.map { "  - \($0)\n" }.joined() + "sources:"), ("pick: batch", "pick: \(pick)"),
            ]).joined(separator: "\n")
        }
        let oracle = "{policy: oracle, deployment: chip}"
        #expect(errors([Self.chip], pick: "{policy: oracle, deployment: chp}").contains("no deployment is named 'chp' (did you mean 'chip'?)"))
        #expect(errors([Self.chip], pick: "{policy: oracle, fallback: batch}").contains("'fallback' decides when a deployed policy's answer fails"))
        #expect(errors(["{name: chip}"], pick: oracle).contains("a deployment needs one of 'edge', 'server', 'cloud' or 'hybrid'"))
        #expect(errors(["{name: chip, edge: {int8_ops_per_s: 0, fp32_ops_per_s: 1e9}}"], pick: oracle).contains("must be a positive number"))
        #expect(errors(["{name: chip, cloud: {latency: 1s, timeout: 0s}}"], pick: oracle).contains("must be greater than 0 (or 'none'"))
        #expect(errors([Self.chip, "{name: h, hybrid: {primary: chip, fallback: chip}}"], pick: oracle)
            .contains("a hybrid's primary must be a server or cloud deployment"))
        #expect(errors(["{name: h, hybrid: {primary: api, fallback: chip}}", Self.chip], pick: oracle).contains("no deployment named 'api' is listed before this one"))
        #expect(errors([Self.chip, Self.chip], pick: oracle).contains("deployment 'chip' is defined twice"))
        #expect(errors([Self.chip], pick: "{policy: oracle, deployment: chip, fallback: {policy: oracle, deployment: chip}}")
            .contains("a fallback runs in process"))
        #expect(errors(["{name: chip, server: {network: 1ms}}"], pick: oracle).contains("missing required key 'per_call'"))
    }

    @Test("deployments apply to pick and release; other points say they decide in process")
    func undeployablePoint() {
        let message = ExamplePlant.errors("predictive-maintenance", replacing: [
            ("rule: oracle", "rule: {policy: ../policies/maintenance-int8.json, deployment: chip}"),
        ]).joined(separator: "\n")
        #expect(message.contains("deployments apply to the pick and release decision points; the maintenance point decides in process"))
    }

    @Test("deployment.yaml on the default plant shows the trade-offs: outages cost throughput unless a time-out catches them; int8 on the edge is faster and cheaper than fp32")
    func experimentTradeOffs() throws {
        let file = try ExperimentLoader.load(path: Repository.path("Plants/experiments/deployment.yaml"))
        func compare(_ names: [String], replications: Int, days: Int) throws -> Comparison {
            var experiment = file
            experiment.variants = file.variants.filter { names.contains($0.name) }
            experiment.settings.duration = Tick(days) * 86_400 * Ticks.perSecond
            experiment.settings.replications = replications
            return Comparison(experiment: experiment, results: try ExperimentRunner.run(experiment, threads: 2))
        }
        // The outage effect needs the experiment's own length; the edge figures are the same in every replication.
        let c = try compare(["rules", "cloud", "cloud-no-timeout"], replications: 10, days: 30)
        let edge = try compare(["rules", "int8-edge", "fp32-edge"], replications: 1, days: 6)
        func mean(_ variant: String, _ figure: String) throws -> Double {
            let comparison = variant.hasSuffix("-edge") ? edge : c
            let f = try #require(comparison.figures.firstIndex { $0.name == figure })
            return try #require(comparison.variants.first { $0.name == variant }?.estimates[f]).mean
        }
        // Waiting out outages holds the bottleneck booth for hours: throughput drops, significantly.
        let lost = try #require(c.difference("cloud-no-timeout", "throughput_per_operating_hour"))
        #expect(lost.significant && lost.better == false)
        #expect(try mean("cloud-no-timeout", "decision_wait_hours") > 1.5 * mean("cloud", "decision_wait_hours"))
        #expect(try mean("cloud", "decision_fallback_share") > 0 && mean("cloud-no-timeout", "decision_fallback_share") == 0)
        // The time-out caps the damage: the cloud with fallbacks keeps more output than the one without.
        #expect(try mean("cloud", "throughput_per_operating_hour") > mean("cloud-no-timeout", "throughput_per_operating_hour"))
        // int8 answers sooner and for less energy than fp32 on the same chip, and costs no calls.
        #expect(try mean("int8-edge", "decision_latency_p95") < mean("fp32-edge", "decision_latency_p95"))
        #expect(try mean("int8-edge", "decision_energy_j") < mean("fp32-edge", "decision_energy_j"))
        #expect(try mean("int8-edge", "decision_cost_per_job") == 0 && mean("cloud", "decision_cost_per_job") > 0)
        // The rule asks nobody: no deployment figures at all.
        let rules = try #require(c.variants.first { $0.name == "rules" })
        #expect(rules.estimates[try #require(c.figures.firstIndex { $0.name == "decision_latency_p95" })] == nil)
    }
}
