import Foundation
import TaktKernel
import TaktPolicy

/// Runs one replication of a plant from start to end.
public enum Replication {
    /// Simulates replication `replication` of `plant` with `settings` and returns its figures.
    ///
    /// Deterministic: the same plant, settings and replication index give the
    /// same figures (apart from `wallSeconds`), on any thread.
    ///
    /// A `timeline` records every server's state and buffer's level in its window.
    ///
    /// With `periods`, the run stops at the end of each period of its measured
    /// window (`PeriodTotals`) and records its figures' running totals there,
    /// in the result's `periods`; the figures are the same as without.
    ///
    /// With a `recorder`, every decision at `recordSite` is recorded with the teacher's choice. Policy
    /// processes that answer in batches are shared through `serving` with the run's other replications.
    ///
    /// - Throws: `ModelError` when the plant cannot be run to the end (it is unstable).
    public static func run(_ plant: PlantDescription, settings: RunSettings, replication: Int,
                           jobLimit: Int = LineModel.defaultJobLimit, recorder: DecisionRecorder? = nil,
                           recordSite: DecisionSite? = nil, departures: DepartureLog? = nil,
                           observer: EventObserver? = nil, serving: PolicyServing? = nil,
                           timeline: StationTimeline? = nil, periods: Bool = false) throws(ModelError) -> ReplicationResult {
        let clock = ContinuousClock.now
        let canArrive = plant.sources.contains { source in
            if case .unlimited = source.arrivals { return true }
            return source.firstArrival <= settings.duration
        }
        guard canArrive else {
            let first = plant.sources.map(\.firstArrival).min() ?? 0
            throw ModelError(replication: replication, time: 0, message: "no job can arrive before the run ends: the first arrival is at "
                + "\(DurationText.format(Ticks.seconds(first))) and the run lasts \(DurationText.format(Ticks.seconds(settings.duration)))")
        }
        let model = LineModel(plant: plant, seed: settings.seed, replication: replication, warmup: settings.warmup, duration: settings.duration, jobLimit: jobLimit,
                              auditRate: settings.auditRate, serving: serving)
        model.control.instruments.recorder = recorder
        model.control.instruments.recordSite = recordSite
        model.control.instruments.departureLog = departures
        let scanner = timeline.map { TimelineScanner(model: model, timeline: $0, next: observer) }
        model.control.instruments.observer = scanner ?? observer
        let sim = Simulation()
        model.start(in: sim)
        var recorder = periods ? PeriodRecorder(plant: plant, settings: settings) : nil
        var stop = StopReason.reachedTime
        for end in recorder?.ends ?? [] {
            stop = sim.run(until: end, handler: model)
            if stop == .stopRequested { break }
            recorder?.record(model.result(replication: replication, at: end, events: 0, wallSeconds: 0, bottlenecks: false), at: end)
        }
        if recorder?.ends.isEmpty ?? true { stop = sim.run(until: settings.duration, handler: model) }
        model.endPolicyProcesses(at: sim.now)
        scanner?.finish(at: stop == .stopRequested ? sim.now : settings.duration)
        if stop == .stopRequested, let failure = model.control.failure {
            throw ModelError(replication: replication, time: sim.now, message: failure)
        }
        let wall = (ContinuousClock.now - clock).inSeconds
        var result = model.result(replication: replication, at: settings.duration, events: sim.eventsHandled, wallSeconds: wall)
        result.periods = stop == .stopRequested ? nil : recorder?.finished()  // a run stopped early has no whole window to cut
        return result
    }
}
