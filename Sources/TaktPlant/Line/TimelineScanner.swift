import TaktKernel

/// Fills a `StationTimeline` between events: before each event it compares
/// every server's accounting state, every buffer's level, every kitted
/// station's kits on hand and every fleet's vehicles by state with what it
/// saw last, and books what the previous event changed at that event's time.
///
/// A job's setup (a changeover) is told apart from the rest of its work: a
/// server that starts a job with a setup is in `setup` for that long, then
/// working. A failure or the end of a shift during a setup ends the setup
/// there (the rest of it shows as working after).
///
/// An event observer, so the model's state changes carry no test for it: a
/// run without a timeline costs what it did (measured in instructions,
/// `Benchmarks/refactor/compare-instructions.sh`). Before the window only
/// the servers of changeover stations are followed (which job each began and
/// whether with a setup, so that a setup under way when the window opens
/// shows as one); the first scan in it finds the state the window opens on.
final class TimelineScanner: EventObserver, @unchecked Sendable {
    unowned let model: LineModel
    let timeline: StationTimeline
    /// An observer that sees the events after the scanner (a trace writer).
    let next: EventObserver?
    /// The time of the event handled last: the changes found are from then.
    private var lastTime: Tick = 0
    private var seenStates: [AccountingState?]
    private var seenLevels: [Int]
    /// Per server: the job it was last seen working on, and when the setup it shows ends (0: none).
    private var seenJobs: [Int32]
    private var setupEnds: [Tick]
    /// Per server: its station changes over.
    private let changesOver: [Bool]
    /// The servers of changeover stations.
    private let changeoverServers: [Int]
    /// The kitted stations, their kits on hand last seen, and each fleet's vehicles by state last seen.
    private let kittedStations: [Int]
    private var seenKits: [Int]
    private var seenFleets: [SIMD3<Int>]
    /// Per fleet and vehicle: when the trip it was last seen on started (its drives are booked once).
    private var seenTrips: [[Tick]]
    private var placesOpened = false

    init(model: LineModel, timeline: StationTimeline, next: EventObserver?) {
        self.model = model
        self.timeline = timeline
        self.next = next
        seenStates = Array(repeating: nil, count: timeline.stationOfServer.count)
        seenLevels = Array(repeating: -1, count: timeline.openingLevels.count)
        seenJobs = Array(repeating: -1, count: timeline.stationOfServer.count)
        setupEnds = Array(repeating: 0, count: timeline.stationOfServer.count)
        let changesOver = timeline.stationOfServer.map { model.features[Int($0)].contains(.changeover) }
        self.changesOver = changesOver
        changeoverServers = changesOver.indices.filter { changesOver[$0] }
        kittedStations = model.features.indices.filter { model.features[$0].contains(.kitted) }
        seenKits = Array(repeating: -1, count: model.features.count)
        seenFleets = Array(repeating: SIMD3(repeating: -1), count: model.fleets.count)
        seenTrips = model.fleets.map { Array(repeating: -1, count: $0.vehicles.count) }
    }

    func observe(_ record: TraceRecord) -> Bool {
        if record.time >= timeline.window.lowerBound {
            scan()
        } else {
            // Nothing is booked before the window (no state is seen yet): only the setups are followed.
            for k in changeoverServers { _ = setupOrWork(k, currentState(k)) }
        }
        lastTime = record.time
        return next?.observe(record) ?? true
    }

    /// Books the last event's changes and ends the spans: the run is over, at `end`.
    func finish(at end: Tick) {
        scan()
        for k in setupEnds.indices { endSetup(k, by: end) }
        timeline.finish(runEnd: end)
    }

