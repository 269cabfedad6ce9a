import TaktKernel
import TaktPolicy

/// The pick decision point: the buffer's groups, their features, the teacher
/// (an exact sequencing of the groups), and the policy that decides.
extension LineModel {
    /// The buffer position of the job server `k` of station `s` takes, by its pick policy.
    func decidePick(_ s: Int, server k: Int, at now: Tick) -> Int {
        let groups = formPickGroups(s, at: now)
        writePickFeatures(s, server: k, groups: groups, at: now)
        let choice = decide(site: sites.atStation[s], candidates: groups) { oraclePick(s, server: k, groups: groups) }
        return sites.scratch.pickGroups.base[choice].first
    }

    /// Asks the deployed pick policy for server `k`: the job to take when the
    /// answer (or the fallback) decides at once, else nil, the server waiting.
    func requestPick(_ s: Int, server k: Int, _ sim: Simulation) -> Int32? {
        let groups = formPickGroups(s, at: now)
        writePickFeatures(s, server: k, groups: groups, at: now)
        let audited = sites.auditTrail.count
        let site = sites.atStation[s]
        let choice = decide(site: site, candidates: groups) { oraclePick(s, server: k, groups: groups) }
        let chosen = sites.scratch.pickGroups.base[choice]
        switch send(site: site, subject: k, choice: Int(chosen.attribute), audit: sites.auditTrail.count > audited ? audited : -1, sim) {
        case .answered: return take(from: s, at: chosen.first)
        case .fellBack: return fallbackPick(s, server: k)
        case .pending:
            pools.idleUp[s] -= 1
            setPhase(k, .deciding, at: now)
            return nil
        }
    }

    /// The answer for server `k` arrived: it is free again and takes the
    /// chosen group's oldest job if there still is one, else the fallback's
    /// choice (with `choice` nil, the fallback decides).
    func pickAnswered(server k: Int, choice: Int?, _ sim: Simulation) {
        deployments.pickAnswers[k] = choice.map { Int32($0) } ?? PickAnswer.fallback
        setPhase(k, .idle, at: now)
        serverAvailable(k, sim)
        // Down or off shift, the answer is stale by the time the server can act: it asks again then.
        deployments.pickAnswers[k] = PickAnswer.none
    }

    /// Applies server `k`'s pick answer to station `s`'s buffer as it is now.
    func takeAnswered(_ s: Int, server k: Int) -> Int32? {
        let answer = deployments.pickAnswers[k]
        deployments.pickAnswers[k] = PickAnswer.none
        guard buffers.queues[s].count > 1 else { return buffers.queues[s].popFirst() }
        if answer != PickAnswer.fallback {
            for i in 0..<buffers.queues[s].count where attribute(of: buffers.queues[s][i], at: s) == Int16(truncatingIfNeeded: answer) {
                return take(from: s, at: i)
            }
        }
        return fallbackPick(s, server: k)
    }

    /// The pick by the site's fallback rule, in process and at once.
    func fallbackPick(_ s: Int, server k: Int) -> Int32? {
        guard buffers.queues[s].count > 1 else { return buffers.queues[s].popFirst() }
        switch plant.stations[s].pickDeployment?.fallback {
        case .batch?:
            return batchPick(s, server: k)
        case .oracle?:
            let groups = formPickGroups(s, at: now)
            return take(from: s, at: sites.scratch.pickGroups.base[oraclePick(s, server: k, groups: groups)].first)
        case .policy?:
            let groups = formPickGroups(s, at: now)
            writePickFeatures(s, server: k, groups: groups, at: now)
            guard let policy = deployments.siteFallbackPolicies[sites.atStation[s]] else { return buffers.queues[s].popFirst() }
            let choice = policy.choose(features: sites.scratch.features.base, mask: sites.scratch.mask.base)
            return take(from: s, at: sites.scratch.pickGroups.base[choice >= 0 && choice < groups ? choice : 0].first)
        case .fifo?, nil:
            return buffers.queues[s].popFirst()
        }
    }

    /// Groups station `s`'s buffer by changeover attribute (first eight, in
    /// order of their oldest job) into the scratch table; returns how many.
    func formPickGroups(_ s: Int, at now: Tick) -> Int {
        let g = sites.scratch.pickGroups.base
        var count = 0
        for i in 0..<buffers.queues[s].count {
            let job = buffers.queues[s][i]
            let a = attribute(of: job, at: s)
            // Weight grows with waiting: one more per hour waited (the teacher's fairness).
            let weight = 1 + Double(now - jobs.entered[Int(job)]) / 3.6e9
            var slot = 0
            while slot < count, g[slot].attribute != a { slot += 1 }
            if slot == count {
                guard count < PickPoint.candidates else { continue }
                g[slot] = PickGroup(attribute: a, first: i, size: 0, weight: 0, ranked: 0, oldest: now - jobs.entered[Int(job)])
                count += 1
            }
            g[slot].size += 1
            g[slot].weight += weight
            g[slot].ranked += weight * Double(g[slot].size)
        }
        return count
    }

