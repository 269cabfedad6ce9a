import TaktKernel
import TaktPlant

/// A plant's key figures over replications, kept in the repository
/// (`Reports/baselines/*.json`) for the CI gate: `takt baseline update`
/// writes it, `takt check` re-runs the plant exactly as it was run (seed,
/// replications, run length) and compares.
///
/// It also records what it was made from — the plant's name, file, content
/// hash and structure, and the Takt version — so a check can say whether the
/// plant or Takt changed since, and refuse a baseline of another plant.
public struct Baseline: Sendable, Equatable {
    /// The plant's name, file and SHA-256 content hash (its file, CSVs and model files).
    public var plant: String
    public var plantFile: String
    public var plantHash: String
    /// The Takt version that made it.
    public var taktVersion: String
    /// How it was run.
    public var seed: UInt64
    public var replications: Int
    public var durationSeconds: Double
    public var warmupSeconds: Double
    /// The plant's sources, stations and sinks by name.
    public var structure: Structure
    /// The figures, in check order.
    public var figures: [Figure]

    /// One figure's replication values.
    public struct Figure: Sendable, Equatable {
        /// A `ResultFigure` name.
        public var name: String
        public var sample: FigureSample

        public init(name: String, sample: FigureSample) {
            self.name = name
            self.sample = sample
        }
    }

    /// The names of a plant's sources, stations and sinks, in file order: two
    /// plants with the same names are the same plant structure, whatever
    /// their parameters.
    public struct Structure: Sendable, Equatable, Codable {
        public var sources: [String]
        public var stations: [String]
        public var sinks: [String]

        public init(sources: [String], stations: [String], sinks: [String]) {
            self.sources = sources
            self.stations = stations
            self.sinks = sinks
        }

        /// The structure of `plant`.
        public init(_ plant: PlantDescription) {
            self.init(sources: plant.sources.map(\.name), stations: plant.stations.map(\.name), sinks: plant.sinks.map(\.name))
        }

        /// What `other` adds and removes, one phrase per kind of object ("stations added: a, b"); empty when equal as sets.
        public func changes(to other: Structure) -> [String] {
            var out: [String] = []
            for (kind, old, new) in [("sources", sources, other.sources), ("stations", stations, other.stations), ("sinks", sinks, other.sinks)] {
                let added = new.filter { !old.contains($0) }, removed = old.filter { !new.contains($0) }
                if !added.isEmpty { out.append("\(kind) added: \(Self.list(added))") }
                if !removed.isEmpty { out.append("\(kind) removed: \(Self.list(removed))") }
            }
            return out
        }

        /// Up to five names, then how many more.
        static func list(_ names: [String]) -> String {
            names.count <= 5 ? names.joined(separator: ", ") : names.prefix(5).joined(separator: ", ") + " and \(names.count - 5) more"
        }
    }

    /// Creates a baseline from its parts.
    public init(plant: String, plantFile: String, plantHash: String, taktVersion: String, seed: UInt64, replications: Int,
                durationSeconds: Double, warmupSeconds: Double, structure: Structure, figures: [Figure]) {
        self.plant = plant
        self.plantFile = plantFile
        self.plantHash = plantHash
        self.taktVersion = taktVersion
        self.seed = seed
        self.replications = replications
        self.durationSeconds = durationSeconds
        self.warmupSeconds = warmupSeconds
        self.structure = structure
        self.figures = figures
    }

    /// The baseline of `results` (replications 0, 1, … of `plant` run with `settings`) in `figures`.
    ///
    /// - Precondition: the results are replications 0..<n in order, and the plant has every figure.
    public init(plant: PlantDescription, settings: RunSettings, results: [ReplicationResult], version: String, figures: [ResultFigure]) {
        self.init(plant: plant.name, plantFile: plant.file, plantHash: plant.contentHash, taktVersion: version, seed: settings.seed,
                  replications: results.count, durationSeconds: Ticks.seconds(settings.duration), warmupSeconds: Ticks.seconds(settings.warmup),
                  structure: Structure(plant),
                  figures: figures.map { figure in Figure(name: figure.name, sample: FigureSample(results.map { figure.value($0) ?? .nan })) })
    }

    /// The figures the CI gate watches, those `plant` has: output per shift
    /// hour, the cycle time at the end of the line (median and p95 of the
    /// interdeparture time), the lead time's mean and p95, and with a takt
    /// the takt adherence.
    public static func keyFigures(of plant: PlantDescription) -> [ResultFigure] {
        var names = ["throughput_per_operating_hour", "interdeparture_p50", "interdeparture_p95", "lead_time_mean", "lead_time_p95"]
        if plant.takt != nil { names.append("takt_adherence") }
        return names.compactMap(ResultFigure.named)
    }

    /// The settings that run the plant again as the baseline was run, with
    /// `replications` instead of the baseline's if given.
    public func settings(auditRate: Double, replications: Int? = nil) -> RunSettings {
        RunSettings(duration: Ticks.from(seconds: durationSeconds), warmup: Ticks.from(seconds: warmupSeconds),
                    replications: replications ?? self.replications, seed: seed, auditRate: auditRate)
    }

    /// Why `plant` cannot be checked against this baseline (another plant,
    /// another structure, a figure it lacks), or nil when it can.
    public func incompatibility(with plant: PlantDescription) -> String? {
        if plant.name != self.plant {
            return "the baseline is of plant '\(self.plant)' (\(plantFile)), not of '\(plant.name)' (\(plant.file))"
        }
        let changes = structure.changes(to: Structure(plant))
        if !changes.isEmpty {
            return "the plant's structure differs from the baseline's (\(changes.joined(separator: "; "))): "
                + "its figures cannot be compared like for like"
        }
        if plant.takt == nil, figures.contains(where: { $0.name == "takt_adherence" }) {
            return "the baseline has takt adherence, which the plant no longer has (it has no takt)"
        }
        return nil
    }
}
