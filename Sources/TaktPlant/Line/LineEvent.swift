import TaktKernel

/// An event kind of one part of the line model: the core's, or a component's
/// own enum in its folder.
///
/// Each case's raw value is its `Event.kind` in the kernel's calendar and its
/// number in event traces; numbers are unique across the parts and never
/// reused, so traces written earlier keep their meaning (a new kind takes the
/// next free number). Its trace name is derived from the case's name,
/// `serviceEnd` → `service-end`.
protocol LineEventKind: RawRepresentable<Int32>, CaseIterable {}

extension LineEventKind {
    /// The name traces and `takt verify` print: the case's name in kebab-case.
    var name: String {
        String(describing: self).reduce(into: "") { name, c in
            if c.isUppercase { name += "-" + c.lowercased() } else { name.append(c) }
        }
    }
}

/// Every event kind of the line model: which part's it is.
///
/// `LineModel.handle` switches over the parts, and each part's handler over
/// its own kinds, with no catch-all: a new kind does not compile until it is
/// handled. A new component with events adds its case here, in `init` and in
/// `kind`.
enum LineEvent {
    case core(CoreEvent)
    case failures(FailureEvent)
    case shifts(ShiftEvent)
    case robotCells(RobotCellEvent)
    case transfers(TransferEvent)
    case fleets(FleetEvent)
    case deployments(DeploymentEvent)
    case workers(WorkerEvent)
    case carriers(CarrierEvent)
    case conveyors(ConveyorEvent)

    /// The kind numbered `rawValue`, if any.
    init?(rawValue: Int32) {
        if let e = CoreEvent(rawValue: rawValue) { self = .core(e) }
        else if let e = FailureEvent(rawValue: rawValue) { self = .failures(e) }
        else if let e = ShiftEvent(rawValue: rawValue) { self = .shifts(e) }
        else if let e = RobotCellEvent(rawValue: rawValue) { self = .robotCells(e) }
        else if let e = TransferEvent(rawValue: rawValue) { self = .transfers(e) }
        else if let e = FleetEvent(rawValue: rawValue) { self = .fleets(e) }
        else if let e = DeploymentEvent(rawValue: rawValue) { self = .deployments(e) }
        else if let e = WorkerEvent(rawValue: rawValue) { self = .workers(e) }
        else if let e = CarrierEvent(rawValue: rawValue) { self = .carriers(e) }
        else if let e = ConveyorEvent(rawValue: rawValue) { self = .conveyors(e) }
        else { return nil }
    }

    /// The part's own kind.
    var kind: any LineEventKind {
        switch self {
        case let .core(e): e
        case let .failures(e): e
        case let .shifts(e): e
        case let .robotCells(e): e
        case let .transfers(e): e
        case let .fleets(e): e
        case let .deployments(e): e
        case let .workers(e): e
        case let .carriers(e): e
        case let .conveyors(e): e
        }
    }

    /// Its number in the calendar and in traces.
    var rawValue: Int32 { kind.rawValue }
    /// Its name in traces.
    var name: String { kind.name }

    /// Every kind of every part, by number.
    static let allCases: [LineEvent] = {
        var all: [LineEvent] = CoreEvent.allCases.map(LineEvent.core) + FailureEvent.allCases.map(LineEvent.failures)
            + ShiftEvent.allCases.map(LineEvent.shifts) + RobotCellEvent.allCases.map(LineEvent.robotCells)
        all += TransferEvent.allCases.map(LineEvent.transfers) + FleetEvent.allCases.map(LineEvent.fleets)
            + DeploymentEvent.allCases.map(LineEvent.deployments) + WorkerEvent.allCases.map(LineEvent.workers)
            + CarrierEvent.allCases.map(LineEvent.carriers) + ConveyorEvent.allCases.map(LineEvent.conveyors)
        return all.sorted { $0.rawValue < $1.rawValue }
    }()
}

/// The core's events: jobs arriving and finishing service, the end of warm-up.
enum CoreEvent: Int32, LineEventKind {
    case arrival = 0
    case serviceEnd = 1
    case warmUpEnd = 4
}

extension Event {
    /// An event of the line model.
    init<Kind: LineEventKind>(_ kind: Kind, target: Int32 = 0, detail: Int32 = 0) {
        self.init(kind: kind.rawValue, target: target, detail: detail)
    }
}
