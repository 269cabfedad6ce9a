import TaktKernel

/// The state one plant concept keeps in a replication, as the core sees it:
/// what to free when the model goes, and what to start afresh at the end of
/// warm-up. Everything else a component does, it does through its hooks
/// (`LineModel+<Concern>.swift`) and its events.
protocol LineComponent {
    /// Frees the memory the state allocated (its slabs); called once, when the model goes.
    func release()
    /// The end of warm-up: the state's statistics start afresh at `now`.
    mutating func resetStatistics(at now: Tick)
}

extension LineComponent {
    func release() {}
    mutating func resetStatistics(at now: Tick) {}
}

/// The line's components, registered as the model builds them: each is
/// released with the model and reset at the end of warm-up, so registering
/// a component is its one line in `LineModel.init`
/// (`x = components.register(\.x, XState(...))`).
struct ComponentRegistry {
    private var releases: [(LineModel) -> Void] = []
    private var resets: [(LineModel, Tick) -> Void] = []

    /// Registers `state`, kept by the model at `path`, and returns it.
    mutating func register<C: LineComponent>(_ path: ReferenceWritableKeyPath<LineModel, C>, _ state: C) -> C {
        releases.append { $0[keyPath: path].release() }
        resets.append { model, now in model[keyPath: path].resetStatistics(at: now) }
        return state
    }

    /// Frees every component's memory (the model's deinit).
    func release(_ model: LineModel) {
        for release in releases { release(model) }
    }

    /// Starts every component's statistics afresh at `now`.
    func resetStatistics(_ model: LineModel, at now: Tick) {
        for reset in resets { reset(model, now) }
    }
}
