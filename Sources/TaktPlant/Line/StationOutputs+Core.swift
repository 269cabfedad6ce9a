/// The figures every station has: flow, waiting and the time-in-state shares of its servers.
extension StationOutputs {
    public static let jobs = StationOutput("jobs", unit: "jobs", kind: .count, batch: .total, "Jobs that left the station.") { Double($0.jobs) }
    public static let meanWait = StationOutput("mean_wait_s", unit: "s", batch: byDepartures, "Mean time in the buffer before service.") { $0.meanWait }
    public static let meanTimeInStation = StationOutput("mean_time_in_station_s", unit: "s", batch: byDepartures,
                                                        "Mean time from entering to leaving: wait, service and blocking.") { $0.meanTimeInStation }
    public static let probWait = StationOutput("prob_wait", unit: "share", batch: byDepartures, "Share of jobs that waited at all.") { $0.probWait }
    public static let meanQueueLength = StationOutput("mean_queue_length", unit: "jobs", batch: .time,
                                                      "Time-average number of jobs waiting in the buffer.") { $0.meanQueueLength }
    public static let utilization = StationOutput("utilization", unit: "share", batch: .time, "Share of server time spent working.") { $0.utilization }
    public static let working = StationOutput("working", unit: "share", batch: .time, "Share of server time working.") { $0.working }
    public static let starved = StationOutput("starved", unit: "share", batch: .time, "Share of server time idle for want of a job (or a kit or part).") { $0.starved }
    public static let blocked = StationOutput("blocked", unit: "share", batch: .time, "Share of server time holding a finished job with no room downstream.") { $0.blocked }
    public static let failed = StationOutput("failed", unit: "share", batch: .time, "Share of server time down (failed or under repair).") { $0.failed }

    /// Means over the station's jobs, weighed by its departures (waits are
    /// counted when service starts: at a period's end they differ by the
    /// jobs in its servers, which only blurs the batches' weights).
    static let byDepartures: BatchBasis<StationResult> = .per("departures") { Double($0.jobs) }

    static let fromCore = [jobs, meanWait, meanTimeInStation, probWait, meanQueueLength, utilization, working, starved, blocked, failed]
}
