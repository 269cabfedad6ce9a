import TaktPolicy

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
