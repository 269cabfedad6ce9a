import TaktKernel

/// Conveyors in front of stations: each one's travel and pitch times, where
/// its jobs are, whether it runs, and how long a job waited at its end.
///
/// The jobs on a conveyor are its station's buffer (`Buffers.queues`, in the
/// order they entered); this state adds where they are. Positions are kept
/// on a *conveyor clock*: the time itself on an accumulating conveyor (each
/// job moves on its own), the distance run (in ticks of motion) on a
/// non-accumulating one, which stands still while its first job waits.
///
/// Owned by the line model; the behaviour is in `LineModel+Conveyors`.
/// Slots of stations without a conveyor stay unused.
struct ConveyorState: LineComponent {
    /// Each conveyor's time from start to end and for one pitch, in ticks of motion.
    let travel: Slab<Tick>
    let gap: Slab<Tick>
    let accumulating: Slab<Bool>
    /// Each conveyor's places (length ÷ pitch).
    let places: Slab<Int>
    /// The conveyor clock when the last job entered (a pitch before the start at first), and
    /// whether that job is still within a pitch of the start (then no other may enter).
    let lastEntry: Slab<Tick>
    let startClosed: Slab<Bool>
    /// When the job at the end last left it (accumulating conveyors).
    let lastExit: Slab<Tick>
    /// A non-accumulating conveyor's distance run up to `beltSince`, and whether it runs since then.
    let beltRun: Slab<Tick>
    let beltSince: Slab<Tick>
    let running: Slab<Bool>
    /// A non-accumulating conveyor's jobs' clocks when they entered, first job first.
    var entries: [PositionQueue]
    /// Since when the first job has been at each conveyor's end (−1: it is not there yet, or the
    /// conveyor is empty; set by its `conveyorEnd` event, so a job that enters at that moment never
    /// passes it), and the time jobs waited there, in ticks.
    var waitingSince: [Tick]
    var backedUp: [Tick]
    /// The measured window's start (the end of warm-up).
    var windowStart: Tick = 0

    init(plant: PlantDescription) {
        let specs = plant.stations.map(\.conveyor)
        let gaps = specs.map { $0.map { Ticks.from(seconds: $0.gap) } ?? 0 }
        travel = Slab(specs.map { $0.map { Ticks.from(seconds: $0.travel) } ?? 0 })
        gap = Slab(gaps)
        accumulating = Slab(specs.map { $0?.accumulating ?? true })
        places = Slab(specs.map { $0?.capacity ?? 0 })
        // As if a job had entered and left a pitch before the start: the first may enter, and reach the end, at once.
        lastEntry = Slab(gaps.map { -$0 })
        startClosed = Slab(Array(repeating: false, count: specs.count))
        lastExit = Slab(gaps.map { -$0 })
        beltRun = Slab(Array(repeating: 0, count: specs.count))
        beltSince = Slab(Array(repeating: 0, count: specs.count))
        running = Slab(Array(repeating: true, count: specs.count))
        entries = Array(repeating: PositionQueue(), count: specs.count)
        waitingSince = Array(repeating: -1, count: specs.count)
        backedUp = Array(repeating: 0, count: specs.count)
    }

    /// Conveyor `s`'s clock at `now`: the time, or a non-accumulating conveyor's distance run.
    @inline(__always)
    func clock(_ s: Int, at now: Tick) -> Tick {
        if accumulating[s] { return now }
        return running[s] ? beltRun[s] + now - beltSince[s] : beltRun[s]
    }

    /// Frees the slabs (the line model's deinit).
    func release() {
        travel.release()
        gap.release()
        accumulating.release()
        places.release()
        lastEntry.release()
        startClosed.release()
        lastExit.release()
        beltRun.release()
        beltSince.release()
        running.release()
    }

    /// The end of warm-up: the time jobs waited at the ends is measured afresh.
    mutating func resetStatistics(at now: Tick) {
        windowStart = now
        for s in backedUp.indices { backedUp[s] = 0 }
    }
}

/// Positions of the jobs on one conveyor, first job first: a queue that
/// reuses its storage.
struct PositionQueue {
    private var items: [Tick] = []
    private var head = 0

    var first: Tick? { head < items.count ? items[head] : nil }

    mutating func append(_ position: Tick) { items.append(position) }

    mutating func removeFirst() {
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64, head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
    }
}
