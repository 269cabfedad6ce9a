import TaktKernel

/// Fills a `StationTimeline` between events: before each event it compares
/// every server's accounting state and every buffer's level with what it
/// saw last, and books what the previous event changed at that event's time.
///
/// An event observer, so the model's state changes carry no test for it: a
/// run without a timeline costs what it did (measured in instructions,
/// `Benchmarks/refactor/compare-instructions.sh`). Events before the window
/// are not scanned; the first scan in it finds the state the window opens on.
final class TimelineScanner: EventObserver, @unchecked Sendable {
    unowned let model: LineModel
    let timeline: StationTimeline
    /// An observer that sees the events after the scanner (a trace writer).
    let next: EventObserver?
    /// The time of the event handled last: the changes found are from then.
    private var lastTime: Tick = 0
    private var seenStates: [AccountingState?]
    private var seenLevels: [Int]

    init(model: LineModel, timeline: StationTimeline, next: EventObserver?) {
        self.model = model
        self.timeline = timeline
        self.next = next
        seenStates = Array(repeating: nil, count: timeline.stationOfServer.count)
        seenLevels = Array(repeating: -1, count: timeline.openingLevels.count)
    }

    func observe(_ record: TraceRecord) -> Bool {
        if record.time >= timeline.window.lowerBound { scan() }
        lastTime = record.time
        return next?.observe(record) ?? true
    }

    /// Books the last event's changes and ends the spans: the run is over, at `end`.
    func finish(at end: Tick) {
        scan()
        timeline.finish(runEnd: end)
    }

    private func scan() {
        guard timeline.records(at: lastTime) else { return }
        for k in model.servers.indices {
            let state = AccountingState(rawValue: model.servers[k].accountingState(offShift: model.serverOffShift(k)))!
            if state != seenStates[k] {
                seenStates[k] = state
                timeline.server(k, is: state, at: lastTime)
            }
        }
        for s in seenLevels.indices where model.buffers.queues[s].count != seenLevels[s] {
            seenLevels[s] = model.buffers.queues[s].count
            timeline.level(station: s, seenLevels[s], at: lastTime)
        }
    }
}
