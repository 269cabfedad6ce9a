import Foundation
import TaktExperiment
import TaktKernel
import TaktPlant
import TaktPolicy
import TaktStore

/// Builds a `Report` from what the run store holds, never by running anything,
/// so it works as well on merged shard stores.
public enum ReportLoader {
    /// Figures compared when the store does not say which (runs, or experiments stored before v14):
    /// those of this list the runs have.
    public static let defaultFigures = [
        "throughput_per_operating_hour", "lead_time_mean", "lead_time_p95", "interdeparture_p50", "takt_adherence",
        "work_in_process", "on_time_share", "tardiness_mean", "changeovers", "energy_per_job_kwh", "cost_per_job", "profit_per_hour", "decision_latency_p95", "decision_wait_hours",
        "decision_cost_per_job",
    ]

    /// The report of `selection` in `store`, made by Takt `version` at `date`.
    public static func load(_ store: RunStore, selection: ReportSelection, version: String, date: Date = Date()) throws(ReportError) -> Report {
        do {
            return try build(store, selection: selection, version: version, date: date)
        } catch let error as ReportError {
            throw error
        } catch let error as StoreError {
            throw .store("error: \(error)")
        } catch {
            throw .store("error: run store \(store.path): \(error)")
        }
    }

    /// A group before its rows are read: name and runs.
    struct Selected {
        var name: String
        var runs: [RunRecord]
    }

