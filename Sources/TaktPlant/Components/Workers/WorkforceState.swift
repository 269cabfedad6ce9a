import TaktKernel

/// Worker pools during a replication: free workers, the requests waiting
/// for them in service order, what each staffed station's work and repairs
/// need, and the pools' figures.
///
/// Owned by the line model; the behaviour is in `LineModel+Workers`.
/// Slots of stations and servers without workers stay unused.
struct WorkforceState: LineComponent {
    /// What a job's work at each station needs (count 0: the station is not staffed).
    let need: [StaffSpec]
    /// What a repair at each station needs (count 0: repairs need no workers).
    let repairNeed: [StaffSpec]
    /// Workers at a task per pool, and whether the pool is on duty.
    var atWork: [Int]
    var onDuty: [Bool]
    /// Each pool's size and calendar (nil: always on duty).
    let size: [Int]
    let calendars: [ShiftCalendar?]
    /// Requests waiting for workers, per pool, in the order they are served.
    var waiting: [[WorkerRequest]]
    /// Workers each server took from the pool for the repair under way (workers at its work help without being taken again).
    var repairHeld: [Int]
    /// Per server: its work's workers went back to the pool when it failed, and its work asks for them again after the repair.
    var rejoin: [Bool]
    /// Per server: its work's workers stay with it off shift, not at work (`busy` leaves them out).
    var heldOffShift: [Bool]
    /// Busy workers and waiting requests over time, per pool.
    var busy: [TimeWeighted]
    var queued: [TimeWeighted]
    /// Workers on duty over time, per pool.
    var duty: [TimeWeighted]
    /// Each request's wait for its workers (ticks, zero waits included) and requests served, per pool: work and repairs apart.
    var wait: [Tally]
    var repairWait: [Tally]
    /// Pools whose workers walk: the walk's time and stream (nil: they need no time), the free
    /// workers at each place (`[pool][station]`, the last place: at no station yet), and the
    /// workers walking over time.
    let walk: [Sampler?]
    var walkStreams: [RandomStream]
    var freeAt: [[Int]]
    var walking: [TimeWeighted]

    /// Every pool of `plant` with all its workers free.
    init(plant: PlantDescription, servers: Int, seed: UInt64, replication: UInt64) {
        let pools = plant.workers.count
        let none = StaffSpec(pool: 0, count: 0)
        need = plant.stations.map { $0.workers ?? none }
        repairNeed = plant.stations.map { $0.failures?.repair ?? none }
        atWork = Array(repeating: 0, count: pools)
        onDuty = Array(repeating: true, count: pools)
        size = plant.workers.map(\.count)
        calendars = plant.workers.map(\.calendar)
        duty = plant.workers.map { TimeWeighted(value: Double($0.count)) }
        waiting = Array(repeating: [], count: pools)
        repairHeld = Array(repeating: 0, count: plant.workers.isEmpty ? 0 : servers)
        rejoin = Array(repeating: false, count: plant.workers.isEmpty ? 0 : servers)
        heldOffShift = Array(repeating: false, count: plant.workers.isEmpty ? 0 : servers)
        busy = Array(repeating: TimeWeighted(), count: pools)
        queued = Array(repeating: TimeWeighted(), count: pools)
        wait = Array(repeating: Tally(), count: pools)
        repairWait = Array(repeating: Tally(), count: pools)
        walk = plant.workers.map { $0.walk?.sampler }
        walkStreams = plant.workers.map { RandomStream(seed: seed, replication: replication, name: "walk:\($0.name)") }
        freeAt = plant.workers.map { pool in
            pool.walk == nil ? [] : Array(repeating: 0, count: plant.stations.count) + [pool.count]
        }
        walking = Array(repeating: TimeWeighted(), count: pools)
    }

    /// Pool `p`'s free workers: those on duty and not at a task.
    @inline(__always)
    func free(_ p: Int) -> Int {
        onDuty[p] ? size[p] - atWork[p] : 0
    }

    /// Where a request of `priority` joins pool `p`'s waiting line: behind
    /// every request of the same or a higher priority.
    func place(priority: Int, pool p: Int) -> Int {
        var i = 0
        while i < waiting[p].count, waiting[p][i].priority >= priority { i += 1 }
        return i
    }

    /// The end of warm-up: the pools' figures start afresh (busy workers and waiting requests carry over).
    mutating func resetStatistics(at now: Tick) {
        for p in size.indices {
            busy[p].reset(at: now)
            queued[p].reset(at: now)
            duty[p].reset(at: now)
            wait[p].reset()
            repairWait[p].reset()
            walking[p].reset(at: now)
        }
    }
}

/// A request for the workers a task needs: a server's job's work or its
/// repair, or a robot's repair (`target` is the server or the robot).
struct WorkerRequest {
    var task: WorkerTask
    var target: Int32
    var count: Int
    var priority: Int
    /// When it was made.
    var time: Tick
}
