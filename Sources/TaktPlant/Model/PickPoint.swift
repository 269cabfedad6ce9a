import TaktPolicy

/// The pick decision point: which group of a station's buffer a free
/// server serves next — at a resequencing (selectivity) bank in front of a
/// paint booth, which colour to paint next.
///
/// The buffer's jobs form groups by the station's changeover attribute
/// (colour or variant), in the order their oldest job arrived; the first
/// eight groups are the candidates, and choosing a group takes its
/// longest-waiting job. Features (32): for each group slot 1…8, `same` (1
/// when the group's attribute is the server's last one), `wait_h` (hours its
/// oldest job has waited, at most 8) and `size` (its jobs ÷ 16, at most 1);
/// then the buffer's `fill`, `groups` (÷ 8), `has_last`, `last_size` (jobs
/// of the last attribute ÷ 16), `queue` (jobs ÷ 64, at most 1),
/// `oldest_wait_h`, `setup_ratio` (mean changeover ÷ mean process time, at
/// most 4) and a constant `bias`. Empty slots are zeros and masked out.
public enum PickPoint {
    public static let candidates = 8

    public static let schema = DecisionSchema(
        point: "pick", version: 1,
        features: (1...candidates).flatMap { ["g\($0).same", "g\($0).wait_h", "g\($0).size"] }
            + ["fill", "groups", "has_last", "last_size", "queue", "oldest_wait_h", "setup_ratio", "bias"],
        actions: (1...candidates).map { "g\($0)" })
}

/// The decision points of the line model, by name.
public enum DecisionPoints {
    public static let all: [DecisionSchema] = [PickPoint.schema, ReleasePoint.schema, DispatchPoint.schema, ReworkPoint.schema]

    /// The schema of the decision point `name`, if there is one.
    public static func schema(named name: String) -> DecisionSchema? { all.first { $0.point == name } }
}

/// Decisions recorded for training: features, mask and the teacher's action.
public final class DecisionRecorder: @unchecked Sendable {
    public private(set) var features: [Float] = []
    public private(set) var masks: [Bool] = []
    public private(set) var actions: [Int] = []
    public let featureCount: Int
    public let actionCount: Int
    /// At most this many decisions are kept (later ones are dropped).
    public let limit: Int
    /// Whether to ask the teacher for each decision (to learn from); without,
    /// the action recorded is the one taken (states for calibration, cheaply).
    public let asksTeacher: Bool

    public init(schema: DecisionSchema, limit: Int = 1_000_000, asksTeacher: Bool = true) {
        featureCount = schema.features.count
        actionCount = schema.actions.count
        self.limit = limit
        self.asksTeacher = asksTeacher
    }

    public var count: Int { actions.count }

    func record(_ x: UnsafePointer<Float>, _ mask: UnsafePointer<Bool>, action: Int) {
        guard actions.count < limit else { return }
        features.append(contentsOf: UnsafeBufferPointer(start: x, count: featureCount))
        masks.append(contentsOf: UnsafeBufferPointer(start: mask, count: actionCount))
        actions.append(action)
    }
}