    static func build(_ store: RunStore, selection: ReportSelection, version: String, date: Date) throws -> Report {
        var notes: [String] = []
        let subject: Report.Subject
        var selected: [Selected]
        var figureNames: [String]?
        var baselineName: String?
        var experimentID: Int64?
        switch selection {
        case let .experiment(name):
            let records = try store.experiments(named: name)
            guard !records.isEmpty else {
                let known = try store.experiments().map(\.name)
                let list = Array(Set(known)).sorted()
                throw ReportError.badInput("error: no experiment named '\(name)' in \(store.path)"
                    + (list.isEmpty ? " (it holds no experiments; run `takt compare EXPERIMENT --db \(store.path)` first)"
                                    : " (it holds: \(list.joined(separator: ", ")))"))
            }
            // The most recently recorded content that has runs.
            var chosen: (ExperimentRecord, [RunRecord])?
            for record in records {
                guard let id = record.id else { continue }
                let runs = try store.runs(experimentID: id)
                if !runs.isEmpty { chosen = (record, runs); break }
            }
            guard let (record, runs) = chosen else {
                throw ReportError.badInput("error: experiment '\(name)' in \(store.path) has no stored runs")
            }
            if records.count > 1 {
                notes.append("The store holds \(records.count) versions of experiment '\(name)' (its file or plants changed); "
                    + "this report covers the most recent one with runs, content hash \(record.hash.prefix(12))….")
            }
            subject = .experiment(name: record.name, hash: record.hash, file: record.file)
            experimentID = record.id
            figureNames = record.figureNames
            baselineName = record.baseline
            let byVariant = Dictionary(grouping: runs) { $0.variant ?? "" }
            var order = record.variantNames
            for v in byVariant.keys.sorted() where !order.contains(v) { order.append(v) }
            selected = order.compactMap { v in byVariant[v].map { Selected(name: v, runs: $0) } }
        case let .runs(ids):
            guard !ids.isEmpty else { throw ReportError.badInput("error: --run: no run ids given") }
            let runs = try store.runs(ids: ids)
            let missing = Set(ids).subtracting(runs.compactMap(\.id)).sorted()
            guard missing.isEmpty else {
                throw ReportError.badInput("error: no run with id \(missing.map(String.init).joined(separator: ", ")) in \(store.path) (`takt runs --db \(store.path)` lists them)")
            }
            subject = .runs
            selected = try groupRuns(runs, store: store)
        case let .last(n):
            guard n > 0 else { throw ReportError.badInput("error: --last must be at least 1, got \(n)") }
            let runs = try store.recentRuns(limit: n).reversed()
            guard !runs.isEmpty else {
                throw ReportError.badInput("error: the run store \(store.path) holds no runs (run `takt run PLANT --db \(store.path)` first)")
            }
            subject = .runs
            selected = try groupRuns(Array(runs), store: store)
        }
        // One run per replication in each group: the first stored.
        for g in selected.indices {
            var seen = Set<Int>()
            selected[g].runs = selected[g].runs.sorted { ($0.id ?? 0) < ($1.id ?? 0) }.filter { seen.insert($0.replication).inserted }
                .sorted { $0.replication < $1.replication }
        }
        // The experiment file, read once: its variants' plants to draw, its selection to replay. An optimization's stored
        // variants are the points its search passed to the selection, named by their values.
        let experimentFile = subject.experimentFile.flatMap { try? ExperimentLoader.load(path: $0) }.map { file in
            file.optimization == nil ? file : Optimizer.selection(of: file, named: selected.map(\.name)) ?? file
        }
        let ids = selected.flatMap { $0.runs.compactMap(\.id) }
        let metrics = Dictionary(grouping: try store.metrics(runIDs: ids), by: \.runId)
        // Money in the currency the runs stored it in (`EUR/h`).
        let currency = metrics.values.lazy.flatMap { $0 }.first { $0.name == "cost_per_hour" }.map { String($0.unit.prefix { $0 != "/" }) }
        let stations = Dictionary(grouping: try store.stations(runIDs: ids), by: \.runId)
        let stationFigures = Dictionary(grouping: try store.stationFigures(runIDs: ids), by: \.runId)
        let fleetFigures = Dictionary(grouping: try store.fleetFigures(runIDs: ids), by: \.runId)
        let workerFigures = Dictionary(grouping: try store.workerFigures(runIDs: ids), by: \.runId)
        let decisions = Dictionary(grouping: try store.decisions(runIDs: ids), by: \.runId)
        let series = Dictionary(grouping: try store.series(runIDs: ids), by: \.runId)
        let histograms = Dictionary(grouping: try store.histograms(runIDs: ids), by: \.runId)
        func values(_ run: RunRecord) -> [String: Double] {
            var out: [String: Double] = [:]
            for m in metrics[run.id ?? -1] ?? [] { if let v = m.value { out[m.name] = v } }
            return out
        }

        let blockHours = seriesBlockHours(selected.map { group in
            group.runs.map { fullHours(values($0)["operating_hours"]) }.min() ?? 0
        }.max() ?? 0)
        var groups: [ReportGroup] = []
        for group in selected {
            let runs = group.runs
            let runValues = runs.map(values)
            let first = runs[0]
            var g = ReportGroup(
                name: group.name, runIDs: runs.compactMap(\.id), replications: runs.map(\.replication),
                plantName: first.plantName, plantPath: first.plantPath,
                plantHashes: distinct(runs.map(\.plantHash)), seeds: distinct(runs.map(\.seed)), taktVersions: distinct(runs.map(\.taktVersion)),
                durationSeconds: distinct(runs.map(\.durationS)), warmupSeconds: distinct(runs.map(\.warmupS)), taktSeconds: first.taktS,
                firstFinished: runs.map(\.finishedAt).min() ?? "", lastFinished: runs.map(\.finishedAt).max() ?? "",
                metrics: metricEstimates(runValues),
                throughput: nil, leadTime: nil, interdeparture: nil, stations: [], lossTree: nil, deployment: nil, decisionSites: [])
            g.throughput = throughput(runs.map { series[$0.id ?? -1] ?? [] }, hours: runValues.map { fullHours($0["operating_hours"]) }, block: blockHours)
            g.leadTime = pooled(runs.map { histograms[$0.id ?? -1] ?? [] }, "lead_time")
            g.interdeparture = pooled(runs.map { histograms[$0.id ?? -1] ?? [] }, "interdeparture")
            let stationRows = runs.map { stations[$0.id ?? -1] ?? [] }
            g.stations = stationStates(stationRows)
            g.stationFigures = FigureTable(StationOutputs.all, runs: runs.map { stationFigures[$0.id ?? -1] ?? [] })
            g.fleetFigures = FigureTable(FleetOutputs.all, runs: runs.map { fleetFigures[$0.id ?? -1] ?? [] })
            g.workerFigures = FigureTable(WorkerOutputs.all, runs: runs.map { workerFigures[$0.id ?? -1] ?? [] })
            g.lossTree = lossTree(runs, values: runValues, stations: stationRows, workerPools: g.workerFigures != nil)
            g.slowestReplication = zip(runs, runValues).compactMap { run, values in values["throughput_per_operating_hour"].map { (run.replication, $0) } }
                .min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
            let decisionRows = runs.map { decisions[$0.id ?? -1] ?? [] }
            g.deployment = deploymentFigures(decisionRows, values: runValues)
            g.decisionSites = distinct(decisionRows.flatMap { $0.map(siteText) })
            g.modelCards = modelCards(decisionRows, plantPath: first.plantPath)
            g.processFailures = ProcessFailures(stored: decisionRows)
            if groups.isEmpty || group.name == baselineName { (g.plant, g.plantNote) = plantAsRun(
                path: first.plantPath, hashes: g.plantHashes, stations: g.stations.map(\.name),
                variant: experimentFile?.variants.first { $0.name == group.name }?.plant) }
            groups.append(g)
        }
        if groups.contains(where: { $0.throughput == nil }) {
            notes.append("Some runs were stored without the throughput series or histograms (before store migration v14); "
                + "their charts are left out. Run them again to get them.")
        }
        if groups.contains(where: { $0.taktSeconds == nil }) && groups.contains(where: { !$0.stations.isEmpty }) {
            notes.append("No loss tree for runs without a takt (the plant has none, or the runs were stored before store migration v14).")
        }

        // Figures: the experiment's, else the defaults the runs have; only those some group has.
        let samples: [Comparison.Samples] = selected.enumerated().map { _, group in
            var s: Comparison.Samples = [:]
            for run in group.runs { s[run.replication] = values(run) }
            return s
        }
        let present = Set(samples.flatMap { $0.values.flatMap(\.keys) })
        // A default figure zero in every run (changeovers in a plant without any) is left out.
        let nonzero = Set(samples.flatMap { $0.values.flatMap { $0.filter { $0.value != 0 }.keys } })
        let figures = (figureNames ?? defaultFigures).compactMap { ResultFigure.named($0)?.priced(in: currency) }.filter {
            present.contains($0.name) && (figureNames != nil || $0.name == defaultFigures[0] || nonzero.contains($0.name))
        }
        let names = groups.map(\.name)
        let baseline = baselineName.flatMap { names.firstIndex(of: $0) } ?? 0
        var comparison = Comparison(experiment: {
            if case let .experiment(name, _, _) = subject { return name }
            return "runs"
        }(), baseline: names[baseline], variants: names, figures: figures, warmupSeconds: groups[baseline].warmupSeconds.first ?? 0,
           samples: samples)
        if case let .experiment(_, hash, _) = subject, let experiment = experimentFile, experiment.contentHash == hash, experiment.selection != nil {
            // The selection of the best, replayed from the stored replications as `takt compare` replays it.
            comparison.selection = Selection(experiment: experiment, samples: experiment.variants.map { v in
                names.firstIndex(of: v.name).map { samples[$0] } ?? [:]
            })
        }
        if let note = applyBatchMeans(try store.batchMeans(runIDs: ids), to: &comparison, groups: &groups) { notes.append(note) }
        if comparison.replications < groups.map(\.runIDs.count).max() ?? 0 {
            notes.append("The comparison uses the \(comparison.replications) replication(s) every group has; the charts use each group's own.")
        }
        return Report(subject: subject, groups: groups, baseline: baseline, comparison: comparison, seriesBlockHours: blockHours,
                      storePath: store.path, generatedAt: iso(date), generatorVersion: version, notes: notes,
                      search: try experimentID.flatMap { try store.search(experimentID: $0) })
    }

