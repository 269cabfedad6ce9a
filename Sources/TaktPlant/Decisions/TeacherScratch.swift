import TaktPolicy

/// What the decision points' teachers plan with, and the scratch memory of
/// the decision being made: allocated once per replication, so a decision
/// allocates nothing.
/// Kept by the decision sites (`DecisionSiteState.scratch`).
struct TeacherScratch {
    /// Mean process time per station, seconds; the mean changeover (over a setup matrix's changes) and its ratio to the process time.
    let processMean: [Double]
    let pickSetupMean: [Double]
    let pickSetupRatio: [Float]
    /// Per station with a setup matrix, the mean time of each change, seconds (`[from][to]`).
    let pickPairMean: [[[Double]]?]
    /// The decision being made: features, mask, the teacher's table.
    let features = AlignedBuffer<Float>(count: PickPoint.schema.features.count)
    let mask = AlignedBuffer<Bool>(count: PickPoint.candidates)
    let oracleCost = AlignedBuffer<Double>(count: (1 << PickPoint.candidates) * (PickPoint.candidates + 1))
    /// Per subset (pick's group weights), or per candidate (dispatch's drives and run-out times).
    let oracleWeight = AlignedBuffer<Double>(count: 1 << PickPoint.candidates)
    let oracleFirst = AlignedBuffer<Int>(count: (1 << PickPoint.candidates) * (PickPoint.candidates + 1))
    let pickGroups = AlignedBuffer<PickGroup>(count: PickPoint.candidates)
    let releaseClasses = AlignedBuffer<ReleaseClass>(count: ReleasePoint.candidates)
    /// The release teacher's tables: radices of its state numbers, and its two layers of plans.
    let releaseRadix = AlignedBuffer<Int>(count: ReleasePoint.candidates + 1)
    var releasePlans: ([Int: ReleasePlan], [Int: ReleasePlan]) = ([:], [:])

    init(plant: PlantDescription) {
        processMean = plant.stations.map(\.process.mean)
        pickSetupMean = plant.stations.map { $0.changeover?.meanTime ?? 0 }
        pickSetupRatio = plant.stations.map { s in Float(min(s.process.mean > 0 ? (s.changeover?.meanTime ?? 0) / s.process.mean : 0, 4)) }
        pickPairMean = plant.stations.map { $0.changeover?.meanTimes }
    }
}
