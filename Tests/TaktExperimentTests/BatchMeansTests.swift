import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktTestSupport
import Testing

/// Batch means: intervals from one long replication that cover as often as they say.
@Suite("Batch means within one replication")
struct BatchMeansTests {
    /// An AR(1) series x_t = φ x_{t−1} + e_t (mean 0, unit innovations) summed into `periods` periods of `length` values each.
    func autoregressive(_ phi: Double, periods: Int, length: Int, stream: inout RandomStream) -> [Double] {
        var x = 0.0
        for _ in 0..<1000 { x = phi * x + normal(&stream) }  // start in the stationary distribution
        return (0..<periods).map { _ in
            var sum = 0.0
            for _ in 0..<length {
                x = phi * x + normal(&stream)
                sum += x
            }
            return sum
        }
    }

    func normal(_ stream: inout RandomStream) -> Double {
        (-2 * log(stream.nextOpenUnit())).squareRoot() * cos(2 * .pi * stream.nextUnit())
    }

    /// Share of `trials` series whose interval holds the true mean 0, of those that had one; how many had one;
    /// and the share that kept at least 128 batches.
    func coverage(phi: Double, length: Int, trials: Int) -> (covered: Double, intervals: Int, many: Double) {
        var stream = RandomStream(seed: 7, replication: UInt64(length), name: "batch-means")
        var covered = 0, intervals = 0, many = 0
        for _ in 0..<trials {
            let sums = autoregressive(phi, periods: 256, length: length, stream: &stream)
            guard let means = BatchMeans(sums: sums, weights: Array(repeating: Double(length), count: 256), isTotal: false),
                  let hw = means.halfWidth else { continue }
            intervals += 1
            if abs(means.mean) <= hw { covered += 1 }
            if means.batches >= 128 { many += 1 }
        }
        return (Double(covered) / Double(max(intervals, 1)), intervals, Double(many) / Double(trials))
    }

    @Test("Independent values mostly keep every period as a batch, and their intervals cover 95% of the time")
    func independent() {
        let (covered, intervals, many) = coverage(phi: 0, length: 1, trials: 400)
        #expect(intervals >= 390)
        #expect(many > 0.8, "kept 128 batches or more in \(many)")
        #expect(covered > 0.92 && covered < 0.985, "coverage \(covered)")
    }

    @Test("Correlated values: the test joins periods until batches are independent, and coverage holds where one-period batches fail")
    func correlated() {
        // AR(1) with φ = 0.9 in periods of 5: neighbouring periods correlate about 0.6.
        let (covered, intervals, many) = coverage(phi: 0.9, length: 5, trials: 300)
        #expect(intervals >= 270)
        #expect(many < 0.1)
        #expect(covered > 0.9, "coverage \(covered)")
        // Taken as they are, the 256 periods give intervals far too narrow.
        var stream = RandomStream(seed: 3, replication: 0, name: "naive")
        var naive = 0
        for _ in 0..<300 {
            let sums = autoregressive(0.9, periods: 256, length: 5, stream: &stream).map { $0 / 5 }
            let mean = sums.reduce(0, +) / 256
            let sd = (sums.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 255).squareRoot()
            if abs(mean) <= 1.97 * sd / 16 { naive += 1 }
        }
        #expect(Double(naive) / 300 < 0.75, "naive coverage \(Double(naive) / 300)")
    }

    @Test("A ratio with unequal weights, a total, a constant, a trend, too few periods")
    func shapes() {
        // Means per job over periods with 3, 5, 2, … jobs: the estimate is the whole ratio Σ sums / Σ weights.
        var stream = RandomStream(seed: 5, replication: 0, name: "ratio")
        let weights = (0..<64).map { _ in Double(1 + Int(stream.nextUnit() * 9)) }
        let sums = weights.map { w in (0..<Int(w)).reduce(0.0) { acc, _ in acc + 10 + normal(&stream) } }
        let ratio = BatchMeans(sums: sums, weights: weights, isTotal: false)!
        #expect(abs(ratio.mean - sums.reduce(0, +) / weights.reduce(0, +)) < 1e-12)
        #expect(ratio.halfWidth! > 0 && ratio.halfWidth! < 0.5)
        // A total (a count over the hours): the ratio times the hours, and so its half-width.
        let total = BatchMeans(sums: sums, weights: weights, isTotal: true)!
        #expect(abs(total.mean - sums.reduce(0, +)) < 1e-9)
        #expect(abs(total.halfWidth! - ratio.halfWidth! * weights.reduce(0, +)) < 1e-9)
        // A figure that never moves has a zero half-width.
        let constant = BatchMeans(sums: Array(repeating: 0.7, count: 32), weights: Array(repeating: 1, count: 32), isTotal: false)!
        #expect(constant.halfWidth == 0)
        // A trend is no steady state: no batch count passes.
        let trend = BatchMeans(sums: (0..<256).map(Double.init), weights: Array(repeating: 1, count: 256), isTotal: false)!
        #expect(trend.halfWidth == nil)
        #expect(trend.batches < 20 && trend.lag1 > 0.5)
        #expect(BatchMeans(sums: [1, 2, 3], weights: [1, 1, 1], isTotal: false) == nil)
    }

