/// Cost figures, for plants with `costs:`: per hour and per job, profit with a revenue per job, and the cost by kind.
extension ResultFigure {
    /// Plants that price their running.
    static let pricesRunning: @Sendable (PlantDescription) -> Bool = { $0.costs != nil }

    static let fromCosts = [
        ResultFigure(name: "cost_per_hour", label: "cost per calendar hour", unit: "currency/h", higherIsBetter: false, json: ["cost", "per_hour"],
                     when: pricesRunning) { $0.cost?.totalPerHour },
        ResultFigure(name: "cost_per_job", label: "cost per job", unit: "currency/job", higherIsBetter: false, json: ["cost", "per_job"],
                     when: pricesRunning) { r in r.cost.flatMap { r.jobsCompleted > 0 ? $0.perJob : nil } },
        ResultFigure(name: "profit_per_hour", label: "profit per calendar hour", unit: "currency/h", higherIsBetter: true, json: ["cost", "profit_per_hour"],
                     when: { $0.costs?.revenuePerJob != nil }) { $0.cost?.profitPerHour },
    ]

    /// The cost by kind, stored beside the figures.
    static let storedFromCosts = [
        kind("capacity", "capacity cost per hour (servers, working or not)", \.capacityPerHour),
        kind("working", "working cost per hour (servers at work)", \.workingPerHour),
        kind("buffers", "buffer cost per hour (buffer places)", \.buffersPerHour),
        kind("labour", "labour cost per hour (workers on duty)", \.labourPerHour),
        kind("fleets", "fleet cost per hour (vehicles)", \.fleetsPerHour),
        kind("material", "material cost per hour (completed jobs)", \.materialPerHour),
        kind("holding", "holding cost per hour (work in process)", \.holdingPerHour),
        kind("decisions", "decision cost per hour (calls of deployed decisions)", \.decisionsPerHour),
    ]

    private static func kind(_ name: String, _ label: String, _ value: KeyPath<CostResult, Double> & Sendable) -> ResultFigure {
        ResultFigure(name: "cost_\(name)_per_hour", label: label, unit: "currency/h", higherIsBetter: false,
                     json: ["cost", "\(name)_per_hour"], when: pricesRunning) { $0.cost?[keyPath: value] }
    }
}
