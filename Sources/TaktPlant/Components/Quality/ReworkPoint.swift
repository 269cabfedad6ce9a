import TaktPolicy

/// The rework decision point: where a job found defective goes, among the
/// destinations its inspection lists (at most eight).
///
/// Features (32): for each destination slot 1…8, `waiting` (jobs in its
/// buffer ÷ 16, at most 1), `free` (its idle servers ÷ its servers) and
/// `repair` (its mean process time ÷ 1 h, at most 1); a sink is (0, 1, 0).
/// Then `options` (÷ 8), `age` (the job's hours in the plant ÷ 48, at most
/// 1), `again` (1 when the job was reworked before), `defect_rate`,
/// `min_waiting`, `free_share` (idle servers over all options ÷ their
/// servers), `mean_repair` and a constant `bias`. Empty slots are zeros and
/// masked out. Actions: the eight slots.
public enum ReworkPoint {
    public static let candidates = 8

    public static let schema = DecisionSchema(
        point: "rework", version: 1,
        features: (1...candidates).flatMap { ["d\($0).waiting", "d\($0).free", "d\($0).repair"] }
            + ["options", "age", "again", "defect_rate", "min_waiting", "free_share", "mean_repair", "bias"],
        actions: (1...candidates).map { "d\($0)" })
}
