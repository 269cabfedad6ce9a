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
        let started = DispatchTime.now().uptimeNanoseconds
        var choice = sites.policies[site]?.choose(features: teacherScratch.features.base, mask: teacherScratch.mask.base) ?? teacher()
        let nanoseconds = Int(DispatchTime.now().uptimeNanoseconds &- started)
        sites.stats[site].nanoseconds &+= nanoseconds
        sites.stats[site].decisions += 1
        let recording = instruments.recorder != nil && instruments.recordSite == sites.all[site]
        var taught: Int?
        if sites.compareWithTeacher[site] || recording {
            // Without a comparison, a recorder that does not ask the teacher keeps the action taken.
            let asks = sites.policies[site] != nil && (sites.compareWithTeacher[site] || instruments.recorder?.asksTeacher != false)
            let label = asks ? teacher() : choice
            if sites.compareWithTeacher[site] {
                sites.stats[site].compared += 1
                if label == choice { sites.stats[site].agreed += 1 }
                taught = label
            }
            if recording { instruments.recorder?.record(teacherScratch.features.base, teacherScratch.mask.base, action: label) }
        }
        if sites.auditRate > 0, sites.auditStreams[site].nextUnit() < sites.auditRate {
            audit(site, choice: choice, teacher: sites.policies[site] == nil ? choice : taught, nanoseconds: nanoseconds, candidates: n)
        }
        if choice < 0 || choice >= n { choice = 0 }
        return choice
    }
}

extension LineModel {
    /// Adds the decision just made at `site` to the audit trail.
    func audit(_ site: Int, choice: Int, teacher: Int?, nanoseconds: Int, candidates n: Int) {
        let s = sites.all[site]
        let schema = s.schema
        let binding = s.binding(in: plant)
        sites.auditTrail.append(DecisionAudit(
            time: Ticks.seconds(now), point: schema.point, at: s.name(in: plant), policy: s.ruleName(in: plant),
            modelHash: binding?.file.checksum, precision: binding.map { $0.file.network.precision.rawValue },
            deployment: deployments.siteDeployment[site] >= 0 ? plant.deployments[deployments.siteDeployment[site]].name : "in-process",
            features: Array(UnsafeBufferPointer(start: teacherScratch.features.base, count: schema.features.count)),
            mask: Array(UnsafeBufferPointer(start: teacherScratch.mask.base, count: schema.actions.count)),
            chosen: choice, teacher: teacher, latency: 0, inferenceNs: nanoseconds, fallback: false))
    }
}

/// Decisions made at one site, and what they cost.
struct DecisionStatistics {
    var decisions = 0
    var nanoseconds = 0
    /// Decisions also put to the teacher, and how many it would have made the same.
    var compared = 0
    var agreed = 0
}
