import TaktKernel

/// The kinds of event the line model schedules: each case's raw value is its
/// `Event.kind` in the kernel's calendar and its number in event traces.
///
/// Append new kinds at the end: traces written earlier keep their meaning.
/// `LineModel.handle` switches over every case, with no catch-all, so a new
/// kind does not compile until it is handled.
enum LineEvent: Int32, CaseIterable {
    case arrival = 0
    case serviceEnd = 1
    case failure = 2
    case repair = 3
    case warmupEnd = 4
    case shiftChange = 5
    case robotFailure = 6
    case robotRepair = 7
    case transferEnd = 8
    case kitDelivered = 9
    case vehicleCharged = 10
    case inspection = 11
    case decisionAnswer = 12
    case requestAtServer = 13
    case batchClosed = 14

    /// The name traces and `takt verify` print.
    var name: String {
        switch self {
        case .arrival: "arrival"
        case .serviceEnd: "service-end"
        case .failure: "failure"
        case .repair: "repair"
        case .warmupEnd: "warm-up-end"
        case .shiftChange: "shift-change"
        case .robotFailure: "robot-failure"
        case .robotRepair: "robot-repair"
        case .transferEnd: "transfer-end"
        case .kitDelivered: "kit-delivered"
        case .vehicleCharged: "vehicle-charged"
        case .inspection: "inspection"
        case .decisionAnswer: "decision-answer"
        case .requestAtServer: "request-at-server"
        case .batchClosed: "batch-closed"
        }
    }
}

extension Event {
    /// An event of the line model.
    init(_ kind: LineEvent, target: Int32 = 0, detail: Int32 = 0) {
        self.init(kind: kind.rawValue, target: target, detail: detail)
    }
}
