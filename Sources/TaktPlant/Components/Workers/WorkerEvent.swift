/// A worker pool's events: its calendar's duty changes.
enum WorkerEvent: Int32, LineEventKind {
    /// A pool with a calendar comes on duty or goes off (the target is the pool).
    case dutyChange = 15
}
