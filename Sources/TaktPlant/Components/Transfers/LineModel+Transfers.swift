import TaktKernel

extension LineModel {
    /// Handles a transfer's event.
    func handle(_ kind: TransferEvent, _ event: Event, _ sim: Simulation) {
        switch kind {
        case .transferEnd: transferEnded(job: event.detail, station: Int(event.target), sim)
        }
    }

    /// Sends `job` from station `s` on its way to station `t`, where it holds a place until it arrives.
    @inline(__always)
    func startTransfer(_ job: Int32, from s: Int, to t: Int, time: Sampler, _ sim: Simulation) {
        transfers.reserved[t] += 1
        sim.schedule(Event(TransferEvent.transferEnd, target: Int32(t), detail: job), after: time.sampleTicks(&transfers.streams[s]))
    }

    /// A job in transfer reaches station `t` and takes the place it held (at the next shift start, if off shift).
    func transferEnded(job: Int32, station t: Int, _ sim: Simulation) {
        if shiftClock.offShift {
            transfers.arrivedOffShift.append((job, t))
            return
        }
        transfers.reserved[t] -= 1
        enter(job, station: t, sim)
    }
}
