import Foundation
import TaktPlant

/// A JSON key written at run time.
struct JSONKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedEncodingContainer<JSONKey> {
    /// Writes `key` with the estimate's mean, and `key_hw95` when there is a half-width.
    mutating func encode(_ estimate: Estimate, as key: String) throws {
        try encode(Self.clean(estimate.mean), forKey: JSONKey(key))
        if let hw = estimate.halfWidth { try encode(Self.clean(hw), forKey: JSONKey(key + "_hw95")) }
    }

    /// Writes every figure the subject reports, each under its declared name.
    mutating func encode<Subject, Context>(_ figures: OutputEstimates<Subject, Context>) throws {
        for entry in figures.reported { try encode(entry.estimate, as: entry.output.name) }
    }

    /// Writes every plant-level figure where its declaration says (`ResultFigure.json`).
    mutating func encode(_ figures: [FigureEstimate]) throws {
        var nested: [String: [(key: String, estimate: Estimate)]] = [:]
        for f in figures {
            guard let path = f.figure.json else { continue }
            if path.count == 1 {
                try encode(f.estimate, as: path[0])
            } else {
                nested[path[0], default: []].append((path[1], f.estimate))
            }
        }
        for (object, entries) in nested {
            var inner = nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey(object))
            for entry in entries { try inner.encode(entry.estimate, as: entry.key) }
        }
    }

    /// Rounds away binary noise (12 significant digits) so output is stable and readable.
    static func clean(_ x: Double) -> Double {
        guard x.isFinite, x != 0 else { return x.isFinite ? x : 0 }
        let digits = 12 - Int(floor(log10(abs(x)))) - 1
        guard digits > 0, digits < 300 else { return x }
        let scale = pow(10, Double(digits))
        return (x * scale).rounded() / scale
    }
}

extension RunSummary: Encodable {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(plant, forKey: JSONKey("plant"))
        try c.encode(plantFile, forKey: JSONKey("plant_file"))
        try c.encode(plantHash, forKey: JSONKey("plant_hash"))
        try c.encode(version, forKey: JSONKey("takt_version"))
        try c.encode(seed, forKey: JSONKey("seed"))
        try c.encode(replications, forKey: JSONKey("replications"))
        if replicationsWithoutJobs > 0 { try c.encode(replicationsWithoutJobs, forKey: JSONKey("replications_without_jobs")) }
        if !storedRunIDs.isEmpty { try c.encode(storedRunIDs, forKey: JSONKey("run_ids")) }
        if let unsettled {
            try c.encode(["growth": unsettled.growth, "work_in_process": unsettled.workInProcess, "starved": unsettled.starved, "queue": unsettled.queue],
                         forKey: JSONKey("unsettled"))
            try c.encode(unsettled.station, forKey: JSONKey("unsettled_station"))
            try c.encode(unsettled.queueStation, forKey: JSONKey("unsettled_queue_station"))
        }
        try c.encode(durationSeconds, forKey: JSONKey("duration_s"))
        try c.encode(warmupSeconds, forKey: JSONKey("warmup_s"))
        if let warmupRule { try c.encode(warmupRule, forKey: JSONKey("warmup_rule")) }
        if let takt { try c.encode(takt, forKey: JSONKey("takt_s")) }
        try c.encode(figures)
        // Every figure again under the name experiments, `takt compare` and `takt check` use: one table for scripts.
        var table = c.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("figures"))
        for f in figures {
            var entry = table.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey(f.figure.name))
            try entry.encode(f.estimate, as: "mean")
            try entry.encode(f.figure.unit, forKey: JSONKey("unit"))
            try entry.encode(f.figure.higherIsBetter ? "higher" : "lower", forKey: JSONKey("better"))
        }
        if robotCount > 0 { try c.encode(robotCount, forKey: JSONKey("robots")) }
        if !shops.isEmpty { try c.encode(shops, forKey: JSONKey("shops")) }
        if !variants.isEmpty { try c.encode(variants, forKey: JSONKey("variants")) }
        if !colours.isEmpty { try c.encode(colours, forKey: JSONKey("colours")) }
        if let lossTree {
            var tree = c.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("loss_tree_jobs"))
            try tree.encode(lossTree.design, as: "design")
            for loss in lossTree.losses { try tree.encode(loss.jobs, as: loss.key) }
            try tree.encode(lossTree.actual, as: "actual")
        }
        try c.encode(events, forKey: JSONKey("events"))
        try c.encode(KeyedEncodingContainer<JSONKey>.clean(wallSeconds), forKey: JSONKey("wall_seconds"))
        try c.encode(stations, forKey: JSONKey("stations"))
        if !fleets.isEmpty { try c.encode(fleets, forKey: JSONKey("fleets")) }
        if !workerPools.isEmpty { try c.encode(workerPools, forKey: JSONKey("worker_pools")) }
        if !decisions.isEmpty { try c.encode(decisions, forKey: JSONKey("decisions")) }
        try c.encode(bottleneckRanking.map(\.name), forKey: JSONKey("bottlenecks"))
        if let batchMeans {
            var b = c.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("batch_means"))
            try b.encode(batchMeans.periods, forKey: JSONKey("periods"))
            if let cycle = batchMeans.cycleSeconds { try b.encode(cycle, forKey: JSONKey("calendar_cycle_s")) }
            if let refusal = batchMeans.refusal { try b.encode(refusal, forKey: JSONKey("refused")) }
            var table = b.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("figures"))
            let measuredHours = (durationSeconds - warmupSeconds) / 3600
            for figure in batchMeans.figures {
                var entry = table.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey(figure.name))
                try entry.encode(figure.batchMeans.batches, forKey: JSONKey("batches"))
                try entry.encode(KeyedEncodingContainer<JSONKey>.clean(measuredHours / Double(figure.batchMeans.batches)), forKey: JSONKey("batch_hours"))
                try entry.encode(KeyedEncodingContainer<JSONKey>.clean(figure.batchMeans.lag1), forKey: JSONKey("lag1"))
                try entry.encode(figure.batchMeans.halfWidth == nil, forKey: JSONKey("correlated"))
            }
        }
    }

    /// The summary as pretty-printed JSON text.
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

