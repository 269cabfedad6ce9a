/// A worker pool's use and the waits for its workers.
extension WorkerOutputs {
    public static let utilization = WorkerOutput("utilization", unit: "share", "Time-average share of the pool's workers at work (walking to it included).") { $0.utilization }
    public static let onDuty = WorkerOutput("on_duty", unit: "share", "Time-average share of the pool's workers on duty by its calendar.",
                                            when: { $0.calendar != nil }) { $0.onDuty }
    public static let assignments = WorkerOutput("assignments", unit: "count", kind: .count, "Requests served: jobs whose work got its workers.",
                                                 when: { $0.works }) { Double($0.assignments) }
    public static let meanWait = WorkerOutput("mean_wait_s", unit: "s", "Mean time from a job's request to its workers (zero waits included).",
                                              when: { $0.works }) { $0.meanWait }
    public static let repairs = WorkerOutput("repairs", unit: "count", kind: .count, "Repairs (and robot maintenances) whose crew came from the pool.",
                                             when: { $0.repairs }) { Double($0.repairs) }
    public static let meanRepairWait = WorkerOutput("mean_repair_wait_s", unit: "s",
                                                    "Mean time from a failure (or a robot taken down for maintenance) to its crew (zero waits included).",
                                                    when: { $0.repairs }) { $0.meanRepairWait }
    public static let meanWaiting = WorkerOutput("mean_waiting", unit: "requests", "Time-average number of requests waiting for workers.") { $0.meanWaiting }
    public static let walking = WorkerOutput("walking", unit: "share", "Time-average share of the pool's workers walking to a task (counted in utilization too).",
                                             when: { $0.walk != nil }) { $0.walking }

    static let fromWorkers = [utilization, onDuty, assignments, meanWait, repairs, meanRepairWait, meanWaiting, walking]
}

/// A staffed station's time waiting for its workers.
extension StationOutputs {
    public static let waitingWorker = StationOutput("waiting_worker", unit: "share", batch: .time,
                                                    "Share of server time holding a job whose work waits for workers.",
                                                    when: { $0.workers != nil }) { $0.waitingWorker }

    static let fromWorkers = [waitingWorker]
}
