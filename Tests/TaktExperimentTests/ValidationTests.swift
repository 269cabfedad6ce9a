import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// The validation plants in Plants/validation reproduce textbook results:
/// each analytic value must lie inside the 99% confidence interval of the
/// replication means (independent replications, warm-up deleted; Law,
/// *Simulation Modeling and Analysis*, §9.4).
@Suite("Validation against queueing theory")
struct ValidationTests {
    /// Runs a validation plant with its own settings; returns the results.
    func run(_ name: String) throws -> (PlantDescription, [ReplicationResult]) {
        let plant = try PlantLoader.load(path: Repository.path("Plants/validation/\(name).yaml"))
        return (plant, try ReplicationRunner.run(plant, settings: plant.run))
    }

    /// 99% t interval of one figure across replications.
    func ci(_ results: [ReplicationResult], _ figure: (ReplicationResult) -> Double) -> Estimate {
        Estimate(results.map(figure), level: 0.99)
    }

    func expectInside(_ estimate: Estimate, _ theory: Double, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(estimate.contains(theory),
                "\(label): theory \(theory) outside \(estimate.mean) ± \(estimate.halfWidth ?? 0)", sourceLocation: sourceLocation)
    }

    @Test("Conveyors: a fixed travel between two M/M/1 stations (Jackson with a delay); a short conveyor as a finite buffer, accumulating or not")
    func conveyors() throws {
        var (plant, r) = try run("conveyor")
        // Line 1: Burke's theorem, and a fixed delay keeps a Poisson stream Poisson.
        let lambda = 1.0 / 60, travel = 300.0
        expectInside(ci(r) { $0.stations[0].meanTimeInStation }, 1 / (1 / 48 - lambda), "W at the first station")
        expectInside(ci(r) { $0.stations[1].meanTimeInStation }, travel + 1 / (1 / 50 - lambda), "travel and W at the second station")
        expectInside(ci(r) { $0.stations[1].meanQueueLength }, lambda * (travel + lambda * 50 / (1 / 50 - lambda)), "jobs on the conveyor (Little)")
        expectInside(ci(r) { $0.stations[1].conveyorFill * 1000 }, lambda * (travel + lambda * 50 / (1 / 50 - lambda)), "the conveyor's fill")
        // Line 2: the two-station chain on 0...4 of two-station-buffer.yaml, with the conveyor's two places as the buffer;
        // with next to no travel, a conveyor that stops while its first job waits makes no difference.
        let rho = 60.0 / 50, pi0 = (1 - rho) / (1 - pow(rho, 5))
        for accumulating in [true, false] {
            plant.stations[3].conveyor?.accumulating = accumulating
            if !accumulating { r = try ReplicationRunner.run(plant, settings: plant.run) }
            expectInside(ci(r) { Double($0.stations[3].jobs) / $0.operatingHours }, 3600 / 60 * (1 - pi0),
                         "line 2 throughput, accumulating: \(accumulating)")
            expectInside(ci(r) { $0.stations[2].blocked }, pi0 * pow(rho, 4), "A blocked, accumulating: \(accumulating)")
            expectInside(ci(r) { $0.stations[3].starved }, pi0, "B starved, accumulating: \(accumulating)")
        }
    }

    @Test("A closed loop of carriers: throughput and utilizations by mean value analysis; Little's law on the carriers in use")
    func carrierLoop() throws {
        let (plant, r) = try run("carrier-loop")
        // Exact MVA for N carriers through FCFS exponential single servers (mean service S) and a delay Z:
        // R_i(n) = S_i (1 + Q_i(n−1)), X(n) = n / (Σ R_i(n) + Z), Q_i(n) = X(n) R_i(n).
        let service = [60.0, 50, 40], delay = 120.0, carriers = plant.stations[0].carriers!.count
        var queue = [0.0, 0, 0], x = 0.0
        for n in 1...carriers {
            let residence = zip(service, queue).map { $0 * (1 + $1) }
            x = Double(n) / (residence.reduce(0, +) + delay)
            queue = residence.map { x * $0 }
        }
        expectInside(ci(r) { $0.throughputPerHour }, x * 3600, "throughput")
        for (i, s) in service.enumerated() { expectInside(ci(r) { $0.stations[i].utilization }, x * s, "utilization of \(plant.stations[i].name)") }
        // Little's law: carriers in use = throughput × time from loading to free again.
        for result in r {
            let load = result.stations[0]
            let inUse = load.carriersInUse * Double(carriers), little = result.throughputPerHour / 3600 * load.carrierCycle
            #expect(abs(inUse - little) < 0.02 * inUse, "in use \(inUse), throughput × cycle \(little)")
        }
    }

