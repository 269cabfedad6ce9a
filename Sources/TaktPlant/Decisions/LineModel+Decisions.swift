import Foundation
import TaktKernel
import TaktPolicy

/// What every decision site does around its choice: ask the policy (or the
/// teacher when the oracle serves the site), time it, count it, compare it
/// with the teacher when asked to, and record it for training.
extension LineModel {
    /// The choice at decision site `site` (index into `sites.all`) among
    /// `n` candidates, the features and mask already written; `teacher`
    /// computes the oracle's choice (called only when needed).
    @inline(__always)
    func decide(site: Int, candidates n: Int, teacher: () -> Int) -> Int {
        if let external = sites.external[site] { prepare(external) }
        let started = DispatchTime.now().uptimeNanoseconds
        var choice = sites.policies[site]?.choose(features: sites.scratch.features.base, mask: sites.scratch.mask.base) ?? teacher()
        var byFallback = false
        if choice < 0, let failure = sites.external[site]?.failure {
            choice = processFailed(site, failure, teacher: teacher)
            byFallback = sites.processFallbacks[site] != nil
        }
        let nanoseconds = Int(DispatchTime.now().uptimeNanoseconds &- started)
        sites.stats[site].nanoseconds &+= nanoseconds
        sites.stats[site].decisions += 1
        let recording = control.instruments.recorder != nil && control.instruments.recordSite == sites.all[site]
        var taught: Int?
        if sites.compareWithTeacher[site] || recording {
            // Without a comparison, a recorder that does not ask the teacher keeps the action taken.
            let asks = sites.policies[site] != nil && (sites.compareWithTeacher[site] || control.instruments.recorder?.asksTeacher != false)
            let label = asks ? teacher() : choice
            if sites.compareWithTeacher[site] {
                sites.stats[site].compared += 1
                if label == choice { sites.stats[site].agreed += 1 }
                taught = label
            }
            if recording { control.instruments.recorder?.record(sites.scratch.features.base, sites.scratch.mask.base, action: label) }
        }
        if sites.auditRate > 0, sites.auditStreams[site].nextUnit() < sites.auditRate {
            audit(site, choice: choice, teacher: sites.policies[site] == nil ? choice : taught, nanoseconds: nanoseconds, candidates: n,
                  byFallback: byFallback)
        }
        if choice < 0 || choice >= n { choice = 0 }
        return choice
    }
}

extension LineModel {
    /// Adds the decision just made at `site` to the audit trail (`byFallback`: by the fallback of its failed policy process).
    func audit(_ site: Int, choice: Int, teacher: Int?, nanoseconds: Int, candidates n: Int, byFallback: Bool) {
        let s = sites.all[site]
        let schema = s.schema
        let binding = s.binding(in: plant)
        var policy = s.ruleName(in: plant), file = binding?.file
        if byFallback, case let .process(command)? = binding?.model, let fallback = command.fallback {
            // The decision is the fallback's: named, and its model's checksum and precision, not the process's.
            switch fallback {
            case .oracle: (policy, file) = ("fallback: oracle", nil)
            case let .policy(path, model): (policy, file) = ("fallback: \(path)", model)
            }
        }
        sites.auditTrail.append(DecisionAudit(
            time: Ticks.seconds(now), point: schema.point, at: s.name(in: plant), policy: policy,
            modelHash: file?.checksum, precision: file.map { $0.network.precision.rawValue },
            deployment: deployments.siteDeployment[site] >= 0 ? plant.deployments[deployments.siteDeployment[site]].name : "in-process",
            features: Array(UnsafeBufferPointer(start: sites.scratch.features.base, count: schema.features.count)),
            mask: Array(UnsafeBufferPointer(start: sites.scratch.mask.base, count: schema.actions.count)),
            chosen: choice, teacher: teacher, latency: 0, inferenceNs: nanoseconds, fallback: byFallback))
    }
}

/// Decisions made at one site, and what they cost.
struct DecisionStatistics {
    var decisions = 0
    var nanoseconds = 0
    /// Decisions also put to the teacher, and how many it would have made the same.
    var compared = 0
    var agreed = 0
    /// Decisions made by the fallback after the site's policy process failed.
    var fallbacks = 0
}

extension LineModel {
    /// Site `site`'s process failed with `failure`: its fallback decides
    /// (counted), or, without one, the run stops with the failure.
    func processFailed(_ site: Int, _ failure: String, teacher: () -> Int) -> Int {
        if sites.processFailures[site] == nil { sites.processFailures[site] = failure }
        switch sites.processFallbacks[site] {
        case .teacher?:
            sites.stats[site].fallbacks += 1
            return teacher()
        case let .policy(policy)?:
            sites.stats[site].fallbacks += 1
            return policy.choose(features: sites.scratch.features.base, mask: sites.scratch.mask.base)
        case nil:
            if control.failure == nil {
                control.failure = failure
                control.stopRequested = true
            }
            return 0
        }
    }
}

/// Running totals a policy process may ask for with each request (docs/policy-protocol.md).
struct RunningFigures {
    var jobsCompleted = 0
    var leadTimeSeconds = 0.0
    var changeovers = 0
    var jobsStarted = 0

    /// The figures' names, as the protocol gives them.
    static let names = ["jobs_completed", "lead_time_s", "changeovers", "jobs_started"]

    /// Writes the figures into `pairs` under their names, in place: once
    /// `pairs` holds them, a decision allocates nothing for its figures.
    func write(into pairs: inout [(key: String, value: Double)]) {
        if pairs.count != Self.names.count { pairs = Self.names.map { ($0, 0) } }
        pairs[0].value = Double(jobsCompleted)
        pairs[1].value = leadTimeSeconds
        pairs[2].value = Double(changeovers)
        pairs[3].value = Double(jobsStarted)
    }
}

extension LineModel {
    /// The running totals since the start of the run, warm-up included.
    func runningFigures() -> RunningFigures {
        var f = sites.figuresBeforeWarmUp
        f.jobsCompleted += output.departures
        f.leadTimeSeconds += output.leadTime.mean * Double(output.leadTime.count) / Double(Ticks.perSecond)
        for s in stats.indices { f.changeovers += stats[s].changeovers }
        f.jobsStarted += output.arrived - output.lost
        return f
    }

    /// Gives a policy process the time and, when it asked, the figures of the decision about to be made.
    func prepare(_ external: ProcessPolicy) {
        external.time = Ticks.seconds(now)
        if external.wantsFigures { runningFigures().write(into: &external.figures) }
    }

    /// The end of warm-up: keeps the running totals that the statistics' reset is about to clear.
    func keepRunningFigures() {
        if sites.external.contains(where: { $0?.wantsFigures == true }) { sites.figuresBeforeWarmUp = runningFigures() }
    }

    /// The end of the replication at `now`: each policy process gets its end message and is closed.
    func endPolicyProcesses(at now: Tick) {
        self.now = now
        for case let external? in sites.external {
            prepare(external)
            external.end(time: Ticks.seconds(now))
        }
        sites.serving?.leave()
    }
}
