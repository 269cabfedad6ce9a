import TaktKernel

/// Jobs and sources: creating jobs and releasing them into the plant.
extension LineModel {
    func newJob(at now: Tick) -> Int32 {
        if let id = jobs.free.popLast() {
            jobs.created[Int(id)] = now
            jobs.reworked[Int(id)] = false
            if orders.enabled { jobs.variant[Int(id)] = -1; jobs.colour[Int(id)] = -1 }
            if orders.dueDates { jobs.due[Int(id)] = -1 }
            return id
        }
        if jobs.created.count >= control.jobLimit, control.failure == nil {
            var longest = 0
            for s in buffers.queues.indices where buffers.queues[s].count > buffers.queues[longest].count { longest = s }
            control.failure = "more than \(control.jobLimit) jobs are in the plant, \(buffers.queues[longest].count) of them waiting at '\(plant.stations[longest].name)': "
                + "the plant is unstable (jobs arrive faster than that station can serve them, and its buffer is unlimited)"
            control.stopRequested = true
        }
        jobs.created.append(now)
        jobs.entered.append(now)
        jobs.reworked.append(false)
        if orders.enabled { jobs.variant.append(-1); jobs.colour.append(-1) }
        if orders.dueDates { jobs.due.append(-1) }
        return Int32(jobs.created.count - 1)
    }



    func arrival(source i: Int, _ sim: Simulation) {
        if orders.listed, orders.listDone(i) { return }  // the source's order list is done
        if shiftClock.offShift || (shiftClock.hasCalendar && plant.calendar?.state(at: sim.now).on == false) {
            // Released at the next shift start; the interarrival time restarts then.
            // (At the very instant a shift ends the flag is still set: work
            // finishing then completes, but no new job is released.)
            shiftClock.waitingForShift[i] = true
            return
        }
        var position: Int?
        if sites.atSource[i] >= 0, deployments.siteDeployment[sites.atSource[i]] >= 0, !orders.banks[i].isEmpty {
            // A deployed release policy: the source holds until the answer comes.
            guard let answered = requestRelease(source: i, sim) else { return }
            position = answered
        }
        release(source: i, position: position, sim)
    }

    /// Source `i` releases a job now, with the order at bank `position` (nil: by its release rule).
    func release(source i: Int, position: Int?, _ sim: Simulation) {
        let next = arrivals.next[i]
        let job = newJob(at: sim.now)
        assignOrder(job, source: i, at: sim.now, position: position)
        output.arrived += 1
        if hasRoom(next) {
            admit(job, station: next, sim)
            scheduleNextArrival(i, sim)
        } else if arrivals.losesWhenFull[i] {
            output.lost += 1
            retire(job, sim)
            scheduleNextArrival(i, sim)
        } else {
            arrivals.heldJob[i] = job
            buffers.blockedOn[next].append(-Int32(i) - 1)
        }
    }

    func scheduleNextArrival(_ i: Int, _ sim: Simulation) {
        guard let interarrival = arrivals.interarrival[i] else {
            // An order list with release times: its next order's time, or now if that has passed.
            if let release = nextListedRelease(i) { sim.schedule(Event(CoreEvent.arrival, target: Int32(i)), at: max(release, sim.now)) }
            return
        }
        sim.schedule(Event(CoreEvent.arrival, target: Int32(i)), after: interarrival.sampleTicks(&arrivals.streams[i]))
    }
}
