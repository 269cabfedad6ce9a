/// A worker pool's events: its calendar's duty changes, and workers arriving where they walked.
enum WorkerEvent: Int32, LineEventKind {
    /// A pool with a calendar comes on duty or goes off (the target is the pool).
    case dutyChange = 15
    /// Workers who walked to a task arrive (the target is the task's server or robot; the detail a `Walk`).
    case walkEnd = 20
}

/// What workers are asked for: a job's work or a failed server's repair
/// (the target is the server), or a failed robot's repair or a robot's
/// maintenance (the target is the robot).
enum WorkerTask: Int32 {
    case work = 0, repair = 1, robotRepair = 2, robotMaintenance = 3

    /// Whether its target is a robot.
    var isRobotTask: Bool { self == .robotRepair || self == .robotMaintenance }
}

/// Workers on their way to a task, and how many of them walk: a `walkEnd` event's detail.
struct Walk {
    let task: WorkerTask
    let walkers: Int

    init(_ task: WorkerTask, walkers: Int) {
        self.task = task
        self.walkers = walkers
    }

    init(detail: Int32) {
        task = WorkerTask(rawValue: detail & 3)!
        walkers = Int(detail >> 2)
    }

    var detail: Int32 { task.rawValue | Int32(walkers) << 2 }
}
