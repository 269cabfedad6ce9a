import TaktPolicy

/// The pick decision point: which group of a station's buffer a free
/// server serves next — at a resequencing (selectivity) bank in front of a
/// paint booth, which colour to paint next.
///
/// The buffer's jobs form groups by the station's changeover attribute
/// (colour or variant), in the order their oldest job arrived; the first
/// eight groups are the candidates, and choosing a group takes its
/// longest-waiting job. Features (32): for each group slot 1…8, `same` (1
/// when the group's attribute is the server's last one), `wait_h` (hours its
/// oldest job has waited, at most 8) and `size` (its jobs ÷ 16, at most 1);
/// then the buffer's `fill`, `groups` (÷ 8), `has_last`, `last_size` (jobs
/// of the last attribute ÷ 16), `queue` (jobs ÷ 64, at most 1),
/// `oldest_wait_h`, `setup_ratio` (mean changeover ÷ mean process time, at
/// most 4) and a constant `bias`. Empty slots are zeros and masked out.
public enum PickPoint {
    public static let candidates = 8

    public static let schema = DecisionSchema(
        point: "pick", version: 1,
        features: (1...candidates).flatMap { ["g\($0).same", "g\($0).wait_h", "g\($0).size"] }
            + ["fill", "groups", "has_last", "last_size", "queue", "oldest_wait_h", "setup_ratio", "bias"],
        actions: (1...candidates).map { "g\($0)" })
}