    /// Runs grouped by experiment variant, or by `takt run` invocation (batch), in order of their first run;
    /// names made unique.
    static func groupRuns(_ runs: [RunRecord], store: RunStore) throws -> [Selected] {
        var order: [String] = []
        var byKey: [String: [RunRecord]] = [:]
        var names: [String: String] = [:]
        var experimentNames: [Int64: String] = [:]
        for run in runs.sorted(by: { ($0.id ?? 0) < ($1.id ?? 0) }) {
            let key: String
            let name: String
            if let e = run.experimentId, let v = run.variant {
                key = "experiment \(e) \(v)"
                if experimentNames[e] == nil { experimentNames[e] = try store.experiment(id: e)?.name ?? "experiment \(e)" }
                name = "\(experimentNames[e]!): \(v)"
            } else {
                key = "batch \(run.batch)"
                name = run.plantName
            }
            if byKey[key] == nil {
                order.append(key)
                names[key] = name
            }
            byKey[key, default: []].append(run)
        }
        // Two groups of the same plant: tell them apart by their first run's id.
        let counts = Dictionary(grouping: order) { names[$0]! }.mapValues(\.count)
        return order.map { key in
            let runs = byKey[key]!
            let name = names[key]!
            return Selected(name: counts[name]! > 1 ? "\(name) (run \(runs[0].id ?? 0))" : name, runs: runs)
        }
    }

