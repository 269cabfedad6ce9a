/// Cost figures, for plants with `costs:`: per hour and per job, profit with a revenue per job, and the cost by kind.
extension ResultFigure {
    /// Plants that price their running.
    static let pricesRunning: @Sendable (PlantDescription) -> Bool = { $0.costs != nil }

    static let fromCosts = [
        ResultFigure(name: "cost_per_hour", label: "cost per calendar hour", unit: "currency/h", higherIsBetter: false, json: ["cost", "per_hour"], batch: .time,
                     when: pricesRunning) { $0.cost?.totalPerHour },
        ResultFigure(name: "cost_per_job", label: "cost per job", unit: "currency/job", higherIsBetter: false, json: ["cost", "per_job"], batch: perJob,
                     when: pricesRunning) { r in r.cost.flatMap { r.jobsCompleted > 0 ? $0.perJob : nil } },
        ResultFigure(name: "profit_per_hour", label: "profit per calendar hour", unit: "currency/h", higherIsBetter: true, json: ["cost", "profit_per_hour"], batch: .time,
                     when: { $0.costs?.revenuePerJob != nil }) { $0.cost?.profitPerHour },
    ]

    /// The cost by kind (`capacity`, …), each a figure stored beside the others.
    public static let costByKind: [(kind: String, figure: ResultFigure)] = [
        ("capacity", "capacity cost per hour (servers, working or not)", \CostResult.capacityPerHour),
        ("working", "working cost per hour (servers at work)", \.workingPerHour),
        ("buffers", "buffer cost per hour (buffer places)", \.buffersPerHour),
        ("labour", "labour cost per hour (workers on duty)", \.labourPerHour),
        ("fleets", "fleet cost per hour (vehicles)", \.fleetsPerHour),
        ("material", "material cost per hour (completed jobs)", \.materialPerHour),
        ("holding", "holding cost per hour (work in process)", \.holdingPerHour),
        ("decisions", "decision cost per hour (calls of deployed decisions)", \.decisionsPerHour),
    ].map { (kind: String, label: String, value: KeyPath<CostResult, Double> & Sendable) in
        (kind, ResultFigure(name: "cost_\(kind)_per_hour", label: label, unit: "currency/h", higherIsBetter: false,
                            json: ["cost", "\(kind)_per_hour"], batch: .time, when: pricesRunning) { $0.cost?[keyPath: value] })
    }
}