    /// Fills the decision scratch with the pick point's features and mask.
    func writePickFeatures(_ s: Int, server k: Int, groups n: Int, at now: Tick) {
        let x = sites.scratch.features.base, mask = sites.scratch.mask.base, g = sites.scratch.pickGroups.base
        let last = changeovers.lastAttribute[k]
        var lastSize = 0
        for i in 0..<PickPoint.candidates {
            mask[i] = i < n
            guard i < n else {
                x[3 * i] = 0; x[3 * i + 1] = 0; x[3 * i + 2] = 0
                continue
            }
            let same = last >= 0 && g[i].attribute == last
            if same { lastSize = g[i].size }
            x[3 * i] = same ? 1 : 0
            x[3 * i + 1] = Float(min(Double(g[i].oldest) / 3.6e9, 8))
            x[3 * i + 2] = Float(min(Double(g[i].size) / 16, 1))
        }
        let b = 3 * PickPoint.candidates
        let queued = buffers.queues[s].count
        x[b] = Float(min(Double(queued) / Double(buffers.capacity[s] == .max ? 64 : max(1, buffers.capacity[s])), 1))
        x[b + 1] = Float(n) / 8
        x[b + 2] = last >= 0 ? 1 : 0
        x[b + 3] = Float(min(Double(lastSize) / 16, 1))
        x[b + 4] = Float(min(Double(queued) / 64, 1))
        x[b + 5] = n > 0 ? x[1] : 0
        x[b + 6] = sites.scratch.pickSetupRatio[s]
        x[b + 7] = 1
    }

    /// Far more than any sum of weighted completion times: changeovers count first.
    static let changeoverPenalty = 1e12

    /// The teacher: orders the groups to minimize first the changeovers (with
    /// a setup matrix, their time), then the weighted sum of the completion
    /// times of all jobs in the buffer (each group done whole once started,
    /// oldest first; a job's weight is 1 + hours waited; mean process time
    /// per job, the mean changeover before a group whose attribute differs
    /// from the previous one, that change's own with a setup matrix) and
    /// returns the first group of the best order (ties: the group with the
    /// older job). Exact, by dynamic programming
    /// over subsets of groups: at most 2^8 × 9 states.
    func oraclePick(_ s: Int, server k: Int, groups n: Int) -> Int {
        guard n > 1 else { return 0 }
        let process = sites.scratch.processMean[s], setup = sites.scratch.pickSetupMean[s]
        let last = changeovers.lastAttribute[k]
        let cost = sites.scratch.oracleCost.base, g = sites.scratch.pickGroups.base
        let states = n + 1  // what came before: a group, or slot n for the server's last job
        let full = (1 << n) - 1
        // Weight of the groups in each subset, built up one group at a time.
        let weightOf = sites.scratch.oracleWeight.base
        weightOf[0] = 0
        for mask in 1...full {
            let j = mask.trailingZeroBitCount
            weightOf[mask] = weightOf[mask & (mask - 1)] + g[j].weight
        }
        // Cost of doing group j next, before every other group in `mask` (j included):
        // its changeover delays them all; its jobs delay each other and the rest.
        // With a setup matrix a change costs its own mean time, and changeovers
        // count in proportion to it (setup time first); without one, each counts once.
        let pairs = sites.scratch.pickPairMean[s]
        func step(_ previous: Int, _ j: Int, _ mask: Int) -> Double {
            let prior = previous == n ? last : g[previous].attribute
            let change = prior >= 0 && prior != g[j].attribute ? pairs?[Int(prior)][Int(g[j].attribute)] ?? setup : 0
            guard change > 0 else {
                return process * (g[j].ranked + Double(g[j].size) * (weightOf[mask] - g[j].weight))
            }
            return Self.changeoverPenalty * (change / setup) + change * weightOf[mask] + process * (g[j].ranked + Double(g[j].size) * (weightOf[mask] - g[j].weight))
        }
        for p in 0..<states { cost[p] = 0 }
        for mask in 1...full {
            for p in 0..<states {
                if p < n, mask & (1 << p) != 0 { continue }
                var best = Double.infinity
                var m = mask
                while m != 0 {
                    let j = m.trailingZeroBitCount
                    m &= m - 1
                    best = min(best, step(p, j, mask) + cost[(mask & ~(1 << j)) * states + j])
                }
                cost[mask * states + p] = best
            }
        }
        var bestGroup = 0
        var best = Double.infinity
        for j in 0..<n {
            let c = step(n, j, full) + cost[(full & ~(1 << j)) * states + j]
            if c < best * (1 - 1e-12) { best = c; bestGroup = j }
        }
        return bestGroup
    }
}

/// One group of a buffer at a pick decision: jobs sharing a changeover attribute.
struct PickGroup {
    var attribute: Int16
    /// Buffer position of its oldest job.
    var first: Int
    var size: Int
    /// Sum of its jobs' weights, and of weight × rank within the group (1-based).
    var weight: Double
    var ranked: Double
    /// How long its oldest job has waited.
    var oldest: Tick
}
