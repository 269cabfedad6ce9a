import Foundation
import TaktKernel

/// Runs one replication of a plant from start to end.
public enum Replication {
    /// Simulates replication `replication` of `plant` with `settings` and returns its figures.
    ///
    /// Deterministic: the same plant, settings and replication index give the
    /// same figures (apart from `wallSeconds`), on any thread.
    public static func run(_ plant: PlantDescription, settings: RunSettings, replication: Int) -> ReplicationResult {
        let clock = ContinuousClock.now
        let model = LineModel(plant: plant, seed: settings.seed, replication: replication, warmup: settings.warmup)
        let sim = Simulation()
        model.start(in: sim)
        _ = sim.run(until: settings.duration, handler: model)
        let elapsed = ContinuousClock.now - clock
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return model.result(replication: replication, at: settings.duration, events: sim.eventsHandled, wallSeconds: wall)
    }
}
