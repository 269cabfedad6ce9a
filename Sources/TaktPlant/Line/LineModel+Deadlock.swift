import TaktKernel

/// Detection of deadlocks: closed loops of full buffers whose machines all
/// hold finished jobs waiting for each other.
///
/// A station is *stuck* when its buffer is full and every one of its servers
/// holds a finished job (blocked, whether up or down: a repair gives a
/// blocked server no room). If every station reachable from a stuck station
/// through its blocked servers' destinations is stuck too, none of them can
/// ever move again. The check runs only when a server blocks (or a blocked
/// server is repaired) on a station that lies on a routing cycle, so plants
/// without cycles never pay for it.
extension LineModel {
    /// True if station `s` can make no progress by itself.
    func isStuck(_ s: Int) -> Bool {
        guard buffers.queues[s].count >= buffers.capacity[s] else { return false }
        for k in pools.first[s]..<pools.first[s + 1] where servers[k].phase != .blocked { return false }
        return true
    }

    /// Stops the run if the stations reachable from `t` through blocked jobs are all stuck.
    func checkDeadlock(from t: Int, _ sim: Simulation) {
        // Most checks end here, before anything is allocated: the station still has room or a working server.
        guard routes.onCycle[t], control.failure == nil, isStuck(t) else { return }
        var seen: Set<Int> = [t]
        var pending = [t]
        while let x = pending.popLast() {
            guard isStuck(x) else { return }
            for k in pools.first[x]..<pools.first[x + 1] {
                if case let .station(u) = servers[k].destination, seen.insert(u).inserted { pending.append(u) }
            }
        }
        let names = seen.sorted().map { "'\(plant.stations[$0].name)'" }.joined(separator: ", ")
        control.failure = "deadlock: stations \(names) have full buffers and every one of their machines holds a finished job "
            + "waiting for another of them (a closed loop of full buffers), so nothing can move again; "
            + "enlarge a buffer on the loop or route fewer jobs back into it"
        control.stopRequested = true
    }
}
