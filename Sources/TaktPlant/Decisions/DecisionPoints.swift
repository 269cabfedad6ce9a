import TaktPolicy

/// The decision points of the line model, by name.
public enum DecisionPoints {
    public static let all: [DecisionSchema] = [PickPoint.schema, ReleasePoint.schema, DispatchPoint.schema, ReworkPoint.schema, MaintenancePoint.schema]

    /// The schema of the decision point `name`, if there is one.
    public static func schema(named name: String) -> DecisionSchema? { all.first { $0.point == name } }
}
