import TaktPolicy

/// A place where the line model asks a policy: a decision point at one
/// station or source.
public enum DecisionSite: Sendable, Equatable {
    /// The pick decision point at a station (by index).
    case pick(station: Int)
    /// The release decision point at a source with an order bank (by index).
    case release(source: Int)
    /// The dispatch decision point of a vehicle fleet (by index).
    case dispatch(fleet: Int)
    /// The rework decision point at an inspecting station (by index).
    case rework(station: Int)
    /// The maintenance decision point at a robot cell (by index).
    case maintenance(station: Int)

    /// What the site's decision point shows a policy.
    public var schema: DecisionSchema {
        switch self {
        case .pick: PickPoint.schema
        case .release: ReleasePoint.schema
        case .dispatch: DispatchPoint.schema
        case .rework: ReworkPoint.schema
        case .maintenance: MaintenancePoint.schema
        }
    }

    /// The decision point's name.
    public var point: String { schema.point }

    /// The station's or source's name.
    public func name(in plant: PlantDescription) -> String {
        switch self {
        case let .pick(s): plant.stations[s].name
        case let .release(i): plant.sources[i].name
        case let .dispatch(f): plant.fleets[f].name
        case let .rework(s): plant.stations[s].name
        case let .maintenance(s): plant.stations[s].name
        }
    }

    /// The rule or policy serving the site, as summaries name it.
    public func ruleName(in plant: PlantDescription) -> String {
        switch self {
        case let .pick(s): plant.stations[s].pick.name
        case let .release(i): plant.sources[i].releaseRule.name
        case let .dispatch(f): plant.fleets[f].requests.name
        case let .rework(s): plant.stations[s].reworkRouting?.rule.name ?? "first"
        case let .maintenance(s): plant.stations[s].robots?.maintenance?.rule.name ?? "run_to_failure"
        }
    }

    /// The model file serving the site, if a policy does.
    func binding(in plant: PlantDescription) -> PolicyBinding? {
        switch self {
        case let .pick(s): if case let .policy(b) = plant.stations[s].pick { return b }
        case let .release(i): if case let .policy(b) = plant.sources[i].releaseRule { return b }
        case let .dispatch(f): if case let .policy(b) = plant.fleets[f].requests { return b }
        case let .rework(s): if case let .policy(b)? = plant.stations[s].reworkRouting?.rule { return b }
        case let .maintenance(s): if case let .policy(b)? = plant.stations[s].robots?.maintenance?.rule { return b }
        }
        return nil
    }

    /// The deployment answering the site (index into the plant's deployments) and
    /// its fallback's model file, if the fallback is a policy; nil when it decides in process.
    func deployment(in plant: PlantDescription) -> (Int, PolicyBinding?)? {
        func fallbackPolicy<Rule>(_ d: SiteDeployment<Rule>, _ policy: (Rule) -> PolicyBinding?) -> (Int, PolicyBinding?) { (d.deployment, policy(d.fallback)) }
        switch self {
        case let .pick(s):
            return plant.stations[s].pickDeployment.map { fallbackPolicy($0) { if case let .policy(b) = $0 { b } else { nil } } }
        case let .release(i):
            return plant.sources[i].releaseDeployment.map { fallbackPolicy($0) { if case let .policy(b) = $0 { b } else { nil } } }
        case .dispatch, .rework, .maintenance:
            return nil
        }
    }

    /// The sites of `plant` served by the oracle or a policy: stations (pick, rework, then maintenance), sources, fleets.
    public static func all(in plant: PlantDescription) -> [DecisionSite] {
        var sites: [DecisionSite] = []
        for (s, station) in plant.stations.enumerated() {
            switch station.pick {
            case .oracle, .policy: sites.append(.pick(station: s))
            case .fifo, .batch: break
            }
        }
        for (s, station) in plant.stations.enumerated() {
            switch station.reworkRouting?.rule {
            case .oracle?, .policy?: sites.append(.rework(station: s))
            default: break
            }
        }
        for (s, station) in plant.stations.enumerated() {
            switch station.robots?.maintenance?.rule {
            case .oracle?, .policy?: sites.append(.maintenance(station: s))
            default: break
            }
        }
        for (i, source) in plant.sources.enumerated() {
            switch source.releaseRule {
            case .oracle, .policy: sites.append(.release(source: i))
            case .fifo, .colour, .spread: break
            }
        }
        for (f, fleet) in plant.fleets.enumerated() {
            switch fleet.requests {
            case .oracle, .policy: sites.append(.dispatch(fleet: f))
            case .rule: break
            }
        }
        return sites
    }
}
