import TaktKernel

/// Plant-level statistics: output, lead time, interdeparture time, work in process.
///
/// Besides running totals it keeps two fixed-bin histograms (lead time and
/// interdeparture time) and the jobs completed in each on-shift hour after
/// warm-up, in arrays sized once (`sizeSeries`), so a departure allocates nothing.
struct OutputStatistics {
    var takt: Tick?
    var arrived = 0
    var lost = 0
    var failures = 0
    var departures = 0
    /// Departures of jobs never sent to rework.
    var firstPass = 0
    /// Lead and interdeparture times, in ticks.
    var leadTime = Tally()
    var leadTimeQuantiles = DurationQuantiles()
    var interdeparture = Tally()
    var interdepartureQuantiles = DurationQuantiles()
    var taktMet = 0
    /// Lead and interdeparture times in fixed logarithmic bins.
    var leadTimeHistogram = DurationHistogram()
    var interdepartureHistogram = DurationHistogram()
    /// Jobs completed in on-shift hour k after warm-up (by the operating clock), one
    /// slot per hour of the measured window: on-shift hours never outnumber calendar hours.
    var completedPerShiftHour: [Int] = []
    /// On-shift clock at the last departure: interdeparture times count
    /// operating time only, so a night off shift is not a slow cycle.
    var lastDeparture: Tick?
    var workInProcess = TimeWeighted()
    /// Jobs in the plant when the measured window began.
    var workInProcessAtWindowStart = 0.0
    var windowStart: Tick = 0
    /// On-shift clock at the start of the measured window.
    var operatingAtWindowStart: Tick = 0
    /// Completed jobs and lead times (ticks) by variant, completed jobs by colour.
    var variantJobs: [Int] = []
    var variantLeadTime: [Tally] = []
    var colourJobs: [Int] = []

    /// Completed jobs with a due date, those on time, and every such job's tardiness (ticks, 0 when on time).
    var dueJobs = 0
    var onTime = 0
    var tardiness = Tally()

    /// Books a completed job's due date against the time it `finished`.
    mutating func recordDue(_ due: Tick, finished: Tick) {
        dueJobs += 1
        if finished <= due { onTime += 1 }
        tardiness.record(Double(max(0, finished - due)))
    }

    /// Books a completed job's variant and colour (−1: none).
    mutating func recordOrder(variant: Int16, colour: Int16, leadTime: Tick) {
        if variant >= 0 {
            variantJobs[Int(variant)] += 1
            variantLeadTime[Int(variant)].record(Double(leadTime))
        }
        if colour >= 0 { colourJobs[Int(colour)] += 1 }
    }

    /// Makes room for the series of a measured window of `ticks` (one slot per
    /// hour, a partial hour included, and one for the window's last instant:
    /// `completedPerShiftHour(hours:)` counts it in the last hour).
    mutating func sizeSeries(measured ticks: Tick) {
        let hour = 3600 * Ticks.perSecond
        completedPerShiftHour = Array(repeating: 0, count: Int(max(0, (ticks + hour - 1) / hour)) + 1)
    }

    /// Jobs completed per on-shift hour in a window of `hours` on-shift hours:
    /// one bin per hour, the last one partial and closed on the right, so a
    /// departure at the run's last instant (deterministic times make one
    /// likely) is counted and the bins add up to the departures.
    func completedPerShiftHour(hours: Double) -> [Int] {
        let bins = min(Int((hours - 1e-9).rounded(.up)), completedPerShiftHour.count)
        guard bins > 0 else { return [] }
        var series = Array(completedPerShiftHour.prefix(bins))
        series[bins - 1] += completedPerShiftHour[bins...].reduce(0, +)
        return series
    }

    mutating func recordDeparture(createdAt created: Tick, at now: Tick, operatingClock: Tick, reworked: Bool) {
        departures += 1
        if !reworked { firstPass += 1 }
        let lead = now - created
        leadTime.record(Double(lead))  // in ticks, like every tally here
        leadTimeQuantiles.record(lead)
        leadTimeHistogram.record(lead)
        let hour = Int((operatingClock - operatingAtWindowStart) / (3600 * Ticks.perSecond))
        if hour >= 0, hour < completedPerShiftHour.count { completedPerShiftHour[hour] += 1 }
        if let last = lastDeparture {
            let gap = operatingClock - last
            interdeparture.record(Double(gap))
            interdepartureQuantiles.record(gap)
            interdepartureHistogram.record(gap)
            if let takt, gap <= takt { taktMet += 1 }
        }
        lastDeparture = operatingClock
        workInProcess.add(-1, at: now)
    }

    mutating func reset(at now: Tick, operatingClock: Tick) {
        operatingAtWindowStart = operatingClock
        arrived = 0
        lost = 0
        failures = 0
        departures = 0
        firstPass = 0
        for v in variantJobs.indices { variantJobs[v] = 0; variantLeadTime[v].reset() }
        for c in colourJobs.indices { colourJobs[c] = 0 }
        dueJobs = 0
        onTime = 0
        tardiness.reset()
        leadTime.reset()
        leadTimeQuantiles.reset()
        interdeparture.reset()
        interdepartureQuantiles.reset()
        leadTimeHistogram.reset()
        interdepartureHistogram.reset()
        for k in completedPerShiftHour.indices { completedPerShiftHour[k] = 0 }
        taktMet = 0
        workInProcess.reset(at: now)
        workInProcessAtWindowStart = workInProcess.value
        windowStart = now
    }
}