extension StationSummary: Encodable {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(name, forKey: JSONKey("name"))
        if let shop { try c.encode(shop, forKey: JSONKey("shop")) }
        try c.encode(servers, forKey: JSONKey("servers"))
        try c.encode(figures)
        if !robots.isEmpty { try c.encode(robots, forKey: JSONKey("robots")) }
    }
}

extension DecisionSummary: Encodable {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(point, forKey: JSONKey("point"))
        try c.encode(at, forKey: JSONKey("at"))
        try c.encode(rule, forKey: JSONKey("rule"))
        try c.encode(figures)
        if let deployment { try c.encode(deployment, forKey: JSONKey("deployment")) }
        if let processFailure { try c.encode(processFailure, forKey: JSONKey("process_failure")) }
    }
}

extension Encoder {
    /// A subject's object: its `name`, one more key (`key`: `value`), then every figure it reports.
    func encodeSubject<Subject, Context>(name: String, _ key: String, _ value: some Encodable,
                                         figures: OutputEstimates<Subject, Context>) throws {
        var c = container(keyedBy: JSONKey.self)
        try c.encode(name, forKey: JSONKey("name"))
        try c.encode(value, forKey: JSONKey(key))
        try c.encode(figures)
    }
}

extension DeploymentSummary: Encodable {
    public func encode(to encoder: Encoder) throws { try encoder.encodeSubject(name: name, "kind", kind, figures: figures) }
}

extension FleetSummary: Encodable {
    public func encode(to encoder: Encoder) throws { try encoder.encodeSubject(name: name, "vehicles", vehicles, figures: figures) }
}

extension WorkerPoolSummary: Encodable {
    public func encode(to encoder: Encoder) throws { try encoder.encodeSubject(name: name, "workers", workers, figures: figures) }
}

extension RobotSummary: Encodable {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(name, forKey: JSONKey("name"))
        try c.encode(figures)
    }
}

extension OrderSummary: Encodable {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(name, forKey: JSONKey("name"))
        try c.encode(jobs, as: "jobs")
        try c.encode(share, as: "share")
        if let leadTimeMean { try c.encode(leadTimeMean, as: "lead_time_s") }
    }
}

extension ShopSummary: Encodable {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(name, forKey: JSONKey("name"))
        try c.encode(stations, forKey: JSONKey("stations"))
        try c.encode(energyKWh, as: "energy_kwh")
        try c.encode(energyPerJobKWh, as: "energy_per_job_kwh")
    }
}
