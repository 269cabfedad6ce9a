import TaktKernel

/// The robots of every robot cell, one slot per robot, with what each cell
/// tracks of them: failures, downtime, predictive maintenance.
///
/// Owned by the line model; the behaviour is in `LineModel+Robots` and
/// `LineModel+Maintenance`. A plant without robot cells has empty slabs.
struct RobotCellState: LineComponent {
    /// A cell's robot settings, read once from its `RobotsSpec`.
    struct Cell {
        /// Each robot's time to failure and to repair; valid while the plant lives.
        let timeToFailure: Sampler
        let timeToRepair: Sampler
        let basis: FailureSpec.Basis
        let rule: RobotsSpec.Rule
        /// The crew a robot's repair needs from a worker pool (nil: it begins at once).
        let crew: StaffSpec?
    }

    /// Per station: its cell's settings (nil: not a robot cell).
    let cells: Slab<Cell?>
    /// The robots of station `s` are `first[s]..<first[s + 1]`.
    let first: Slab<Int>
    /// Each robot's station.
    let station: Slab<Int>
    /// Each robot's failure stream.
    let streams: Slab<RandomStream>
    let isDown: Slab<Bool>
    let downSince: Slab<Tick>
    /// Each robot's time down so far, on shift (`down`) and while its station is off shift
    /// (`downOffShift`: the plant is shut down, so the robot draws off-shift power, not failed power).
    let times: Slab<StateTimes>
    static let down = 1, downOffShift = 2
    let failureCount: Slab<Int>
    /// Operating basis: each robot's time to failure beyond its cell's.
    let offset: Slab<Tick>
    /// Per station: robots down, and the robot whose failure comes next (operating basis).
    let downInCell: Slab<Int>
    let failing: Slab<Int>
    /// Calendar basis: each robot's pending failure, its life since its last
    /// renewal and when that was; predictive maintenance: maintenances,
    /// whether one is planned for the next break (and the robots planned),
    /// the streams of maintenance times and health readings.
    var failureHandle: [EventHandle]
    var lifetime: [Tick]
    var renewed: [Tick]
    var maintenanceCount: [Int]
    /// The workers each robot's repair or maintenance took from its crew's pool (0: none, or none under way), and the pool.
    var crewHeld: [Int]
    var crewPool: [Int]
    var planned: [Bool]
    var plannedRobots: [Int] = []
    var maintenanceStreams: [RandomStream]
    var healthStreams: [RandomStream]

    /// One slot per robot of `plant`, with its streams for replication `replication` under `seed`.
    init(plant: PlantDescription, seed: UInt64, replication: UInt64) {
        var starts = [0], owners: [Int] = [], streams: [RandomStream] = []
        var maintenanceStreams: [RandomStream] = [], healthStreams: [RandomStream] = []
        for (s, station) in plant.stations.enumerated() {
            // Each stream is named "<kind>:<station>/<robot>"; the station's part is hashed once.
            let robot = StreamName("robot:\(station.name)/")
            let maintenance = StreamName("maintenance:\(station.name)/"), health = StreamName("health:\(station.name)/")
            for name in station.robots?.names ?? [] {
                owners.append(s)
                streams.append(RandomStream(seed: seed, replication: replication, name: robot.appending(name)))
                if station.robots?.maintenance != nil {
                    maintenanceStreams.append(RandomStream(seed: seed, replication: replication, name: maintenance.appending(name)))
                    healthStreams.append(RandomStream(seed: seed, replication: replication, name: health.appending(name)))
                } else {
                    maintenanceStreams.append(RandomStream(state: (1, 2, 3, 4)))
                    healthStreams.append(RandomStream(state: (1, 2, 3, 4)))
                }
            }
            starts.append(owners.count)
        }
        let robots = owners.count, stations = plant.stations.count
        cells = Slab(plant.stations.map { station in
            station.robots.map { Cell(timeToFailure: $0.failures.timeToFailure.sampler, timeToRepair: $0.failures.timeToRepair.sampler,
                                      basis: $0.failures.basis, rule: $0.rule, crew: $0.failures.repair) }
        })
        first = Slab(starts)
        station = Slab(owners)
        self.streams = Slab(streams)
        isDown = Slab(Array(repeating: false, count: robots))
        downSince = Slab(Array(repeating: 0, count: robots))
        times = Slab(Array(repeating: StateTimes(), count: robots))
        failureCount = Slab(Array(repeating: 0, count: robots))
        offset = Slab(Array(repeating: 0, count: robots))
        downInCell = Slab(Array(repeating: 0, count: stations))
        failing = Slab(Array(repeating: 0, count: stations))
        failureHandle = Array(repeating: EventHandle(sequence: 0), count: robots)
        lifetime = Array(repeating: 0, count: robots)
        renewed = Array(repeating: 0, count: robots)
        maintenanceCount = Array(repeating: 0, count: robots)
        crewHeld = Array(repeating: 0, count: robots)
        crewPool = Array(repeating: 0, count: robots)
        planned = Array(repeating: false, count: robots)
        self.maintenanceStreams = maintenanceStreams
        self.healthStreams = healthStreams
    }

    /// The end of warm-up: failures, maintenances and down time are counted again.
    mutating func resetStatistics(at now: Tick) {
        for r in failureCount.indices {
            failureCount[r] = 0
            maintenanceCount[r] = 0
            times[r] = StateTimes()
        }
    }

    /// Frees the slabs (the line model's deinit).
    func release() {
        cells.release()
        for slab in [first, station, failureCount, downInCell, failing] { slab.release() }
        streams.release()
        isDown.release()
        downSince.release()
        times.release()
        offset.release()
    }
}
