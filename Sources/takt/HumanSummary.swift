import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant

/// The human-readable summary `takt run` prints by default.
enum HumanSummary {
    /// What the ± of a one-replication run are, and which figures have none.
    static func batchMeansLines(_ b: BatchMeansSummary, of s: RunSummary) -> [String] {
        if let refusal = b.refusal { return ["One replication: no half-widths, as \(refusal)."] }
        var lines = ["One replication: ± are 95% half-widths from batch means of its measured window (quantiles have none)."]
        let correlated = b.correlated
        guard let worst = correlated.max(by: { $0.batchMeans.lag1 < $1.batchMeans.lag1 }) else { return lines }
        let plantLevel = correlated.filter { $0.station == nil }.map { entry in
            s.figures.first { $0.figure.name == entry.figure }?.figure.label ?? entry.figure
        }
        let stationLevel = correlated.count - plantLevel.count
        let named = (plantLevel + (stationLevel > 0 ? ["\(stationLevel) station figure\(stationLevel == 1 ? "" : "s")"] : [])).joined(separator: ", ")
        lines.append("No half-width for \(named): batch means stay correlated down to \(worst.batchMeans.batches) batches "
            + "(lag-1 autocorrelation up to \(String(format: "%.2f", worst.batchMeans.lag1)), \(worst.name)). Run longer, or run replications.")
        return lines
    }

