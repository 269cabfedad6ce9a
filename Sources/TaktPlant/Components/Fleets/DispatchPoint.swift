import TaktPolicy

/// The dispatch decision point: which waiting kit request a vehicle that
/// has just become free serves next (the eight oldest are the candidates).
///
/// Features (32): for each request slot 1…8, `kits` (kits the station has
/// left ÷ its reorder point plus delivery size), `waited` (minutes since the
/// request ÷ 30, at most 1) and `trip` (the trip's travel time from where
/// the vehicle stands ÷ 10 min, at most 1); then `waiting` (requests ÷ 8, at
/// most 1), `idle` (share of the fleet idle), `charge` (the vehicle's
/// battery, 1 without batteries), `to_depot` (its travel to the depot ÷
/// 10 min), `empty` (share of the candidates' stations already without a
/// kit), `min_kits`, `mean_kits` and a constant `bias`. Empty slots are zeros
/// and masked out. Actions: the eight slots.
public enum DispatchPoint {
    public static let candidates = 8

    public static let schema = DecisionSchema(
        point: "dispatch", version: 1,
        features: (1...candidates).flatMap { ["r\($0).kits", "r\($0).waited", "r\($0).trip"] }
            + ["waiting", "idle", "charge", "to_depot", "empty", "min_kits", "mean_kits", "bias"],
        actions: (1...candidates).map { "r\($0)" })
}