    /// The estimate of every metric all runs have.
    static func metricEstimates(_ values: [[String: Double]]) -> [String: Estimate] {
        guard let first = values.first else { return [:] }
        var out: [String: Estimate] = [:]
        for name in first.keys {
            let xs = values.compactMap { $0[name] }
            if xs.count == values.count { out[name] = Estimate(xs) }
        }
        return out
    }

    /// Whole on-shift hours in a run's measured time.
    static func fullHours(_ operatingHours: Double?) -> Int {
        guard let h = operatingHours, h.isFinite, h > 0 else { return 0 }
        return Int((h + 1e-9).rounded(.down))
    }

    /// Hours per point of the throughput series: the smallest of 1, 2, 4, 8 (a shift), 16, 24, 48, 96, 168
    /// giving at most 60 points over `hours`.
    static func seriesBlockHours(_ hours: Int) -> Int {
        [1, 2, 4, 8, 16, 24, 48, 96, 168, 336, 720].first { (hours + $0 - 1) / $0 <= 60 } ?? 720
    }

    /// Jobs per shift hour block by block, over the runs' common full hours; nil when a run has no series.
    static func throughput(_ rows: [[RunSeriesRecord]], hours: [Int], block: Int) -> [SeriesPoint]? {
        let perRun: [[Double]] = zip(rows, hours).map { records, full in
            var values = Array(repeating: 0.0, count: full)
            for r in records where r.series == "completed_per_shift_hour" && r.bin < full { values[r.bin] = r.value }
            return values
        }
        guard !rows.isEmpty, rows.allSatisfy({ $0.contains { $0.series == "completed_per_shift_hour" } }) else { return nil }
        let common = hours.min() ?? 0
        let blocks = common / block
        guard blocks > 0 else { return nil }
        return (0..<blocks).map { b in
            let range = (b * block)..<((b + 1) * block)
            let rates = perRun.map { values in values[range].reduce(0, +) / Double(block) }
            return SeriesPoint(startHour: Double(range.lowerBound), endHour: Double(range.upperBound), jobsPerHour: Estimate(rates))
        }
    }

    /// The named histogram of every run, summed bin by bin; nil when no run has it.
    static func pooled(_ rows: [[RunHistogramRecord]], _ name: String) -> PooledHistogram? {
        var bins: [Int: PooledHistogram.Bin] = [:]
        for record in rows.joined() where record.histogram == name {
            bins[record.bin, default: PooledHistogram.Bin(index: record.bin, lower: record.lowerS, upper: record.upperS, count: 0)].count += record.count
        }
        guard !bins.isEmpty, rows.allSatisfy({ $0.contains { $0.histogram == name } }) else { return nil }
        return PooledHistogram(bins: bins.values.sorted { $0.index < $1.index })
    }

    /// Each station's state shares over the runs (setup taken out of working), in plant order.
    static func stationStates(_ rows: [[StationStatRecord]]) -> [StationStates] {
        guard let first = rows.first else { return [] }
        return first.map { station in
            let same = rows.compactMap { run in run.first { $0.position == station.position } }
            func e(_ f: (StationStatRecord) -> Double) -> Estimate { Estimate(same.map(f)) }
            return StationStates(position: station.position, name: station.station, servers: station.servers,
                                 working: e { max(0, $0.working - $0.changeoverShare) }, setup: e(\.changeoverShare),
                                 starved: e(\.starved), blocked: e(\.blocked), failed: e(\.failed), offShift: e(\.offShift),
                                 waitingWorker: e(\.waitingWorker),
                                 bottleneckSole: e(\.bottleneckSole), bottleneckShifting: e(\.bottleneckShifting))
        }
    }

    /// The loss tree over the runs, from their takt, run length, on-shift hours, jobs and station rows; nil without a takt.
    static func lossTree(_ runs: [RunRecord], values: [[String: Double]], stations: [[StationStatRecord]], workerPools: Bool) -> LossTreeSummary? {
        var trees: [LossTree] = []
        for (run, (v, rows)) in zip(runs, zip(values, stations)) {
            guard let takt = run.taktS, let hours = v["operating_hours"], let jobs = v["jobs_completed"],
                  let tree = LossTree(taktSeconds: takt, measuredSeconds: run.durationS - run.warmupS, operatingHours: hours, jobsCompleted: jobs,
                                      stations: rows.map {
                                          LossTree.StationShares(bottleneck: $0.bottleneckSole + $0.bottleneckShifting, failed: $0.failed,
                                                                 starved: $0.starved, blocked: $0.blocked, changeover: $0.changeoverShare,
                                                                 waitingWorker: $0.waitingWorker)
                                      })
            else { return nil }
            trees.append(tree)
        }
        return trees.isEmpty ? nil : LossTreeSummary(trees, staffed: workerPools)
    }

