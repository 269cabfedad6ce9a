import TaktPolicy

/// The maintenance decision point: at an inspection, what to do with one
/// working robot of a robot cell with predictive maintenance.
///
/// Features (16): `health` (the sensor's reading, 0…1), `age` (time since the
/// robot's last renewal ÷ the mean life, at most 2), `estimate` (remaining
/// life estimated from health and age ÷ the mean life, at most 1),
/// `until_break` and `second_break` (time to the start of the next break and
/// of the one after it ÷ the mean life, at most 1; 1 without a calendar),
/// `break_fits` (the next break's length ÷ the mean maintenance time, at most
/// 1), `off_shift` (1 while the plant is off shift, when maintenance costs
/// no work), `interval` (inspection interval ÷ mean life, at most 1),
/// `pm_vs_repair` (mean maintenance ÷ mean repair time, at most 2), `repair`
/// (mean repair ÷ inspection interval, at most 1), `down` (share of the
/// cell's robots down), `planned` (share with maintenance planned),
/// `stops` (1 when a robot failure stops the cell), `waiting` (jobs in the
/// cell's buffer ÷ 16, at most 1), `idle` (1 when the cell has no job) and
/// a constant `bias`.
/// Actions: run on, maintain at the next break (masked out without a
/// calendar), maintain now.
public enum MaintenancePoint {
    public static let candidates = 3
    public static let runOn = 0, nextBreak = 1, now = 2

    public static let schema = DecisionSchema(
        point: "maintenance", version: 1,
        features: ["health", "age", "estimate", "until_break", "second_break", "break_fits", "off_shift", "interval",
                   "pm_vs_repair", "repair", "down", "planned", "stops", "waiting", "idle", "bias"],
        actions: ["run_on", "next_break", "now"])
}