    static func render(_ s: RunSummary, storedIDs: [Int64], storePath: String?) -> String {
        var out: [String] = []
        let reps = s.replications == 1 ? "1 replication" : "\(s.replications) replications"
        out.append("Takt \(s.version) · \(s.plant) (\(s.plantFile)) · \(reps) × \(DurationText.format(s.durationSeconds)), warm-up \(DurationText.format(s.warmupSeconds)), seed \(s.seed)")
        if let rule = s.warmupRule { out.append("Warm-up chosen by \(rule).") }
        if s.replications > 1 { out.append("Figures are means over replications with 95% confidence half-widths.") }
        if let batches = s.batchMeans { out += batchMeansLines(batches, of: s) }
        // Per-job figures of a replication that completed nothing are zeros by convention, not measurements: say so.
        let nothingCompleted = s.replicationsWithoutJobs == s.replications
        if s.replicationsWithoutJobs > 0 {
            let who = !nothingCompleted ? "\(s.replicationsWithoutJobs) of \(s.replications) replications completed no job"
                : s.replications == 1 ? "The replication completed no job" : "No replication completed any job"
            let there = nothingCompleted ? "they are left out below" : "they count as zero in the means"
            out.append("warning: \(who) after the warm-up (\(DurationText.format(s.warmupSeconds)) of \(DurationText.format(s.durationSeconds))): "
                + "lead time, cycle time, due dates and yield have nothing to measure there, and \(there); run longer or shorten the warm-up (--warmup)")
        }
        if let u = s.unsettled { out.append(unsettledWarning(u)) }
        out.append("")
        func row(_ label: String, _ value: String) { out.append("  " + label.padding(toLength: 26, withPad: " ", startingAt: 0) + value) }
        if s.hasCalendar {
            row("Throughput", "\(fmt(s.throughputPerOperatingHour, 2)) jobs per shift hour, \(fmt(s.throughputPerHour, 2)) per calendar hour   (\(fmt(s.jobsCompleted, 0)) jobs completed in \(fmt(s.operatingHours, 0)) shift hours)")
        } else {
            row("Throughput", "\(fmt(s.throughputPerHour, 2)) jobs/h   (\(fmt(s.jobsCompleted, 0)) jobs completed)")
        }
        if let takt = s.takt, let adherence = s.taktAdherence {
            row("Takt adherence", "\(pct(adherence)) of departures within the \(DurationText.format(takt)) takt (design rate \(String(format: "%.1f", 3600 / takt)) jobs/h)")
        }
        if nothingCompleted {
            row("Lead time", "– (no job completed)")
            row("Cycle time at line end", "–")
        } else {
            row("Lead time", "mean \(dur(s.leadTimeMean))   p50 \(dur(s.leadTimeP50))   p95 \(dur(s.leadTimeP95))")
            // One departure has no time to the next: nothing to measure, not a cycle of 0 s.
            row("Cycle time at line end", s.replicationsWithoutGaps == s.replications ? "– (fewer than two jobs completed)"
                : "mean \(dur(s.interdepartureMean))   p95 \(dur(s.interdepartureP95))")
        }
        row("Work in process", "\(fmt(s.workInProcess, 1)) jobs (time average)")
        if s.figures.contains(where: { $0.figure.name == "on_time_share" }), !nothingCompleted {
            row("Due dates", "\(pct(s["on_time_share"])) of completed jobs on time; tardiness mean \(dur(s["tardiness_mean"])), "
                + "largest \(dur(s["tardiness_max"]))")
        }
        if s.jobsLost.mean > 0 { row("Jobs lost at full sources", fmt(s.jobsLost, 0)) }
        if s.hasInspection, !nothingCompleted {
            let found = s.stations.filter { $0.figures.reports(StationOutputs.defects) }.map { "\($0.name) \(fmt($0[StationOutputs.defects], 0))" }.joined(separator: ", ")
            row("First-pass yield", "\(pct(s.firstPassYield)) of completed jobs never reworked (defects: \(found))")
        }
        if !s.variants.isEmpty {
            // A variant none of whose jobs completed has no lead time to show (its 0 is a convention, not a measurement).
            row("Variants", s.variants.map { "\($0.name) \(pct($0.share)) (lead \($0.jobs.mean > 0 ? dur($0.leadTimeMean!) : "–"))" }.joined(separator: ", "))
        }
        if !s.colours.isEmpty {
            row("Colours", s.colours.map { "\($0.name) \(pct($0.share))" }.joined(separator: ", "))
        }
        let changing = s.stations.filter { $0.figures.reports(StationOutputs.changeovers) }
        if !changing.isEmpty {
            row("Changeovers", changing.map { "\($0.name) \(fmt($0[StationOutputs.changeovers], 0)) (\(pct($0[StationOutputs.changeoverShare])) of its time)" }.joined(separator: ", "))
        }
        for site in s.decisions {
            let agreement = site.teacherAgreement.map { "; the teacher agrees on \(pct($0))" } ?? ""
            row("\(site.point.prefix(1).uppercased() + site.point.dropFirst()) at \(site.at)",
                "\(site.rule): \(fmt(site.decisions, 0)) decisions, \(fmt(site.meanNs, 0)) ns each\(agreement)")
            if let failure = site.processFailure, let fallbacks = site.processFallbacks {
                // The first line says what went wrong; the standard error's tail follows it, indented (its last lines).
                let lines = failure.split(separator: "\n", omittingEmptySubsequences: false)
                row("  its process failed", "\(fmt(fallbacks, 0)) decisions by the fallback after: \(lines.first ?? "")")
                for line in lines.dropFirst().suffix(8) where !line.isEmpty { out.append("      | " + line) }
            }
            if let d = site.deployment {
                let f = d.figures
                let latency = "latency p50 \(seconds(f[DeploymentOutputs.latencyP50])), p95 \(seconds(f[DeploymentOutputs.latencyP95])), "
                    + "p99 \(seconds(f[DeploymentOutputs.latencyP99]))"
                let fallbacks = "\(fmt(f[DeploymentOutputs.fallbacks], 0)) fallbacks (\(fmt(f[DeploymentOutputs.timedOut], 0)) timed out, "
                    + "\(fmt(f[DeploymentOutputs.refused], 0)) refused)"
                let cost = "cost \(fmt(f[DeploymentOutputs.cost], 2)), \(joules(f[DeploymentOutputs.energyPerDecision].mean)) a decision"
                row("  deployed on \(d.name)", "\(d.kind); \(latency); waited \(fmt(f[DeploymentOutputs.waitHours], 2)) h; \(fallbacks); \(cost)")
            }
        }
        row("Failures", fmt(s.failures, 0))
        if s.robotCount > 0 {
            let cells = s.stations.filter { !$0.robots.isEmpty }
            let worst = cells.flatMap(\.robots).max { $0[RobotOutputs.failed].mean < $1[RobotOutputs.failed].mean }!
            row("Robots", "\(s.robotCount) in \(cells.count) robot cell\(cells.count == 1 ? "" : "s"); most down: \(worst.name), failed \(pct(worst[RobotOutputs.failed])) of the time, \(fmt(worst[RobotOutputs.failures], 0)) failures")
        }
        for fleet in s.fleets {
            let charging = fleet.figures.reports(FleetOutputs.charging) ? ", charging \(pct(fleet[FleetOutputs.charging]))" : ""
            row("Fleet \(fleet.name)", "\(fleet.vehicles) vehicle\(fleet.vehicles == 1 ? "" : "s"), \(fmt(fleet[FleetOutputs.deliveries], 0)) deliveries, \(dur(fleet[FleetOutputs.meanResponse])) from request to delivery; busy \(pct(fleet[FleetOutputs.busy]))\(charging)")
        }
        for pool in s.workerPools {
            let staffed = s.stations.filter { pool.stations.contains($0.name) }
            let worst = staffed.max { $0[StationOutputs.waitingWorker].mean < $1[StationOutputs.waitingWorker].mean }
            let most = worst.flatMap { $0[StationOutputs.waitingWorker].mean > 0 ? $0 : nil }
                .map { "; most waiting: \($0.name), \(pct($0[StationOutputs.waitingWorker])) of server time" } ?? ""
            let work = pool.figures.reports(WorkerOutputs.meanWait) ? "; \(dur(pool[WorkerOutputs.meanWait])) mean wait for workers\(most)" : ""
            let repairs = pool.figures.reports(WorkerOutputs.meanRepairWait)
                ? "; \(fmt(pool[WorkerOutputs.repairs], 0)) repairs, \(dur(pool[WorkerOutputs.meanRepairWait])) mean wait for the crew" : ""
            let duty = pool.figures.reports(WorkerOutputs.onDuty) ? " (on duty \(pct(pool[WorkerOutputs.onDuty])))" : ""
            row("Workers \(pool.name)", "\(pool.workers) worker\(pool.workers == 1 ? "" : "s"), at work \(pct(pool[WorkerOutputs.utilization]))\(duty)\(work)\(repairs)")
        }
        let kitted = s.stations.filter { $0.figures.reports(StationOutputs.kitStockout) }
        if let worst = kitted.max(by: { $0[StationOutputs.kitStockout].mean < $1[StationOutputs.kitStockout].mean }) {
            row("Kits", "\(kitted.count) kitted station\(kitted.count == 1 ? "" : "s"); most short: \(worst.name), out of kits \(pct(worst[StationOutputs.kitStockout])) of the time")
        }
        for loop in s.stations where loop.figures.reports(StationOutputs.carriersInUse) {
            row("Carriers \(loop.name)", "in use \(pct(loop[StationOutputs.carriersInUse])), none free \(pct(loop[StationOutputs.carrierShortage])) of the time, "
                + "cycle \(dur(loop[StationOutputs.carrierCycle])) from loading to free again")
        }
        if s.stations.contains(where: { $0.figures.reports(StationOutputs.energy) }) {
            row("Energy", "\(energy(s.energyPerJobKWh)) per job (\(energy(s.energyKWh)) in all)")
            for shop in s.shops where shop.energyKWh.mean > 0 {
                let share = s.energyKWh.mean > 0 ? shop.energyKWh.mean / s.energyKWh.mean : 0
                row("  \(shop.name)", "\(energy(shop.energyPerJobKWh)) per job, \(String(format: "%.0f%%", share * 100)) of the total")
            }
        }
        if s.reports("cost_per_hour") {
            func money(_ name: String, _ digits: Int) -> String { "\(fmt(s[name], digits)) \(s.unit(of: name))" }
            let profit = s.reports("profit_per_hour") ? "; profit \(money("profit_per_hour", 1))" : ""
            row("Cost", "\(money("cost_per_hour", 1)), \(money("cost_per_job", 2))\(profit)")
            let total = s["cost_per_hour"].mean
            let kinds = ResultFigure.costByKind.filter { s[$0.figure.name].mean > 0 }.sorted { s[$0.figure.name].mean > s[$1.figure.name].mean }
            if total > 0, !kinds.isEmpty {
                row("  by kind", kinds.map { "\($0.kind) \(String(format: "%.0f%%", s[$0.figure.name].mean / total * 100))" }.joined(separator: ", "))
            }
        }
        if let tree = s.lossTree, tree.design.mean > 0 {
            let design = tree.design.mean
            row("Where output goes", "design at the takt \(fmt(tree.design, 0)) jobs; lost to:")
            for (key, e) in tree.losses {
                let note = key == "speed_and_other" && e.mean < 0 ? "  (a gain: the bottlenecks cycle faster than the takt)" : ""
                row("  \(LossTree.name(of: key))", "\(fmt(e, 0)) jobs (\(String(format: "%.1f%%", e.mean / design * 100)))\(note)")
            }
            row("  completed", "\(fmt(tree.actual, 0)) jobs (\(String(format: "%.1f%%", tree.actual.mean / design * 100)))")
        }
        row("Events", "\(s.events) in \(String(format: "%.2f", s.wallSeconds)) s wall (\(rate(Double(s.events), s.wallSeconds)) events/s)")
        out.append("")
        let ranking = s.bottleneckRanking.prefix(5)
        if !ranking.isEmpty {
            out.append("Bottlenecks (active-period method, share of shift time):")
            for st in ranking {
                out.append("  " + st.name.padding(toLength: 24, withPad: " ", startingAt: 0)
                    + "sole \(pad(pct(st[StationOutputs.bottleneckSole]), 6))   shifting \(pad(pct(st[StationOutputs.bottleneckShifting]), 6))")
            }
            out.append("")
        }
        let busiest = s.stations.sorted { $0[StationOutputs.utilization].mean > $1[StationOutputs.utilization].mean }.prefix(8)
        out.append("Busiest stations (share of server time):")
        let width = max(8, busiest.map(\.name.count).max() ?? 8)
        let staffed = !s.workerPools.isEmpty
        // Setup apart from the rest of the work, as the report shows it, when a station listed changes over.
        let setups = busiest.contains { $0.figures.reports(StationOutputs.changeoverShare) }
        out.append("  " + "station".padding(toLength: width, withPad: " ", startingAt: 0) + "  servers  working" + (setups ? "    setup" : "")
            + "  starved  blocked   failed  off shift" + (staffed ? "  w. workers" : "") + "  mean wait")
        for st in busiest {
            let changesOver = st.figures.reports(StationOutputs.changeoverShare)
            let setup = changesOver ? st[StationOutputs.changeoverShare].mean : 0
            let work = [pad(pct(st[StationOutputs.working].mean - setup), 9)] + (setups ? [pad(changesOver ? pct(setup) : "–", 9)] : [])
            let cells = work + [StationOutputs.starved, StationOutputs.blocked, StationOutputs.failed].map { pad(pct(st[$0]), 9) }
                + [pad(pct(st[StationOutputs.offShift]), 11)] + (staffed ? [pad(pct(st[StationOutputs.waitingWorker]), 13)] : [])
            out.append("  " + st.name.padding(toLength: width, withPad: " ", startingAt: 0) + pad("\(st.servers)", 9)
                + cells.joined() + "  " + dur(st[StationOutputs.meanWait]))
        }
        if let storePath {
            out.append("")
            if storedIDs.isEmpty {
                out.append("Nothing stored in \(storePath).")
            } else {
                let ids = storedIDs.sorted()
                let range = ids.count == 1 ? "id \(ids[0])" : "ids \(ids.first!)–\(ids.last!)"
                out.append("Stored \(ids.count) run\(ids.count == 1 ? "" : "s") in \(storePath) (\(range)).")
            }
        }
        return out.joined(separator: "\n")
    }