    /// The deployed decisions over the runs; nil when no site is deployed.
    static func deploymentFigures(_ rows: [[DecisionStatRecord]], values: [[String: Double]]) -> DeploymentFigures? {
        let deployed = rows.map { $0.filter { $0.deployment != nil } }
        guard deployed.contains(where: { !$0.isEmpty }) else { return nil }
        func sum(_ f: (DecisionStatRecord) -> Int?) -> Estimate { Estimate(deployed.map { Double($0.reduce(0) { $0 + (f($1) ?? 0) }) }) }
        func metric(_ name: String) -> Estimate? {
            let xs = values.compactMap { $0[name] }
            return xs.count == values.count ? Estimate(xs) : nil
        }
        return DeploymentFigures(
            deployments: distinct(deployed.flatMap { $0.map { "\($0.deployment ?? "") (\($0.deploymentKind ?? "?"))" } }),
            latencyP50: metric("decision_latency_p50"), latencyP95: metric("decision_latency_p95"), latencyP99: metric("decision_latency_p99"),
            waitHours: metric("decision_wait_hours"), requests: sum(\.requests), refused: sum(\.refused), timedOut: sum(\.timedOut),
            fallbacks: sum(\.fallbacks), fallbackShare: metric("decision_fallback_share"), costPerJob: metric("decision_cost_per_job"),
            energyPerDecision: metric("decision_energy_j"))
    }

    /// The sites served by a policy, with the model card of each file found
    /// next to the plant (its path is the rule's, after `policy `).
    static func modelCards(_ rows: [[DecisionStatRecord]], plantPath: String) -> [SiteModelCard] {
        guard let first = rows.first else { return [] }
        let folder = URL(fileURLWithPath: plantPath).deletingLastPathComponent()
        return first.indices.compactMap { i -> SiteModelCard? in
            let site = first[i]
            guard let range = site.rule.range(of: "policy ") else { return nil }
            let same = rows.compactMap { $0.indices.contains(i) ? $0[i] : nil }
            let path = String(site.rule[range.upperBound...])
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
            let card = site.rule.hasPrefix("process ") ? nil : (try? PolicyFile.load(path: url.path)).map(ModelCard.init)
            return SiteModelCard(site: "\(site.point) at \(site.at)", rule: site.rule, card: card,
                                 decisions: Estimate(same.map { Double($0.decisions) }), meanNs: Estimate(same.map(\.meanNs)),
                                 teacherAgreement: same.allSatisfy { $0.teacherAgreement != nil } ? Estimate(same.map { $0.teacherAgreement ?? 0 }) : nil)
        }
    }

    /// The plant file at `path`, read again to draw it, and a note when it
    /// is not exactly the version the runs ran (same content hash) but has
    /// the same stations; nil and the reason when it cannot be drawn.
    /// An experiment's `variant` is its plant with the experiment file's overrides.
    static func plantAsRun(path: String, hashes: [String], stations: [String], variant: PlantDescription?) -> (PlantDescription?, String?) {
        if let variant, hashes == [variant.contentHash] { return (variant, nil) }
        let plant: PlantDescription
        do {
            plant = try PlantLoader.load(path: path)
        } catch {
            return (nil, "The plant is not drawn: its file \(path) cannot be read here (\(error.description.prefix(200))).")
        }
        if hashes == [plant.contentHash] { return (plant, nil) }
        guard stations.isEmpty || plant.stations.map(\.name) == stations else {
            return (nil, "The plant is not drawn: its file \(path) now has other stations than these runs had.")
        }
        return (plant, "Drawn from \(path) as it is now, which is not the version these runs ran (it changed since, or an experiment's "
                    + "variant overrides it): the numbers in the boxes may differ from the runs'.")
    }

    /// A decision site as text: point, place, rule and deployment.
    static func siteText(_ d: DecisionStatRecord) -> String {
        "\(d.point) at \(d.at): \(d.rule)" + (d.deployment.map { " on \($0) (\(d.deploymentKind ?? "?"))" } ?? ", in process")
    }

    /// The distinct values in order of first appearance.
    static func distinct<T: Hashable>(_ xs: [T]) -> [T] {
        var seen = Set<T>()
        return xs.filter { seen.insert($0).inserted }
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
