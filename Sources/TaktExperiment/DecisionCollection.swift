import Foundation
import TaktKernel
import TaktPlant
import TaktPolicy

/// Records a station's pick decisions over simulated replications, with the
/// teacher's choice for each: the data `takt train` learns from and `takt
/// quantize` calibrates with.
public enum DecisionCollection {
    /// A station name that is not in the plant, or one that makes no pick decisions.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The index of station `name`, which must have a changeover (so that picking matters).
    public static func station(_ name: String, in plant: PlantDescription) throws(Failure) -> Int {
        guard let s = plant.stations.firstIndex(where: { $0.name == name }) else {
            throw Failure(description: "no station is named '\(name)' in \(plant.file)")
        }
        guard plant.stations[s].changeover != nil else {
            throw Failure(description: "station '\(name)' has no changeover, so its pick decisions do not matter: choose a station with a selectivity bank")
        }
        return s
    }

    /// Runs `settings.replications` replications with station `s` picking by
    /// `rule` (the oracle when nil: the teacher in control) and returns every
    /// decision, in replication order.
    public static func collect(_ plant: PlantDescription, station s: Int, rule: PickRule? = nil, settings: RunSettings,
                               threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws(ModelError) -> TrainingData {
        var plant = plant
        plant.stations[s].pick = rule ?? .oracle
        let recorders = (0..<settings.replications).map { _ in DecisionRecorder(schema: PickPoint.schema) }
        _ = try ReplicationRunner.run(plant, settings: settings, threads: threads, recorders: recorders)
        var data = TrainingData(featureCount: PickPoint.schema.features.count, actionCount: PickPoint.candidates, features: [], masks: [], actions: [])
        for r in recorders {
            data.features += r.features
            data.masks += r.masks
            data.actions += r.actions
        }
        return data
    }
}
