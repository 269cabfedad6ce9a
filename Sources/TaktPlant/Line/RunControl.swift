import TaktKernel

/// A replication's limits, how it stopped early if it did, and what watches it.
struct RunControl {
    /// End of the warm-up period.
    let warmup: Tick
    /// The most jobs that may be in the plant at once.
    let jobLimit: Int
    /// Why the run had to stop early (a deadlock, too many jobs).
    var failure: String?
    /// Set with `failure`: the model stops the simulation after the event.
    var stopRequested = false
    /// What watches the replication: a trace, the departure log, a recorder of training data.
    var instruments = Instruments()
}
