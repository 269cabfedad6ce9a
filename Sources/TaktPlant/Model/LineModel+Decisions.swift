import Foundation
import TaktKernel
import TaktPolicy

/// What every decision site does around its choice: ask the policy (or the
/// teacher when the oracle serves the site), time it, count it, compare it
/// with the teacher when asked to, and record it for training.
extension LineModel {
    /// The choice at decision site `site` (index into `decisionSites`) among
    /// `n` candidates, the features and mask already written; `teacher`
    /// computes the oracle's choice (called only when needed).
    @inline(__always)
    func decide(site: Int, candidates n: Int, teacher: () -> Int) -> Int {
        let started = DispatchTime.now().uptimeNanoseconds
        var choice = sitePolicies[site]?.choose(features: decisionFeatures.base, mask: decisionMask.base) ?? teacher()
        decisionStats[site].nanoseconds &+= Int(DispatchTime.now().uptimeNanoseconds &- started)
        decisionStats[site].decisions += 1
        let recording = recorder != nil && recordSite == decisionSites[site]
        if siteCompare[site] || recording {
            // Without a comparison, a recorder that does not ask the teacher keeps the action taken.
            let asks = sitePolicies[site] != nil && (siteCompare[site] || recorder?.asksTeacher != false)
            let taught = asks ? teacher() : choice
            if siteCompare[site] {
                decisionStats[site].compared += 1
                if taught == choice { decisionStats[site].agreed += 1 }
            }
            if recording { recorder?.record(decisionFeatures.base, decisionMask.base, action: taught) }
        }
        if choice < 0 || choice >= n { choice = 0 }
        return choice
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