    /// The warning for a line that did not settle (`Unsettled`).
    static func unsettledWarning(_ u: Unsettled) -> String {
        let grew: String = "work in process grew by " + String(format: "%.0f", u.growth) + " jobs over the measured window (time average "
            + String(format: "%.0f", u.workInProcess) + ")"
        let queue: String = "jobs pile up before " + u.queueStation + " (mean queue " + String(format: "%.0f", u.queue) + ")"
        let waited: String = "never waited for work (starved " + pct(u.starved) + ")"
        let held: String = u.queueStation == u.station ? queue + ", which " + waited : queue + ", held back by " + u.station + ", which " + waited
        return "warning: the line did not settle: " + grew + "; " + held + ": arrivals likely exceed its capacity. "
            + "The figures describe a line filling up, not a steady state: lower the arrival rate or add capacity at " + u.station
            + " (or, if the line only settles slowly, lengthen the warm-up)"
    }

    /// Right-aligns `text` in `width` columns.
    static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    static func fmt(_ e: Estimate, _ digits: Int) -> String {
        let base = String(format: "%.\(digits)f", e.mean)
        guard let hw = e.halfWidth, hw > 0 else { return base }
        return base + " ± " + String(format: "%.\(digits)f", hw)
    }

    static func pct(_ e: Estimate) -> String { pct(e.mean) }