    @Test("Stopping at every period's end changes no figure, and the last running totals are the run's figures")
    func chunkedRunIsTheSameRun() throws {
        for (file, duration) in [("Plants/validation/mm1.yaml", 3.0), ("Plants/examples/shifts.yaml", 84.0)] {
            let plant = try PlantLoader.load(path: Repository.path(file))
            var settings = plant.run
            settings.duration = Tick(duration * 86_400) * Ticks.perSecond
            settings.replications = 1
            let plain = try Replication.run(plant, settings: settings, replication: 0)
            var cut = try Replication.run(plant, settings: settings, replication: 0, periods: true)
            let periods = try #require(cut.periods)
            #expect(periods.refusal == nil, "\(file): \(periods.refusal ?? "")")
            #expect(periods.ends.last == Ticks.seconds(settings.duration))
            #expect(abs(periods.figures["jobs_completed"]!.sums.last! - Double(plain.jobsCompleted)) < 1e-9)
            let lead = periods.figures["lead_time_mean"]!
            #expect(abs(lead.sums.last! / lead.weights.last! - plain.leadTimeMean) < 1e-9 * plain.leadTimeMean)
            cut.periods = nil
            cut.wallSeconds = plain.wallSeconds
            #expect(cut == plain, "\(file)")
        }
    }

    @Test("A calendar cuts the window into whole days or weeks, and too few of them give no interval; nor does an order list that ends")
    func calendars() throws {
        let shifts = try PlantLoader.load(path: Repository.path("Plants/examples/shifts.yaml"))
        let ev = try PlantLoader.load(path: Repository.path("Plants/xiaomi-ev.yaml"))
        #expect(ev.calendar?.repeatsDaily == false)  // six working days
        #expect(shifts.calendar?.repeatsDaily == false)
        let daily = ShiftCalendar(onShift: (0..<7).map { d in
            let day = ShiftCalendar.week / 7
            return Tick(d) * day + day / 4..<Tick(d) * day + day * 3 / 4
        })
        #expect(daily.repeatsDaily)
        var settings = ev.run
        settings.replications = 1
        let month = PeriodTotals(plant: ev, settings: settings)
        #expect(month.refusal?.contains("4 whole weeks") == true)
        settings.duration = 14 * ShiftCalendar.week + settings.warmup
        let quarter = PeriodTotals(plant: ev, settings: settings)
        #expect(quarter.refusal == nil)
        #expect(quarter.cycleSeconds == Ticks.seconds(ShiftCalendar.week))
        // An order list that ends leaves no steady state, however long the run.
        let orders = try PlantLoader.load(path: Repository.path("Plants/examples/order-list.yaml"))
        settings = orders.run
        settings.duration = 40 * ShiftCalendar.week
        #expect(PeriodTotals(plant: orders, settings: settings).refusal?.contains("order list") == true)
    }

    @Test("One long M/M/1 replication: the summary's half-widths hold the theory and shrink with the run")
    func summaryOfOneReplication() throws {
        let plant = try PlantLoader.load(path: Repository.path("Plants/validation/mm1.yaml"))
        var settings = plant.run
        settings.replications = 1
        func summary(days: Int) throws -> RunSummary {
            settings.duration = Tick(days * 86_400) * Ticks.perSecond
            let results = try ReplicationRunner.run(plant, settings: settings, periods: true)
            return RunSummary(plant: plant, settings: settings, results: results, version: "test", wallSeconds: 0)
        }
        let long = try summary(days: 120), short = try summary(days: 12)
        let w = 1 / (1 / 42.0 - 1 / 60.0)
        for (estimate, theory) in [(long.leadTimeMean, w), (long.throughputPerHour, 60), (long.workInProcess, w / 60),
                                   (long.stations[0][StationOutputs.working], 0.7)] {
            let hw = try #require(estimate.halfWidth)
            #expect(abs(estimate.mean - theory) < 3 * hw, "\(estimate.mean) ± \(hw) vs \(theory)")
        }
        #expect(long.leadTimeP95.halfWidth == nil)  // a quantile: no batch basis
        #expect(long.batchMeans?.refusal == nil)
        // Ten times the run, about a third of the half-width.
        let ratio = short.leadTimeMean.halfWidth! / long.leadTimeMean.halfWidth!
        #expect(ratio > 2 && ratio < 5, "ratio \(ratio)")
    }
}