    @Test("M/M/1: Wq, W, Lq, P(wait), utilization")
    func mm1() throws {
        let (_, r) = try run("mm1")
        // Gross et al., Fundamentals of Queueing Theory, §2.2: rho = lambda/mu,
        // Wq = rho/(mu - lambda), W = 1/(mu - lambda), Lq = rho^2/(1 - rho).
        let lambda = 1.0 / 60, mu = 1.0 / 42, rho = lambda / mu
        expectInside(ci(r) { $0.stations[0].meanWait }, rho / (mu - lambda), "Wq")
        expectInside(ci(r) { $0.leadTimeMean }, 1 / (mu - lambda), "W")
        expectInside(ci(r) { $0.stations[0].meanQueueLength }, rho * rho / (1 - rho), "Lq")
        expectInside(ci(r) { $0.stations[0].probWait }, rho, "P(wait > 0)")
        expectInside(ci(r) { $0.stations[0].utilization }, rho, "utilization")
        expectInside(ci(r) { $0.throughputPerHour }, 3600 * lambda, "throughput")
    }

    @Test("M/M/3: Erlang C waiting probability and Wq")
    func mmc() throws {
        let (_, r) = try run("mmc")
        let lambda = 1.0 / 60, mu = 1.0 / 126, c = 3
        let waitProbability = Self.erlangC(servers: c, offered: lambda / mu)
        // Gross et al. §2.3: Wq = C(c, a) / (c mu - lambda).
        expectInside(ci(r) { $0.stations[0].probWait }, waitProbability, "P(wait > 0)")
        expectInside(ci(r) { $0.stations[0].meanWait }, waitProbability / (Double(c) * mu - lambda), "Wq")
        expectInside(ci(r) { $0.stations[0].utilization }, lambda / (Double(c) * mu), "utilization")
    }

    @Test("M/D/1: Pollaczek-Khinchine")
    func md1() throws {
        let (_, r) = try run("md1")
        // Gross et al. §5.1.1: Wq = rho D / (2 (1 - rho)), Lq = lambda Wq.
        let lambda = 1.0 / 60, d = 42.0, rho = lambda * d
        let wq = rho * d / (2 * (1 - rho))
        expectInside(ci(r) { $0.stations[0].meanWait }, wq, "Wq")
        expectInside(ci(r) { $0.stations[0].meanQueueLength }, lambda * wq, "Lq")
        expectInside(ci(r) { $0.leadTimeMean }, wq + d, "W")
    }

    @Test("Jackson tandem: each station an independent M/M/1")
    func jackson() throws {
        let (_, r) = try run("jackson-tandem")
        // Jackson (1957); Gross et al. §4.2: W_i = 1/(mu_i - lambda), W = sum W_i.
        let lambda = 1.0 / 60
        let means = [30.0, 36, 42]
        for (i, m) in means.enumerated() {
            let mu = 1 / m
            expectInside(ci(r) { $0.stations[i].meanTimeInStation }, 1 / (mu - lambda), "W at station \(i)")
            expectInside(ci(r) { $0.stations[i].utilization }, lambda * m, "utilization at station \(i)")
        }
        expectInside(ci(r) { $0.leadTimeMean }, means.reduce(0) { $0 + 1 / (1 / $1 - lambda) }, "lead time")
    }

    @Test("Two-station line, finite buffer, blocking after service")
    func twoStation() throws {
        let (_, r) = try run("two-station-buffer")
        // Buzacott & Shanthikumar §5.2: birth-death chain on 0...K, K = buffer + 2,
        // ratio rho = mu_A/mu_B; pi_0 = (1 - rho)/(1 - rho^(K+1)), pi_K = pi_0 rho^K.
        let muA = 1.0 / 50, muB = 1.0 / 60, rho = muA / muB, k = 4.0
        let pi0 = (1 - rho) / (1 - pow(rho, k + 1))
        expectInside(ci(r) { $0.throughputPerHour }, 3600 * muB * (1 - pi0), "throughput")
        expectInside(ci(r) { $0.stations[0].blocked }, pi0 * pow(rho, k), "A blocked share")
        expectInside(ci(r) { $0.stations[1].starved }, pi0, "B starved share")
    }

