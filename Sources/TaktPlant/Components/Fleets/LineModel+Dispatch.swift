import TaktKernel
import TaktPolicy

/// The dispatch decision point: a freed vehicle's choice among waiting kit
/// requests — features, the teacher, and the policy.
extension LineModel {
    /// The position in fleet `f`'s waiting list that vehicle `v` serves next.
    func decideDispatch(vehicle v: Int, fleet f: Int) -> Int {
        let n = min(fleets[f].waiting.count, DispatchPoint.candidates)
        guard n > 1 else { return 0 }
        writeDispatchFeatures(vehicle: v, fleet: f, candidates: n)
        return decide(site: sites.atFleet[f], candidates: n) { oracleDispatch(vehicle: v, fleet: f, candidates: n) }
    }

    /// Kits station `s` has left, as a share of its reorder point plus delivery size.
    @inline(__always)
    func kitShare(_ s: Int) -> Double {
        Double(kitting.stock[s]) / Double(max(1, kitting.supply[s].reorderAt + kitting.supply[s].size))
    }

    /// Fills the decision scratch with the dispatch point's features and mask.
    func writeDispatchFeatures(vehicle v: Int, fleet f: Int, candidates n: Int) {
        let x = sites.scratch.features.base, mask = sites.scratch.mask.base
        let vehicle = fleets[f].view(of: v)
        let toDepot = Double(vehicle.toDepot)
        var empty = 0, least = 1.0, total = 0.0
        for k in 0..<DispatchPoint.candidates {
            mask[k] = k < n
            guard k < n else {
                x[3 * k] = 0; x[3 * k + 1] = 0; x[3 * k + 2] = 0
                continue
            }
            let request = fleets[f].waiting[k]
            let share = kitShare(request.station)
            if kitting.stock[request.station] == 0 { empty += 1 }
            least = min(least, share)
            total += share
            x[3 * k] = Float(min(share, 1))
            x[3 * k + 1] = Float(min(Double(now - request.time) / 1.8e9, 1))
            x[3 * k + 2] = Float(min((toDepot + Double(fleets[f].depotTravel[request.station])) / 6e8, 1))
        }
        let g = 3 * DispatchPoint.candidates
        let vehicles = fleets[f].vehicles.count
        x[g] = Float(min(Double(fleets[f].waiting.count) / 8, 1))
        x[g + 1] = Float(Double(fleets[f].idle.count) / Double(max(1, vehicles)))
        x[g + 2] = Float(vehicle.charge)
        x[g + 3] = Float(min(toDepot / 6e8, 1))
        x[g + 4] = Float(empty) / Float(n)
        x[g + 5] = Float(min(least, 1))
        x[g + 6] = Float(min(total / Double(n), 1))
        x[g + 7] = 1
    }

    /// The teacher: orders the first `n` waiting requests as if this vehicle
    /// served them all in turn (from where it stands: to the depot, load,
    /// drive, unload; then back to the depot for the next), to minimize the
    /// stations' total time without kits — a station runs out after its kits
    /// times its mean time per job — and returns the first request of the
    /// best order (ties: the older request). Exact, by dynamic programming
    /// over subsets: the time when a request is served depends only on which
    /// requests came before and which came last.
    func oracleDispatch(vehicle v: Int, fleet f: Int, candidates n: Int) -> Int {
        let handling = fleets[f].meanHandling
        let start = Double(fleets[f].toDepot(from: fleets[f].vehicles[v].place))
        // Each request's depot-to-station drive and when its station runs out, in the teacher's scratch.
        let out = sites.scratch.oracleWeight.base, runout = sites.scratch.oracleWeight.base + DispatchPoint.candidates
        for k in 0..<n {
            let s = fleets[f].waiting[k].station
            out[k] = Double(fleets[f].depotTravel[s])
            let perJob = plant.stations[s].process.mean * 1e6 / Double(plant.stations[s].servers)
            runout[k] = Double(kitting.stock[s]) * perJob
        }
        let cost = sites.scratch.oracleCost.base, first = sites.scratch.oracleFirst.base
        let full = (1 << n) - 1
        // cost[mask * n + last]: least starvation serving `mask`, ending with `last`; first[...]: its first request.
        for mask in 1...full {
            var legs = start, returns = 0.0
            for k in 0..<n where mask & (1 << k) != 0 {
                legs += out[k] + handling
                returns += out[k]
            }
            for last in 0..<n where mask & (1 << last) != 0 {
                let served = legs + returns - out[last]  // every earlier station's return leg, not the last one's
                let late = max(0, served - runout[last])
                let rest = mask & ~(1 << last)
                if rest == 0 {
                    cost[mask * n + last] = late
                    first[mask * n + last] = last
                    continue
                }
                var best = Double.infinity, bestFirst = 0
                var m = rest
                while m != 0 {
                    let p = m.trailingZeroBitCount
                    m &= m - 1
                    let c = cost[rest * n + p]
                    if c < best - 1e-6 || (abs(c - best) <= 1e-6 && first[rest * n + p] < bestFirst) {
                        best = c
                        bestFirst = first[rest * n + p]
                    }
                }
                cost[mask * n + last] = best + late
                first[mask * n + last] = bestFirst
            }
        }
        var best = Double.infinity, bestFirst = 0
        for last in 0..<n {
            let c = cost[full * n + last]
            if c < best - 1e-6 || (abs(c - best) <= 1e-6 && first[full * n + last] < bestFirst) {
                best = c
                bestFirst = first[full * n + last]
            }
        }
        return bestFirst
    }
}
