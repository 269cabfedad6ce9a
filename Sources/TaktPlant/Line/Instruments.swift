/// What may watch a replication: a trace writer or verifier (or the
/// stations' timeline of an animation), the departure log of warm-up
/// detection, the recorder of training data. All optional.
struct Instruments {
    /// Sees every event before it is handled.
    var observer: EventObserver?
    /// Every departure's time and lead time.
    var departureLog: DepartureLog?
    /// Every decision at `recordSite`, with the teacher's choice.
    var recorder: DecisionRecorder?
    var recordSite: DecisionSite?
}
