import TaktKernel

/// Inspection and rework: each station's inspection rule and stream, and
/// each inspecting station's rework rule and destinations.
///
/// Owned by the line model; the behaviour is in `LineModel+Rework`.
struct InspectionState: LineComponent {
    /// Each station's inspection rule (nil: it does not inspect).
    let rules: Slab<QualitySpec?>
    let streams: Slab<RandomStream>
    /// Each station's rework rule, and its destinations (the first only, without a choice).
    let reworkKinds: [LineModel.ReworkKind]
    let reworkOptions: [[NodeRef]]

    init(plant: PlantDescription, seed: UInt64, replication: UInt64) {
        rules = Slab(plant.stations.map(\.quality))
        streams = Slab(plant.stations.map { RandomStream(seed: seed, replication: replication, name: "quality:\($0.name)") })
        reworkKinds = plant.stations.map { station in
            switch station.reworkRouting?.rule {
            case nil, .first?: .first
            case .shortestQueue?: .shortestQueue
            case .oracle?, .policy?: .decided
            }
        }
        reworkOptions = plant.stations.map { $0.reworkRouting?.options ?? $0.quality.map { [$0.rework] } ?? [] }
    }

    /// Frees the slabs (the line model's deinit).
    func release() {
        rules.release()
        streams.release()
    }
}
