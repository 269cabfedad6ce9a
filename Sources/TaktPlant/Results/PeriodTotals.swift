import TaktKernel

/// One replication's running totals at the ends of the periods its measured
/// window is cut into: what batch means read to give one long replication
/// confidence intervals.
///
/// The window after warm-up is cut into at most `maximumPeriods` equal
/// periods. A plant with a calendar (its own, a station's or a worker
/// pool's) is cut into whole repeats of it (days, or weeks when the days
/// differ), so that every batch holds whole weeks (or days) of it; the last
/// period takes what is left. For each figure with a `BatchBasis` the run
/// records its two running totals at each period's end. A plant whose order
/// list ends has no steady state, and is not cut.
public struct PeriodTotals: Sendable, Codable, Equatable {
    /// Most periods a window is cut into (batches are made by joining them in twos).
    public static let maximumPeriods = 128
    /// Fewest batches batch means accept.
    public static let minimumBatches = 10

    /// The end of each period, seconds from the run's start (the last is the run's end).
    public fileprivate(set) var ends: [Double] = []
    /// The repeat of the plant's calendars, seconds (nil: no calendar).
    public let cycleSeconds: Double?
    /// Why the window is not cut (an order list that ends, too few repeats of the calendar); nil when it is.
    public let refusal: String?
    /// Each plant-level figure's running totals, by figure name.
    public fileprivate(set) var figures: [String: RunningTotals] = [:]
    /// Each station's figures' running totals, by figure name, in plant-file order.
    public fileprivate(set) var stations: [[String: RunningTotals]] = []
    let endTicks: [Tick]

    /// The periods of `plant`'s measured window under `settings`.
    public init(plant: PlantDescription, settings: RunSettings) {
        let window = settings.duration - settings.warmup
        let cycle = Self.cycle(of: plant)
        cycleSeconds = cycle.map(Ticks.seconds)
        if let ending = plant.sources.first(where: { $0.orderList.map { !$0.repeats } ?? false }) {
            refusal = "source \(ending.name) stops at the end of its order list, so the run has no steady state to cut into batches: run replications"
            endTicks = []
            return
        }
        var cuts: [Tick] = []
        if let cycle {
            let repeats = Int(window / cycle)
            if repeats < Self.minimumBatches {
                let name = cycle == ShiftCalendar.week ? "weeks" : "days"
                refusal = "the plant's calendar repeats every \(name.dropLast()) and the measured window holds \(repeats) whole \(name); "
                    + "batch means need at least \(Self.minimumBatches): run longer, or run replications"
                endTicks = []
                return
            }
            let per = (repeats + Self.maximumPeriods - 1) / Self.maximumPeriods
            cuts = (1..<(repeats / per)).map { settings.warmup + Tick($0 * per) * cycle }
        } else {
            cuts = (1..<Self.maximumPeriods).map { settings.warmup + window * Tick($0) / Tick(Self.maximumPeriods) }
        }
        cuts.append(settings.duration)
        refusal = nil
        endTicks = cuts
    }

    /// How often the plant's calendars repeat: a day when every day is alike in all of them, else a week; nil without a calendar.
    static func cycle(of plant: PlantDescription) -> Tick? {
        let calendars = [plant.calendar].compactMap { $0 } + plant.stations.compactMap(\.calendar) + plant.workers.compactMap(\.calendar)
        guard !calendars.isEmpty else { return nil }
        return calendars.allSatisfy(\.repeatsDaily) ? ShiftCalendar.week / 7 : ShiftCalendar.week
    }
}

/// A figure's two running totals at each period's end: `value × weight` (or the value, for a total) and the weight.
public struct RunningTotals: Sendable, Codable, Equatable {
    public private(set) var sums: [Double] = []
    public private(set) var weights: [Double] = []
    /// Whether the figure is a total (a count over the hours) rather than a mean.
    public let isTotal: Bool

    init(isTotal: Bool) { self.isTotal = isTotal }

    /// The figure's batch means over the periods (nil: fewer periods than batch means need).
    public var batchMeans: BatchMeans? {
        let split = perPeriod
        return BatchMeans(sums: split.sums, weights: split.weights, isTotal: isTotal, minimumBatches: PeriodTotals.minimumBatches)
    }

    mutating func append(_ totals: (sum: Double, weight: Double)) {
        sums.append(totals.sum)
        weights.append(totals.weight)
    }

    /// Each period's own totals: the differences of the running ones.
    public var perPeriod: (sums: [Double], weights: [Double]) {
        func differences(_ x: [Double]) -> [Double] { x.indices.map { $0 == 0 ? x[0] : x[$0] - x[$0 - 1] } }
        return (differences(sums), differences(weights))
    }
}