    @Test("Failures: availability MTTF/(MTTF+MTTR) on both bases")
    func failures() throws {
        let (_, r) = try run("failures")
        let availability = 30.0 / 35
        for s in 0..<2 {
            expectInside(ci(r) { $0.stations[s].working }, availability, "working share, station \(s)")
            expectInside(ci(r) { $0.stations[s].failed }, 1 - availability, "failed share, station \(s)")
            expectInside(ci(r) { 3600 / 60 * $0.stations[s].working }, 60 * availability, "throughput, station \(s)")
        }
        // Both lines together.
        expectInside(ci(r) { $0.throughputPerHour }, 2 * 60 * availability, "plant throughput")
    }

    @Test("Robot cells: stop and slow-down rules, operating and calendar basis")
    func robotCells() throws {
        let (_, r) = try run("robot-cells")
        // Throughput of each line = 60 jobs/h × the cell's availability (see the plant file).
        let perHour = { (r: ReplicationResult, s: Int) in 3600 / 60 * (r.stations[s].working) }
        expectInside(ci(r) { perHour($0, 0) }, 60 / (1 + 4.0 * 10 / 240), "stop, operating")
        expectInside(ci(r) { perHour($0, 1) }, 60 * pow(240.0 / 250, 4), "stop, calendar")
        // Slow-down: the cell is "working" whenever a robot is up, but at speed up/4;
        // count its output directly.
        expectInside(ci(r) { Double($0.stations[2].jobs) / (29 * 24) }, 60 * 240.0 / 250, "slow down, calendar")
        // Each calendar-basis robot is down MTTR / (MTTF + MTTR) of the time.
        for s in 1...2 {
            for i in 0..<4 { expectInside(ci(r) { $0.stations[s].robots[i].failed }, 10.0 / 250, "robot \(i) of station \(s) failed share") }
        }
        #expect(r[0].stations[2].robots.map(\.name) == ["spot-1", "spot-2", "sealer", "handler"])
    }

    @Test("Little's law holds for every validation plant: L = lambda W")
    func little() throws {
        for name in ["mm1", "mmc", "md1", "jackson-tandem", "two-station-buffer"] {
            let (_, r) = try run(name)
            // WIP and (throughput × lead time) are measured independently.
            let gap = ci(r) { $0.workInProcess - $0.throughputPerHour / 3600 * $0.leadTimeMean }
            #expect(gap.contains(0), "\(name): L - lambda W = \(gap.mean) ± \(gap.halfWidth ?? 0)")
        }
    }

    @Test("A shared worker: two stations' requests served first come first served are one M/M/1 queue")
    func sharedWorker() throws {
        let (_, r) = try run("shared-worker")
        // Requests from both stations join one first-come-first-served line:
        // an M/M/1 queue with lambda = lambda1 + lambda2 (Gross et al. §2.2).
        let lambda = 1.0 / 600 + 1.0 / 900, mu = 1.0 / 240, rho = lambda / mu
        for s in 0..<2 {
            expectInside(ci(r) { $0.stations[s].meanTimeInStation }, 1 / (mu - lambda), "W at \(r[0].stations[s].name)")
            // Little's law at each station: its jobs waiting for the worker (20 servers) = lambda_s Wq.
            expectInside(ci(r) { $0.stations[s].waitingWorker * 20 }, [1.0 / 600, 1.0 / 900][s] * rho / (mu - lambda),
                         "jobs waiting for the worker at \(r[0].stations[s].name)")
        }
        expectInside(ci(r) { $0.workerPools[0].meanWait }, rho / (mu - lambda), "Wq")
        expectInside(ci(r) { $0.workerPools[0].meanWaiting }, rho * rho / (1 - rho), "Lq")
        expectInside(ci(r) { $0.workerPools[0].utilization }, rho, "utilization")
    }

