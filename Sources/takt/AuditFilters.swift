import Foundation
import TaktPlant
import TaktStore

/// The filters `takt decisions` and `takt export-decisions` share: a filter that names nothing that can
/// exist (a decision point Takt does not have, a run the store does not hold) is a mistake, not an empty answer.
func checkAuditFilters(point: String?, runID: Int64?, in store: RunStore) throws {
    if let point, DecisionPoints.schema(named: point) == nil {
        let names = DecisionPoints.all.map(\.point)
        throw CommandFailure(message: "error: --point: no decision point is named '\(point)'\(Suggestion.hint(for: point, in: names)); "
            + "points: \(names.joined(separator: ", "))", code: .badInput)
    }
    if let runID {
        let found: [RunRecord]
        do { found = try store.runs(ids: [runID]) } catch { throw CommandFailure(message: "error: \(error)", code: .storeError) }
        guard !found.isEmpty else {
            throw CommandFailure(message: "error: --run: the store has no run \(runID) (`takt runs` lists them)", code: .badInput)
        }
    }
}
