import TaktKernel

/// A conveyor that brings jobs to a station, in place of its buffer: jobs
/// ride it in the order they entered, each taking `pitch` of its `length`,
/// and a job starts at the station only once it has reached the conveyor's
/// end.
///
/// Conventions (also in docs/manual/plant-files.md, under `conveyor`):
/// - A job enters at the start when fewer than `capacity` jobs are on the
///   conveyor and the job before it has moved a pitch on (`pitch ÷ speed`
///   after it entered); else the station that holds it is blocked.
/// - It reaches the end `length ÷ speed` after it entered, or a pitch's
///   travel after the job ahead of it left the end, whichever is later.
/// - An *accumulating* conveyor (roller, power-and-free) lets jobs queue at
///   its end while the rest keep moving; a *non-accumulating* one (a chain,
///   a belt, a slat conveyor) stops as a whole while its first job waits at
///   the end, and starts again when the station takes it.
/// - Conveyors run through breaks: what reaches the end off shift waits there.
public struct ConveyorSpec: Sendable, Equatable {
    /// The conveyor's length, metres.
    public var length: Double
    /// Its speed, metres per second.
    public var speed: Double
    /// The length one job takes on it (the carrier's or body's length and the gap to the next), metres.
    public var pitch: Double
    /// Whether jobs queue at the end while the rest keep moving (else the whole conveyor stops).
    public var accumulating: Bool

    /// How many jobs fit on the conveyor: its length over the pitch.
    public var capacity: Int { max(1, Int((length / pitch * (1 + 1e-12)).rounded(.down))) }
    /// Time a job takes from the start to the end, seconds.
    public var travel: Double { length / speed }
    /// Time a job takes to move one pitch, seconds.
    public var gap: Double { pitch / speed }
}
