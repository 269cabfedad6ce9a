import TaktKernel

/// Part kits and the vehicle fleets that deliver them.
///
/// A kitted station uses one kit per job started and asks its fleet for more
/// at the reorder point. An idle vehicle takes the request at once (the
/// dispatch rule picks which); otherwise the request waits until a vehicle
/// is free (the rule picks which request). Vehicles finish their trips and
/// charge off shift too; only the stations stop.
extension LineModel {
    /// Handles a fleet's event.
    func handle(_ kind: FleetEvent, _ event: Event, _ sim: Simulation) {
        switch kind {
        case .kitDelivered: kitDelivered(vehicle: Int(event.detail), fleet: Int(event.target), sim)
        case .vehicleCharged: vehicleCharged(vehicle: Int(event.detail), fleet: Int(event.target), sim)
        }
    }

    /// Uses one kit at station `s` for a job starting now; reorders at the reorder point.
    func useKit(_ s: Int, _ sim: Simulation) {
        kitting.stock[s] -= 1
        if kitting.stock[s] == 0 { kitting.stockoutSince[s] = sim.now }
        let kit = kitting.supply[s]
        guard kitting.stock[s] + kitting.inbound[s] <= kit.reorderAt else { return }
        kitting.inbound[s] += kit.size
        requestKits(station: s, fleet: kit.fleet, sim)
    }

    /// A request from station `s`: an idle vehicle takes it, or it waits.
    func requestKits(station s: Int, fleet f: Int, _ sim: Simulation) {
        let request = KitRequest(station: s, time: sim.now)
        guard !fleets[f].idle.isEmpty else {
            fleets[f].waiting.append(request)
            return
        }
        // The scratch list is moved out while it is filled, so appends need no uniqueness checks on the fleets.
        var views: [VehicleView] = []
        swap(&views, &fleets[f].idleViews)
        views.removeAll(keepingCapacity: true)
        for v in fleets[f].idle { views.append(fleets[f].view(of: v)) }
        let chosen = fleets[f].rules.vehicle(for: view(of: request), among: views, at: sim.now)
        swap(&views, &fleets[f].idleViews)
        let i = min(max(0, chosen), fleets[f].idle.count - 1)
        startTrip(vehicle: fleets[f].idle.remove(at: i), in: f, for: request, sim)
    }

    /// Sends vehicle `v` of fleet `f` to the depot, then with kits to the requesting station.
    func startTrip(vehicle v: Int, in f: Int, for request: KitRequest, _ sim: Simulation) {
        let s = request.station
        let place = fleets[f].vehicles[v].place
        let toDepot = fleets[f].toDepot(from: place)
        let load = fleets[f].load.sampleTicks(&fleets[f].stream)
        let unload = fleets[f].unload.sampleTicks(&fleets[f].stream)
        let trip = toDepot + load + fleets[f].depotTravel[s] + unload
        fleets[f].vehicles[v].legs = VehicleLegs(from: place, start: sim.now, stop: Vehicle.depot, atStop: sim.now + toDepot,
                                                 leaves: sim.now + toDepot + load, arrives: sim.now + toDepot + load + fleets[f].depotTravel[s])
        fleets[f].vehicles[v].enter(.busy, at: sim.now)
        fleets[f].vehicles[v].destination = s
        fleets[f].vehicles[v].requestedAt = request.time
        fleets[f].vehicles[v].charge = max(0, fleets[f].vehicles[v].charge - trip)
        sim.schedule(Event(FleetEvent.kitDelivered, target: Int32(f), detail: Int32(v)), after: trip)
    }

    /// Vehicle `v` of fleet `f` unloads its kits; it then charges or takes the next request.
    func kitDelivered(vehicle v: Int, fleet f: Int, _ sim: Simulation) {
        let s = fleets[f].vehicles[v].destination
        let kit = kitting.supply[s]
        if kitting.stock[s] == 0 {
            kitting.shortages[s] += 1
            kitting.times[s].add(sim.now - max(kitting.stockoutSince[s], output.windowStart), to: KitState.stockout)
        }
        kitting.stock[s] += kit.size
        kitting.inbound[s] -= kit.size
        fleets[f].deliveries += 1
        fleets[f].response.record(Double(sim.now - fleets[f].vehicles[v].requestedAt))
        fleets[f].vehicles[v].place = s
        startWaitingJobs(at: s, sim)
        if let battery = fleets[f].battery,
           Double(fleets[f].vehicles[v].charge) < battery.rechargeBelow * Double(battery.runtime) {
            let drive = fleets[f].chargerTravel[s]
            let charge = max(0, fleets[f].vehicles[v].charge - drive)
            let charging = Tick(Double(battery.chargeTime) * Double(battery.runtime - charge) / Double(battery.runtime))
            fleets[f].vehicles[v].legs = VehicleLegs(from: s, start: sim.now, stop: Vehicle.charger, atStop: sim.now + drive)
            fleets[f].vehicles[v].enter(.charging, at: sim.now)
            sim.schedule(Event(FleetEvent.vehicleCharged, target: Int32(f), detail: Int32(v)), after: drive + charging)
            return
        }
        vehicleFree(v, in: f, sim)
    }

    /// Vehicle `v` of fleet `f` is fully charged at the charger.
    func vehicleCharged(vehicle v: Int, fleet f: Int, _ sim: Simulation) {
        fleets[f].vehicles[v].charge = fleets[f].battery?.runtime ?? .max
        fleets[f].vehicles[v].place = Vehicle.charger
        fleets[f].charges += 1
        vehicleFree(v, in: f, sim)
    }

    /// Vehicle `v` takes the waiting request the rule picks, or waits idle.
    func vehicleFree(_ v: Int, in f: Int, _ sim: Simulation) {
        guard !fleets[f].waiting.isEmpty else {
            fleets[f].vehicles[v].enter(.idle, at: sim.now)
            fleets[f].idle.append(v)
            return
        }
        let chosen: Int
        if sites.atFleet[f] >= 0 {
            chosen = decideDispatch(vehicle: v, fleet: f)
        } else {
            fleets[f].requestViews.removeAll(keepingCapacity: true)
            for request in fleets[f].waiting { fleets[f].requestViews.append(view(of: request)) }
            chosen = fleets[f].rules.request(for: fleets[f].view(of: v), among: fleets[f].requestViews, at: sim.now)
        }
        let request = fleets[f].waiting.remove(at: min(max(0, chosen), fleets[f].waiting.count - 1))
        startTrip(vehicle: v, in: f, for: request, sim)
    }

    func view(of request: KitRequest) -> KitRequestView {
        KitRequestView(station: request.station, requested: request.time, kitsLeft: kitting.stock[request.station])
    }
}

/// The fleets, as one component of the line.
extension [FleetState]: LineComponent {
    /// Starts the fleets' figures afresh at the end of warm-up.
    mutating func resetStatistics(at now: Tick) {
        for f in indices {
            self[f].deliveries = 0
            self[f].response = Tally()
            self[f].charges = 0
            for v in self[f].vehicles.indices {
                self[f].vehicles[v].enter(self[f].vehicles[v].state, at: now)
                self[f].vehicles[v].times = StateTimes()
            }
        }
    }
}
