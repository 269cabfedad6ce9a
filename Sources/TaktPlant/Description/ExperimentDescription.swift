import TaktKernel

/// An experiment: a base plant and named variants of it, compared over the
/// same replications (common random numbers).
public struct ExperimentDescription: Sendable {
    /// The experiment's name (its `experiment:` key, else the file name).
    public var name: String
    /// The experiment file, as given.
    public var file: String
    /// SHA-256 over the experiment file and every variant's plant hash.
    public var contentHash: String
    /// The variant every other is compared with.
    public var baseline: String
    public var variants: [Variant]
    /// Run length, warm-up, replications and seed (the base plant's, with the experiment's `run:` applied).
    public var settings: RunSettings
    /// Sequential mode: add replications until this precision is met.
    public var precision: Precision?
    /// Selection of the best: add replications to the variants still in the running until one is left.
    public var selection: Selection?
    /// Simulation optimization (`takt optimize`): the variables searched over and how; the variants are then the start point alone.
    public var optimization: OptimizationSpec?
    /// Whether the warm-up is chosen by MSER-5 from pilot runs (`warmup: auto`); `settings.warmup` is then 0 until it is.
    public var automaticWarmup = false
    /// The figures compared, by name (the first ranks the variants).
    public var figures: [String]

    /// One variant: its name and its plant, overrides applied.
    /// The currency the plants price their running in: the first variant's, or the optimization's base plant's.
    public var currency: String? { variants.first.map { $0.plant.costs?.currency } ?? optimization?.currency }

    /// The figure `name` as the experiment's plants report it, money in their currency.
    public func figure(named name: String) -> ResultFigure? { ResultFigure.named(name)?.priced(in: currency) }

    public struct Variant: Sendable {
        public var name: String
        public var plant: PlantDescription
        /// The overrides that made it, as `key.path = value` text.
        public var changes: [String]

        public init(name: String, plant: PlantDescription, changes: [String] = []) {
            self.name = name
            self.plant = plant
            self.changes = changes
        }
    }

    /// Creates an experiment from loaded plants (the first variant is the baseline unless named).
    public init(name: String, file: String = "", contentHash: String = "", baseline: String? = nil, variants: [Variant],
                settings: RunSettings, precision: Precision? = nil, figures: [String] = ExperimentDescription.defaultFigures) {
        self.name = name
        self.file = file
        self.contentHash = contentHash
        self.baseline = baseline ?? variants.first?.name ?? ""
        self.variants = variants
        self.settings = settings
        self.precision = precision
        self.figures = figures
    }

    /// A target relative precision for sequential replication.
    public struct Precision: Sendable, Equatable {
        /// The figure whose confidence interval must be narrow enough.
        public var figure: String
        /// Largest half-width of its 95% interval ÷ its mean, for every variant.
        public var relative: Double
        /// Most replications per variant.
        public var maxReplications: Int

        public init(figure: String, relative: Double, maxReplications: Int) {
            self.figure = figure
            self.relative = relative
            self.maxReplications = maxReplications
        }
    }

    /// Selecting the best variant with a guaranteed probability of a correct
    /// selection (an indifference-zone procedure: Kim and Nelson's, fully
    /// sequential), among those that keep its requirements (checked first).
    public struct Selection: Sendable, Equatable {
        /// The figure whose best value is sought (its direction says whether highest or lowest).
        public var figure: String
        /// The smallest difference worth telling apart, in the figure's unit (δ).
        public var indifference: Double
        /// The least probability of selecting the best when it is at least δ better than the rest (1 − α).
        public var confidence: Double
        /// Replications every variant gets before any is eliminated (n0).
        public var firstStage: Int
        /// Most replications per variant; the procedure stops there undecided if it must.
        public var maxReplications: Int
        /// Bounds on other figures a variant must keep to be selected (checked first, each variant on its own).
        public var requirements: [Requirement]

        public init(figure: String, indifference: Double, confidence: Double = 0.95, firstStage: Int = 10, maxReplications: Int = 1000,
                    requirements: [Requirement] = []) {
            self.figure = figure
            self.indifference = indifference
            self.confidence = confidence
            self.firstStage = firstStage
            self.maxReplications = maxReplications
            self.requirements = requirements
        }
    }

    /// The figures compared when the file names none.
    public static let defaultFigures = ["throughput_per_operating_hour", "lead_time_mean", "lead_time_p95", "interdeparture_p95", "work_in_process"]
}
