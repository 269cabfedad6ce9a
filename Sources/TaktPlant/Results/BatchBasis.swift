/// What a figure is a mean over, so that one long replication cut into
/// periods gives the figure's value in each period: what batch means read.
///
/// A figure is a ratio of two totals that grow with the run: a time average
/// (work in process, a share of server time) is an integral over the measured
/// hours, a mean per job (lead time) is a sum over the completed jobs, a
/// count (failures) is a total over the measured hours. At each period's end
/// the run records both totals, `value × weight` and `weight`; a period's
/// totals are their differences. Quantiles and maxima are not such ratios
/// and have no basis.
public struct BatchBasis<Subject: Sendable>: Sendable {
    /// The figure's weight in `subject` measured over `hours`: the hours, the on-shift hours, the jobs.
    let weight: @Sendable (Subject, Double) -> Double
    /// Whether the figure is a total over the window (a count) rather than a mean.
    public let isTotal: Bool
    /// What the weight counts, as the outputs reference names it (`hours`, `jobs`, `total`).
    public let name: String

    /// A basis named `name` weighing a subject measured over `hours` by `weight`.
    public init(_ name: String, isTotal: Bool = false, weight: @escaping @Sendable (Subject, Double) -> Double) {
        self.weight = weight
        self.isTotal = isTotal
        self.name = name
    }

    /// A time average or a rate over the measured (calendar) hours.
    public static var time: BatchBasis { BatchBasis("hours") { _, hours in hours } }

    /// A total over the measured hours (a count): its period value is its rate, the run's figure that rate times the hours.
    public static var total: BatchBasis { BatchBasis("total", isTotal: true) { _, hours in hours } }

    /// A mean over the things `count` counts (completed jobs, a station's departures), named `name`.
    public static func per(_ name: String, _ count: @escaping @Sendable (Subject) -> Double) -> BatchBasis {
        BatchBasis(name) { subject, _ in count(subject) }
    }

    /// The two running totals of a figure whose value in `subject`, measured over `hours`, is `value`.
    public func totals(value: Double, of subject: Subject, hours: Double) -> (sum: Double, weight: Double) {
        let w = weight(subject, hours)
        return (isTotal ? value : value * w, w)
    }
}