/// Records a replication's running totals at its periods' ends: the figures
/// with a batch basis, chosen once, and their totals in arrays.
struct PeriodRecorder {
    private(set) var totals: PeriodTotals
    private let figures: [(figure: ResultFigure, basis: BatchBasis<ReplicationResult>)]
    private let stationOutputs: [[(output: StationOutput, basis: BatchBasis<StationResult>)]]
    /// The running totals, a row per period end, a column per figure (the plant's, then each station's in turn):
    /// one flat array each, so a period's snapshot appends to two arrays only.
    private var sums: [Double] = []
    private var weights: [Double] = []
    /// Per column: its two running totals in a result measured over some hours (closures made once: iterating
    /// the declarations themselves copied them, strings and all, for every cell of every snapshot).
    private let plantCells: [@Sendable (borrowing ReplicationResult, Double) -> (sum: Double, weight: Double)]
    private let stationCells: [(station: Int, cell: @Sendable (borrowing StationResult, Double) -> (sum: Double, weight: Double))]
    private let warmup: Tick

    /// A recorder of `plant`'s figures over the periods of its measured window under `settings`.
    init(plant: PlantDescription, settings: RunSettings) {
        totals = PeriodTotals(plant: plant, settings: settings)
        figures = ResultFigure.measured.compactMap { f in f.batch.flatMap { f.isReported(by: plant) ? (f, $0) : nil } }
        stationOutputs = plant.stations.map { spec in
            StationOutputs.all.compactMap { o in o.batch.flatMap { o.isReported(for: spec) ? (o, $0) : nil } }
        }
        plantCells = figures.map { figure, basis in
            { @Sendable (r: borrowing ReplicationResult, hours: Double) in basis.totals(value: figure.value(r) ?? 0, of: r, hours: hours) }
        }
        stationCells = stationOutputs.enumerated().flatMap { s, outputs in
            outputs.map { output, basis in
                (s, { @Sendable (row: borrowing StationResult, hours: Double) in basis.totals(value: output.value(of: row), of: row, hours: hours) })
            }
        }
        let columns = plantCells.count + stationCells.count
        sums.reserveCapacity(totals.endTicks.count * columns)
        weights.reserveCapacity(totals.endTicks.count * columns)
        warmup = settings.warmup
    }

    /// The ends of the periods, ticks (empty when the window is not cut).
    var ends: [Tick] { totals.endTicks }

    /// Records `result`, the replication's figures at `time`, the end of the next period.
    mutating func record(_ result: ReplicationResult, at time: Tick) {
        let hours = Ticks.seconds(time - warmup) / 3600
        for cell in plantCells {
            let totals = cell(result, hours)
            sums.append(totals.sum)
            weights.append(totals.weight)
        }
        // Rows read in place: a station's result copied for each of its figures was most of a snapshot's cost.
        result.stations.withUnsafeBufferPointer { rows in
            for (s, cell) in stationCells {
                let totals = cell(rows[s], hours)
                sums.append(totals.sum)
                weights.append(totals.weight)
            }
        }
        totals.ends.append(Ticks.seconds(time))
    }

    /// The totals recorded, by figure name.
    func finished() -> PeriodTotals {
        let columns = sums.count / max(totals.ends.count, 1)
        var column = 0
        func next(isTotal: Bool) -> RunningTotals {
            defer { column += 1 }
            var running = RunningTotals(isTotal: isTotal)
            for row in totals.ends.indices { running.append((sums[row * columns + column], weights[row * columns + column])) }
            return running
        }
        var done = totals
        done.figures = Dictionary(uniqueKeysWithValues: figures.map { ($0.figure.name, next(isTotal: $0.basis.isTotal)) })
        done.stations = stationOutputs.map { outputs in
            Dictionary(uniqueKeysWithValues: outputs.map { ($0.output.name, next(isTotal: $0.basis.isTotal)) })
        }
        return done
    }
}

extension ShiftCalendar {
    /// Whether every day of the week has the same on-shift hours.
    public var repeatsDaily: Bool {
        let day = Self.week / 7
        func shifted(by offset: Tick) -> [Range<Tick>] {
            Self.compile(shifts: onShift.map { r in
                let start = (r.lowerBound + offset) % Self.week
                return start..<(start + r.upperBound - r.lowerBound)
            }, removals: [])
        }
        return shifted(by: day) == shifted(by: 0)
    }
}