    private func scan() {
        guard timeline.records(at: lastTime) else { return }
        for k in model.servers.indices {
            var state = currentState(k)
            if changesOver[k] { state = setupOrWork(k, state) }
            if state != seenStates[k] {
                seenStates[k] = state
                timeline.server(k, is: state, at: lastTime)
            }
        }
        for s in seenLevels.indices where model.buffers.queues[s].count != seenLevels[s] {
            seenLevels[s] = model.buffers.queues[s].count
            timeline.level(station: s, seenLevels[s], at: lastTime)
        }
        for s in kittedStations where model.kitting.stock[s] != seenKits[s] {
            seenKits[s] = model.kitting.stock[s]
            timeline.kits(station: s, seenKits[s], at: lastTime)
        }
        for f in seenFleets.indices {
            var counts = SIMD3<Int>()  // by `Vehicle.State` raw value: idle, busy, charging
            for vehicle in model.fleets[f].vehicles { counts[vehicle.state.rawValue] += 1 }
            guard counts != seenFleets[f] else { continue }
            seenFleets[f] = counts
            timeline.fleet(f, idle: counts[0], busy: counts[1], charging: counts[2], at: lastTime)
        }
        scanVehicles()
    }

    /// Books every vehicle's drives when it sets out (a trip under way when the window opens too), and where
    /// the vehicles stand when it opens.
    private func scanVehicles() {
        for f in seenTrips.indices {
            if !placesOpened { timeline.openingPlaces(fleet: f, model.fleets[f].vehicles.map { Int32(standing($0)) }) }
            for (v, vehicle) in model.fleets[f].vehicles.enumerated() where vehicle.legs.start != seenTrips[f][v] {
                let legs = vehicle.legs
                seenTrips[f][v] = legs.start
                // A trip that ended before the window opened is no drive of it: the vehicle stands where it ended.
                guard legs.start >= 0, legs.lastArrival >= timeline.window.lowerBound else { continue }
                timeline.move(fleet: f, vehicle: v, from: legs.from, to: legs.stop, depart: legs.start, arrive: legs.atStop)
                if let leaves = legs.leaves {
                    timeline.move(fleet: f, vehicle: v, from: legs.stop, to: vehicle.destination, depart: leaves, arrive: legs.arrives)
                }
            }
        }
        placesOpened = true
    }

    /// Where `vehicle` stands when the window opens, unless a drive of its books it elsewhere: where its trip
    /// set out from (if it set out since), where the trip's drives ended (a trip under way), else its place.
    private func standing(_ vehicle: Vehicle) -> Int {
        let legs = vehicle.legs
        guard vehicle.state != .idle, legs.start >= 0 else { return vehicle.place }
        if legs.start >= timeline.window.lowerBound { return legs.from }
        return legs.leaves == nil ? legs.stop : vehicle.destination
    }

    /// Server `k`'s accounting state after the event handled last.
    private func currentState(_ k: Int) -> AccountingState {
        AccountingState(rawValue: model.servers[k].accountingState(offShift: model.serverOffShift(k)))!
    }

    /// Server `k` of a changeover station in `state`: in setup while the job it began with one is in it.
    private func setupOrWork(_ k: Int, _ state: AccountingState) -> AccountingState {
        endSetup(k, by: lastTime)
        let job = model.servers[k].job
        guard state == .working, job >= 0 else {
            setupEnds[k] = 0
            // The job's cycle is over: the next job, whatever its number, starts anew.
            if state == .starved || state == .blocked { seenJobs[k] = -1 }
            return state
        }
        if job != seenJobs[k] {
            seenJobs[k] = job
            let setup = model.changeovers.lastSetup[k]
            setupEnds[k] = setup == 0 ? 0 : lastTime + setup
        }
        return setupEnds[k] > lastTime ? .setup : .working
    }

    /// Books the end of server `k`'s setup if it ended by `time`: working from then on.
    private func endSetup(_ k: Int, by time: Tick) {
        guard setupEnds[k] > 0, setupEnds[k] <= time else { return }
        if seenStates[k] == .setup {
            timeline.server(k, is: .working, at: setupEnds[k])
            seenStates[k] = .working
        }
        setupEnds[k] = 0
    }
}