    @Test("A shared worker by priority: waits as Cobham's non-preemptive priority formula says")
    func prioritizedWorker() throws {
        let plant = try RepositoryPlant.load("Plants/validation/shared-worker.yaml",
                                             replacing: [("mean: 4min}, workers: fitter, next: done}\n  - {name: seat-fit",
                                                          "mean: 4min}, workers: {pool: fitter, priority: 1}, next: done}\n  - {name: seat-fit")])
        let r = try ReplicationRunner.run(plant, settings: plant.run)
        // Cobham (1954); Gross et al. §3.4.1: W0 = sum lambda_i E[S^2] / 2,
        // Wq1 = W0 / (1 - rho1), Wq2 = W0 / ((1 - rho1)(1 - rho)).
        let lambda1 = 1.0 / 600, lambda2 = 1.0 / 900, service = 240.0
        let rho1 = lambda1 * service, rho = (lambda1 + lambda2) * service
        let w0 = (lambda1 + lambda2) * 2 * service * service / 2
        expectInside(ci(r) { $0.stations[0].meanTimeInStation }, w0 / (1 - rho1) + service, "W of the first class (door-fit)")
        expectInside(ci(r) { $0.stations[1].meanTimeInStation }, w0 / ((1 - rho1) * (1 - rho)) + service, "W of the second class (seat-fit)")
    }

    @Test("A repair crew: failed machines wait for technicians as in the finite-source queue M/M/R//N")
    func repairCrew() throws {
        try checkMachineRepair("Plants/validation/repair-crew.yaml", machines: "machine") { $0.stations[0].failed }
    }

    @Test("A robot cell's robots sharing repair technicians: the same machine-repair queue, robot by robot")
    func robotRepairCrew() throws {
        try checkMachineRepair("Plants/validation/robot-repair-crew.yaml", machines: "robot") { r in
            r.stations[0].robots.reduce(0) { $0 + $1.failed } / Double(r.stations[0].robots.count)
        }
    }

    /// Five machines (or robots) failing after exponential 10 h, repaired in exponential 2 h by one or two
    /// technicians: `downShare` of each replication is a machine's share of time down.
    func checkMachineRepair(_ file: String, machines: String, downShare: (ReplicationResult) -> Double) throws {
        for technicians in [1, 2] {
            let plant = try RepositoryPlant.load(file, replacing: [("{name: technicians, count: 1}", "{name: technicians, count: \(technicians)}")])
            let r = try ReplicationRunner.run(plant, settings: plant.run)
            // Gross et al. §2.8: p_n ∝ C(N, n) rⁿ for n ≤ R, C(N, n) n! / (R! R^(n−R)) rⁿ above;
            // L = Σ n p_n machines down, Lq = Σ (n − R)⁺ p_n, Wq = Lq / (λ (N − L)).
            let n = 5, lambda = 1.0 / 36_000, mu = 1.0 / 7_200, ratio = lambda / mu
            var weights: [Double] = []
            for k in 0...n {
                var w = 1.0
                for i in 0..<k { w *= Double(n - i) * ratio / Double(min(i + 1, technicians)) }
                weights.append(w)
            }
            let total = weights.reduce(0, +)
            let p = weights.map { $0 / total }
            let down = (0...n).reduce(0.0) { $0 + Double($1) * p[$1] }
            let queued = (0...n).reduce(0.0) { $0 + Double(max(0, $1 - technicians)) * p[$1] }
            let busy = (0...n).reduce(0.0) { $0 + Double(min($1, technicians)) * p[$1] }
            expectInside(ci(r, downShare), down / Double(n), "share of \(machines) time down, \(technicians) technicians")
            expectInside(ci(r) { $0.workerPools[0].utilization }, busy / Double(technicians), "technicians at work, \(technicians) technicians")
            expectInside(ci(r) { $0.workerPools[0].meanRepairWait }, queued / (lambda * Double(n) - lambda * down),
                         "wait for a technician, \(technicians) technicians")
        }
    }

    /// Erlang's C formula: probability that an arrival waits in M/M/c with
    /// offered load a = lambda/mu (Gross et al. eq. 2.31).
    static func erlangC(servers c: Int, offered a: Double) -> Double {
        var term = 1.0, sum = 1.0
        for k in 1..<c {
            term *= a / Double(k)
            sum += term
        }
        let top = term * a / Double(c) / (1 - a / Double(c))
        return top / (sum + top)
    }
}
