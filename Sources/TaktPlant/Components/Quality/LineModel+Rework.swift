import TaktKernel
import TaktPolicy

/// The rework decision point: a defective job's destination, by rule,
/// teacher or policy.
extension LineModel {
    /// Inspects `job` as it finishes at station `s`: the rework destination
    /// when it is found defective (and marks it reworked), else nil.
    @inline(__always)
    func inspect(_ job: Int32, at s: Int) -> NodeRef? {
        guard let q = inspections.rules[s], inspections.streams[s].nextUnit() < q.defectRate else { return nil }
        let destination = reworkDestination(s, job: job, quality: q)
        jobs.reworked[Int(job)] = true
        stats[s].defects += 1
        return destination
    }

    /// How a station chooses its rework destination, without the rule's payload (read per defect).
    enum ReworkKind {
        case first, shortestQueue, decided
    }

    /// Where station `s` (inspecting with `quality`) sends the defective job `job`.
    func reworkDestination(_ s: Int, job: Int32, quality: QualitySpec) -> NodeRef {
        switch inspections.reworkKinds[s] {
        case .first:
            return quality.rework
        case .shortestQueue:
            return shortestQueue(among: inspections.reworkOptions[s], from: s)
        case .decided:
            return inspections.reworkOptions[s][decideRework(s, job: job, options: inspections.reworkOptions[s])]
        }
    }

    /// Asks the station's rework policy (or the teacher) which destination slot.
    func decideRework(_ s: Int, job: Int32, options: [NodeRef]) -> Int {
        writeReworkFeatures(s, job: job, options: options)
        return decide(site: sites.atRework[s], candidates: options.count) { oracleRework(options) }
    }

    /// Fills the decision scratch with the rework point's features and mask.
    func writeReworkFeatures(_ s: Int, job: Int32, options: [NodeRef]) {
        let x = sites.scratch.features.base, mask = sites.scratch.mask.base
        var minWaiting: Float = 1, free = 0, servers = 0, repair = 0.0, stations = 0
        for k in 0..<ReworkPoint.candidates {
            mask[k] = k < options.count
            guard k < options.count else {
                x[3 * k] = 0; x[3 * k + 1] = 0; x[3 * k + 2] = 0
                continue
            }
            switch options[k] {
            case .sink:
                x[3 * k] = 0; x[3 * k + 1] = 1; x[3 * k + 2] = 0
                minWaiting = 0
            case let .station(t):
                let waiting = Float(min(Double(buffers.queues[t].count) / 16, 1))
                let count = pools.first[t + 1] - pools.first[t]
                x[3 * k] = waiting
                x[3 * k + 1] = Float(pools.idleUp[t]) / Float(count)
                x[3 * k + 2] = Float(min(sites.scratch.processMean[t] / 3600, 1))
                minWaiting = min(minWaiting, waiting)
                free += pools.idleUp[t]
                servers += count
                repair += sites.scratch.processMean[t]
                stations += 1
            }
        }
        let g = 3 * ReworkPoint.candidates
        x[g] = Float(options.count) / 8
        x[g + 1] = Float(min(Double(now - jobs.created[Int(job)]) / 3.6e9 / 48, 1))
        x[g + 2] = jobs.reworked[Int(job)] ? 1 : 0
        x[g + 3] = Float(inspections.rules[s]?.defectRate ?? 0)
        x[g + 4] = minWaiting
        x[g + 5] = servers > 0 ? Float(free) / Float(servers) : 1
        x[g + 6] = stations > 0 ? Float(min(repair / Double(stations) / 3600, 1)) : 0
        x[g + 7] = 1
    }

    /// The teacher: the station where this job's repair is expected to
    /// finish first — its mean repair time, after the jobs ahead of it
    /// (waiting, plus those in repair beyond the free servers) shared over
    /// its servers (ties: the first listed; a sink only when nothing else is listed).
    func oracleRework(_ options: [NodeRef]) -> Int {
        var best = 0, bestTime = Double.infinity
        for (k, option) in options.enumerated() {
            guard case let .station(t) = option else { continue }
            let servers = Double(pools.first[t + 1] - pools.first[t])
            let busy = servers - Double(pools.idleUp[t])
            let ahead = max(0, Double(buffers.queues[t].count) + busy - servers + 1)
            let time = sites.scratch.processMean[t] * (1 + ahead / servers)
            if time < bestTime - 1e-9 { best = k; bestTime = time }
        }
        return best
    }
}
