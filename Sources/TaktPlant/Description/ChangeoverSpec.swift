import TaktKernel

/// A changeover (setup) between jobs that differ in colour or variant.
public struct ChangeoverSpec: Sendable {
    /// What a changeover depends on.
    public enum Attribute: String, Sendable {
        case colour, variant
    }

    /// The attribute whose change causes a changeover.
    public var by: Attribute
    /// Time per changeover (purge, die change), added before the job's
    /// work; with a setup matrix, for the changes it does not list (nil:
    /// it lists them all).
    public var time: Distribution?
    /// The setup matrix: `matrix[from][to]`, the time of a change from one
    /// colour or variant to another (by their index in the plant's `colours`
    /// or `variants`); nil entries take `time`. Nil: every change takes `time`.
    public var matrix: [[Distribution?]]?

    public init(by: Attribute, time: Distribution?, matrix: [[Distribution?]]? = nil) {
        self.by = by
        self.time = time
        self.matrix = matrix
    }

    /// The time of a change from attribute `from` to attribute `to` (which differ).
    public func time(from: Int, to: Int) -> Distribution {
        guard let entry = matrix?[from][to] else {
            guard let time else { preconditionFailure("a setup matrix without 'time' lists every change") }
            return time
        }
        return entry
    }

    /// With a setup matrix, the mean time of each change, seconds (`[from][to]`; 0 on the diagonal).
    public var meanTimes: [[Double]]? {
        matrix.map { rows in rows.indices.map { from in rows.indices.map { to in from == to ? 0 : time(from: from, to: to).mean } } }
    }

    /// The mean time of a changeover, seconds: `time`'s, or with a setup
    /// matrix the mean over every change from one value to another (what
    /// the teachers and the pick point's features plan with where the next
    /// value is not known).
    public var meanTime: Double {
        guard let means = meanTimes, means.count > 1 else { return time?.mean ?? 0 }
        // The diagonal's zeros add nothing: the sum is the changes' alone.
        return means.joined().reduce(0, +) / Double(means.count * (means.count - 1))
    }
}
