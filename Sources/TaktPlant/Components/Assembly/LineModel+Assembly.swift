import TaktKernel

/// Assembly (marriage) stations: a job from the main input starts only when
/// one part from each feeder is there, and the parts are consumed.
///
/// Parts wait in a store per feeder (`part_buffer` places); a feeder whose
/// store is full is blocked like any predecessor. A main job enters the
/// station when a server could start on it (all parts there) or its buffer
/// has room; a free server with waiting jobs but a missing part waits for it.
extension LineModel {
    /// Which part input of assembly station `t` the feeder `origin` delivers to, or nil (the main input).
    @inline(__always)
    func partIndex(at t: Int, from origin: Int) -> Int? {
        origin >= 0 ? assemblyParts.partInput[t * assemblyParts.stores.count + origin] : nil
    }

    /// True if station `t` can take a job coming from station `origin` (−1: a source).
    @inline(__always)
    func roomAt(_ t: Int, from origin: Int) -> Bool {
        guard features[t].contains(.assembly), let p = partIndex(at: t, from: origin) else { return hasRoom(t) }
        return assemblyParts.stores[t][p].count < assemblyParts.capacity[t]
    }

    /// True if station `t`'s material for one job is there: one part of each
    /// kind at an assembly, a kit at a kitted station, a free carrier at a
    /// loading station, the first job at a conveyor's end (always true elsewhere).
    @inline(__always)
    func partsReady(_ t: Int) -> Bool {
        let f = features[t]
        return f.isDisjoint(with: .gated) || materialReady(t, f)
    }

    /// `partsReady` at a station with material to wait for: out of line, so the core's hot
    /// functions that inline `partsReady` stay small enough to inline what they call.
    @inline(never)
    func materialReady(_ t: Int, _ f: Features) -> Bool {
        if f.contains(.kitted), kitting.stock[t] == 0 { return false }
        if f.contains(.carried), carriers.free[t] == 0 { return false }
        if f.contains(.conveyor), conveyors.waitingSince[t] < 0 || stationOffShift(t) { return false }
        guard f.contains(.assembly) else { return true }
        for store in assemblyParts.stores[t] where store.isEmpty { return false }
        return true
    }

    /// A part from feeder input `p` reaches station `t`; an idle server may now start.
    func enterPart(_ job: Int32, station t: Int, input p: Int, _ sim: Simulation) {
        jobs.entered[Int(job)] = sim.now
        assemblyParts.stores[t][p].append(job)
        startWaitingJobs(at: t, sim)
    }

    /// Takes one part of each kind for the job starting at station `t`; the parts leave the plant.
    func consumeParts(_ t: Int, _ sim: Simulation) {
        for p in assemblyParts.stores[t].indices {
            guard let part = assemblyParts.stores[t][p].popFirst() else { continue }
            output.workInProcess.add(-1, at: sim.now)
            retire(part, sim)
        }
        buffers.noteRoom(at: t)
    }
}
