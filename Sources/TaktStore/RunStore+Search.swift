import GRDB

/// A row of `optimization_searches`: how the search behind a `takt optimize` selection went.
public struct OptimizationSearchRecord: StoreRecord {
    public static let databaseTableName = "optimization_searches"
    public var experimentId: Int64
    public var method: String
    public var figure: String
    public var higherIsBetter: Bool
    public var budget: Int
    public var replicationsPerSample: Int
    public var replications: Int
    public var stopped: String

    public init(experimentId: Int64, method: String, figure: String, higherIsBetter: Bool, budget: Int, replicationsPerSample: Int,
                replications: Int, stopped: String) {
        (self.experimentId, self.method, self.figure, self.higherIsBetter) = (experimentId, method, figure, higherIsBetter)
        (self.budget, self.replicationsPerSample, self.replications, self.stopped) = (budget, replicationsPerSample, replications, stopped)
    }
}

/// A row of `optimization_points`: one point the search visited.
public struct OptimizationPointRecord: StoreRecord {
    public static let databaseTableName = "optimization_points"
    public var experimentId: Int64
    public var position: Int
    public var point: String
    /// JSON object: key path → value.
    public var pointValues: String
    public var replications: Int
    public var mean: Double?
    public var rank: Int?
    public var failure: String?
    /// JSON object: constrained figure → its mean in the search (nil: the search had no constraints on figures).
    public var constraintMeans: String?
    /// Whether those means keep every bound.
    public var keepsConstraints: Bool?

    public init(experimentId: Int64, position: Int, point: String, pointValues: String, replications: Int, mean: Double?, rank: Int?,
                failure: String?, constraintMeans: String? = nil, keepsConstraints: Bool? = nil) {
        (self.experimentId, self.position, self.point, self.pointValues) = (experimentId, position, point, pointValues)
        (self.replications, self.mean, self.rank, self.failure) = (replications, mean, rank, failure)
        (self.constraintMeans, self.keepsConstraints) = (constraintMeans, keepsConstraints)
    }
}

/// A row of `optimization_iterations`: where the search stood after one iteration.
public struct OptimizationIterationRecord: StoreRecord {
    public static let databaseTableName = "optimization_iterations"
    public var experimentId: Int64
    public var iteration: Int
    public var replications: Int
    public var visited: Int
    public var best: String
    public var bestMean: Double
    public var bestReplications: Int

    public init(experimentId: Int64, iteration: Int, replications: Int, visited: Int, best: String, bestMean: Double, bestReplications: Int) {
        (self.experimentId, self.iteration, self.replications, self.visited) = (experimentId, iteration, replications, visited)
        (self.best, self.bestMean, self.bestReplications) = (best, bestMean, bestReplications)
    }
}

/// A stored search: its summary, its points in the order visited, its iterations.
public struct StoredSearch: Sendable, Equatable {
    public var search: OptimizationSearchRecord
    public var points: [OptimizationPointRecord]
    public var iterations: [OptimizationIterationRecord]

    public init(search: OptimizationSearchRecord, points: [OptimizationPointRecord], iterations: [OptimizationIterationRecord]) {
        self.search = search
        self.points = points
        self.iterations = iterations
    }
}

extension RunStore {
    /// Records the search behind the selection stored as experiment `search.search.experimentId`, in one
    /// transaction, replacing one recorded before (the same optimization run again searches the same way).
    public func record(_ search: StoredSearch) throws(StoreError) {
        try write("cannot record the optimization's search") { db in
            let id = search.search.experimentId
            for table in [OptimizationPointRecord.databaseTableName, OptimizationIterationRecord.databaseTableName, OptimizationSearchRecord.databaseTableName] {
                try db.execute(sql: "DELETE FROM \(table) WHERE experiment_id = ?", arguments: [id])
            }
            var row = search.search
            try row.insert(db)
            for var point in search.points { try point.insert(db) }
            for var iteration in search.iterations { try iteration.insert(db) }
        }
    }

    /// The search behind experiment `id`'s selection, if `takt optimize` recorded one.
    public func search(experimentID id: Int64) throws(StoreError) -> StoredSearch? {
        try read("cannot read the optimization's search") { db in
            guard let search = try OptimizationSearchRecord.fetchOne(db, key: id) else { return nil }
            return StoredSearch(search: search,
                                points: try OptimizationPointRecord.filter(Column("experiment_id") == id).order(Column("position")).fetchAll(db),
                                iterations: try OptimizationIterationRecord.filter(Column("experiment_id") == id).order(Column("iteration")).fetchAll(db))
        }
    }
}
