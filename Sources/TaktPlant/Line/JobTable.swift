import TaktKernel

/// The jobs in the plant, struct-of-arrays by job id, with a free list: a
/// finished job's id is reused, so the arrays grow only with the work in
/// process, not with the run's length.
struct JobTable {
    /// When each job was created and when it entered its current station.
    var created: [Tick] = []
    var entered: [Tick] = []
    /// Whether each job has been found defective and sent to rework.
    var reworked: [Bool] = []
    /// Each job's variant and colour (−1: none; plants with orders only).
    var variant: [Int16] = []
    var colour: [Int16] = []
    /// Each job's due date (−1: none; plants whose order lists give due dates only).
    var due: [Tick] = []
    /// Ids free for reuse.
    var free: [Int32] = []
}
