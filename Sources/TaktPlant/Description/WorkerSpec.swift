import TaktKernel

/// A pool of workers (operators, technicians) shared by the stations that need them.
///
/// A job at a staffed station holds its server from the start, as any job
/// does, and needs `count` workers of the station's pool for its work (a
/// changeover included): while they are busy elsewhere the server waits
/// for them (the `waiting_worker` state). Workers come back to the pool
/// when the work ends, before the job moves on or blocks; a failure or the
/// end of a shift that interrupts the work keeps them with the job. A
/// station's failures may need workers for their repairs (a repair crew):
/// the repair starts when they come, and workers already at the failed
/// server's work from the same pool count towards it. Waiting requests, for
/// work and repairs alike, are served by priority, then in the order they
/// were made; a request that needs more workers than are free waits, and no
/// later request overtakes it. With a walk time, a worker sent to a station
/// other than the one it was last at walks there first (workers at the
/// station are sent first); the task begins when the walkers arrive, and the
/// server waits for its workers meanwhile. Without one, workers need no time
/// to reach a station.
public struct WorkerPoolSpec: Sendable, Equatable {
    /// Unique name among the pools.
    public var name: String
    /// Workers in the pool.
    public var count: Int
    /// When the pool is on duty (nil: always). Off duty it takes no request;
    /// workers at a task when their duty ends finish it first.
    public var calendar: ShiftCalendar?
    /// Time a worker walks to a station other than the one it was last at
    /// (nil: none). At the start, workers are at no station.
    public var walk: Distribution?
    /// True when a station's work draws on the pool, and when a station's repairs do.
    public var works = false
    public var repairs = false

    /// Creates a pool of `count` workers, on duty by `calendar` (nil: always).
    public init(name: String, count: Int, calendar: ShiftCalendar? = nil, walk: Distribution? = nil) {
        self.name = name
        self.count = count
        self.calendar = calendar
        self.walk = walk
    }
}

/// What a staffed station's job needs from a worker pool.
public struct StaffSpec: Sendable, Equatable {
    /// The pool, by index into `PlantDescription.workers`.
    public var pool: Int
    /// Workers each job needs at once (at most the pool's size).
    public var count: Int
    /// Requests of higher priority are served first; equal priorities in request order.
    public var priority: Int

    /// Creates a station's need for `count` workers of pool `pool`.
    public init(pool: Int, count: Int = 1, priority: Int = 0) {
        self.pool = pool
        self.count = count
        self.priority = priority
    }
}