    static func pct(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    static func dur(_ e: Estimate) -> String {
        dur(e.mean) + (e.halfWidth.map { " ± " + dur($0) } ?? "")
    }

    static func dur(_ seconds: Double) -> String { DurationText.describe(seconds) }

    /// A short time with three significant digits: µs, ms or s (longer ones as durations).
    static func seconds(_ e: Estimate) -> String { seconds(e.mean) }

    static func seconds(_ s: Double) -> String {
        if s == 0 { return "0" }
        if s >= 120 { return dur(s) }
        if s >= 1 { return String(format: "%.3g s", s) }
        if s >= 1e-3 { return String(format: "%.3g ms", s * 1e3) }
        return String(format: "%.3g µs", s * 1e6)
    }

    /// Energy with three significant digits: nJ, µJ, mJ, J or kJ.
    static func joules(_ j: Double) -> String {
        if j >= 1e3 { return String(format: "%.3g kJ", j / 1e3) }
        if j >= 1 || j == 0 { return String(format: "%.3g J", j) }
        if j >= 1e-3 { return String(format: "%.3g mJ", j * 1e3) }
        if j >= 1e-6 { return String(format: "%.3g µJ", j * 1e6) }
        return String(format: "%.3g nJ", j * 1e9)
    }

    /// kWh or MWh with the confidence half-width.
    static func energy(_ e: Estimate) -> String {
        let (scale, unit) = e.mean >= 1000 ? (1000.0, "MWh") : (1.0, "kWh")
        let format = e.mean / scale >= 100 ? "%.0f" : "%.2f"
        let base = String(format: format, e.mean / scale)
        guard let hw = e.halfWidth else { return "\(base) \(unit)" }
        return base + " ± " + String(format: format, hw / scale) + " " + unit
    }

    static func rate(_ events: Double, _ seconds: Double) -> String {
        guard seconds > 0 else { return "–" }
        let r = events / seconds
        return r >= 1e6 ? String(format: "%.1f M", r / 1e6) : String(format: "%.0f", r)
    }
}
