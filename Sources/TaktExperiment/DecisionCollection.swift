import Foundation
import TaktKernel
import TaktPlant
import TaktPolicy

/// Records the decisions at one decision site over simulated replications,
/// with the teacher's choice for each: the data `takt train` learns from and
/// `takt quantize` calibrates with.
public enum DecisionCollection {
    /// A site that is not in the plant, or where decisions do not matter.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Who decides while decisions are recorded.
    public enum Decider: Sendable {
        /// The teacher (to learn from its choices).
        case oracle
        /// A policy (to record the states it meets, for calibration).
        case policy(PolicyBinding)
        /// A policy decides, and each state it meets is labelled with the
        /// teacher's choice (dataset aggregation: the states a learner visits,
        /// which the teacher alone would never show it).
        case learner(PolicyBinding)
    }

    /// The site of decision point `point` at the station, source or fleet named `name`.
    public static func site(point: String, at name: String, in plant: PlantDescription) throws(Failure) -> DecisionSite {
        switch point {
        case PickPoint.schema.point:
            guard let s = plant.stations.firstIndex(where: { $0.name == name }) else {
                throw Failure(description: "no station is named '\(name)' in \(plant.file)")
            }
            guard plant.stations[s].changeover != nil else {
                throw Failure(description: "station '\(name)' has no changeover, so its pick decisions do not matter: choose a station with a selectivity bank")
            }
            return .pick(station: s)
        case ReleasePoint.schema.point:
            guard let i = plant.sources.firstIndex(where: { $0.name == name }) else {
                throw Failure(description: "no source is named '\(name)' in \(plant.file)")
            }
            guard plant.sources[i].orderBank >= 2, !plant.variants.isEmpty || !plant.colours.isEmpty else {
                throw Failure(description: "source '\(name)' has no order bank of variants or colours to choose from: give it 'order_bank' of at least 2")
            }
            return .release(source: i)
        case ReworkPoint.schema.point:
            guard let s = plant.stations.firstIndex(where: { $0.name == name }) else {
                throw Failure(description: "no station is named '\(name)' in \(plant.file)")
            }
            guard plant.stations[s].reworkRouting != nil else {
                throw Failure(description: "station '\(name)' has no choice of rework destinations: list several under 'quality.rework'")
            }
            return .rework(station: s)
        case MaintenancePoint.schema.point:
            guard let s = plant.stations.firstIndex(where: { $0.name == name }) else {
                throw Failure(description: "no station is named '\(name)' in \(plant.file)")
            }
            guard plant.stations[s].robots?.maintenance != nil else {
                throw Failure(description: "station '\(name)' is not a robot cell with predictive maintenance: give its robots 'maintenance'")
            }
            return .maintenance(station: s)
        case DispatchPoint.schema.point:
            guard let f = plant.fleets.firstIndex(where: { $0.name == name }) else {
                throw Failure(description: "no fleet is named '\(name)' in \(plant.file)")
            }
            return .dispatch(fleet: f)
        default:
            throw Failure(description: "no decision point is named '\(point)'; there are: \(DecisionPoints.all.map(\.point).joined(separator: ", "))")
        }
    }

    /// Runs `settings.replications` replications with `decider` at `site`
    /// and returns every decision made there, in replication order: with the
    /// oracle's action (the oracle decides), with the policy's own (a policy
    /// decides: states for calibration; the teacher is not asked), or with
    /// the oracle's action on the states a learner's choices lead to.
    public static func collect(_ plant: PlantDescription, site: DecisionSite, decider: Decider = .oracle, settings: RunSettings,
                               threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws(ModelError) -> TrainingData {
        var plant = plant
        var asksTeacher = true
        let deciding: Decider
        switch decider {
        case .oracle: deciding = .oracle
        case let .policy(b): (deciding, asksTeacher) = (.policy(b), false)
        case let .learner(b): deciding = .policy(b)
        }
        switch (site, deciding) {
        case let (_, .policy(b)): plant.serve(site, with: b)
        case let (.pick(s), .oracle): plant.stations[s].pick = .oracle
        case let (.release(i), .oracle): plant.sources[i].releaseRule = .oracle
        case let (.dispatch(f), .oracle): plant.fleets[f].requests = .oracle
        case let (.rework(s), .oracle): plant.stations[s].reworkRouting?.rule = .oracle
        case let (.maintenance(s), .oracle): plant.stations[s].robots?.maintenance?.rule = .oracle
        case (_, .learner): break  // made a policy above
        }
        let schema = site.schema
        let recorders = (0..<settings.replications).map { _ in DecisionRecorder(schema: schema, asksTeacher: asksTeacher) }
        _ = try ReplicationRunner.run(plant, settings: settings, threads: threads, recorders: recorders, recordSite: site)
        var data = TrainingData(featureCount: schema.features.count, actionCount: schema.actions.count, features: [], masks: [], actions: [])
        for r in recorders {
            data.features += r.features
            data.masks += r.masks
            data.actions += r.actions
        }
        return data
    }
}
