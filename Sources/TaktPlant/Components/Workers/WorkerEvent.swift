/// A worker pool's events: its calendar's duty changes, and workers arriving where they walked.
enum WorkerEvent: Int32, LineEventKind {
    /// A pool with a calendar comes on duty or goes off (the target is the pool).
    case dutyChange = 15
    /// Workers who walked to a task arrive (the target is the server, or the robot; the detail a `WalkTask`).
    case walkEnd = 20
}

/// What workers walk to, and how many of them walk: an event's detail.
struct WalkTask {
    enum Kind: Int32 { case work = 0, repair = 1, robotRepair = 2 }
    let kind: Kind
    let walkers: Int

    init(_ kind: Kind, walkers: Int) {
        self.kind = kind
        self.walkers = walkers
    }

    init(detail: Int32) {
        kind = Kind(rawValue: detail & 3)!
        walkers = Int(detail >> 2)
    }

    var detail: Int32 { kind.rawValue | Int32(walkers) << 2 }
}
