import ArgumentParser
import Foundation
import TaktPlant
import TaktStore

/// `takt decisions`: query the decision audit trail in the run store.
struct DecisionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decisions",
        abstract: "Query the decision audit trail: sampled decisions with their features, choice and the teacher's.",
        discussion: """
            Every run samples a share of its decisions (`run: {audit_rate: 0.01}` in the \
            plant file, or `takt run --audit-rate`) into the store's decision_audit table: \
            time, decision point and place, policy, model checksum and precision, \
            deployment, features, allowed actions, the action chosen, the teacher's \
            choice when the plant asks the teacher (`teacher: oracle`), latency, \
            inference cost and whether a fallback decided.
            """
    )

    @OptionGroup var runStore: StoreReadOptions

    @Option(name: .customLong("run"), help: "Only this run (its id, as `takt runs` lists it).")
    var runID: Int64?

    @Option(help: "Only this decision point: pick, release, dispatch, rework, maintenance.")
    var point: String?

    @Option(help: "Only decisions made at this station, source or fleet.")
    var at: String?

    @Option(help: "Only policies whose name contains this text, e.g. int8 or pick-int8.json.")
    var policy: String?

    @Flag(help: "Only decisions where the teacher chose otherwise.")
    var disagree = false

    @Flag(help: "Only decisions a fallback made.")
    var fallbacks = false

    @Option(help: "How many decisions to list (default: 50 in the table, every one with --json or --csv).")
    var limit: Int?

    @Flag(help: "Print JSON (with the feature vectors).")
    var json = false

    @Flag(help: "Print CSV (with the feature vectors as JSON arrays).")
    var csv = false

    func run() throws {
        let store = try runStore.open()
        if let limit, limit < 1 { throw CommandFailure(message: "error: --limit must be at least 1", code: .badInput) }
        let most = limit ?? (json || csv ? Int.max - 1 : 50)
        guard !(json && csv) else { throw CommandFailure(message: "error: choose --json or --csv, not both", code: .badInput) }
        try checkAuditFilters(point: point, runID: runID, in: store)
        var query = RunStore.AuditQuery()
        query.run = runID
        query.point = point
        query.at = at
        query.policy = policy
        query.disagreeing = disagree
        query.fallbacks = fallbacks
        query.limit = most + 1  // one more than shown: whether there are more
        var rows: [DecisionAuditRecord]
        do {
            rows = try store.audit(query)
        } catch {
            throw CommandFailure(message: "error: \(error)", code: .storeError)
        }
        if rows.count > most {
            rows.removeLast(rows.count - most)
            Console.error("note: the first \(most) matching decisions; more match (--limit N for more\(json || csv ? "" : ", --json or --csv for every one"))\n")
        }
        if json {
            print(try snakeCaseJSON(rows.map(AuditJSON.init)))
            return
        }
        if csv {
            print("run_id,seq,time_s,point,at,policy,model_hash,precision,deployment,chosen,teacher,latency_s,inference_ns,fallback,mask,features")
            for r in rows {
                let fields = ["\(r.runId)", "\(r.seq)", "\(r.timeS)", r.point, r.at, r.policy, r.modelHash ?? "", r.precision ?? "", r.deployment,
                              "\(r.chosen)", r.teacher.map(String.init) ?? "", "\(r.latencyS)", "\(r.inferenceNs)", r.fallback ? "1" : "0", r.mask, r.features]
                print(fields.map(Self.csvField).joined(separator: ","))
            }
            return
        }
        if rows.isEmpty {
            print("No audited decisions match in \(runStore.db).")
            return
        }
        // Times on the run's clock, as `takt animate` shows them (day 1 starts at the run's start, warm-up included).
        print("  run  time             point@at                          policy                                    chosen  teacher  inference     latency  deployment")
        for r in rows {
            let place = "\(r.point)@\(r.at)".padding(toLength: 32, withPad: " ", startingAt: 0)
            // A policy's file by its name only: "int8 policy …/pick-int8.json".
            let shown = r.policy.lastIndex(of: "/").map { r.policy.prefix { $0 != " " } + " policy …/" + r.policy[r.policy.index(after: $0)...] } ?? r.policy
            let name = shown.padding(toLength: 40, withPad: " ", startingAt: 0)
            print(String(format: "%5lld  %@  %@  %@  %6d  %7@  %7d ns  %@  %@%@", r.runId, DurationText.runClock(r.timeS) as NSString, place as NSString, name as NSString, r.chosen,
                         (r.teacher.map(String.init) ?? "—") as NSString, r.inferenceNs, HumanSummary.pad(HumanSummary.seconds(r.latencyS), 10) as NSString,
                         r.deployment as NSString, r.fallback ? "  (fallback decided)" : ""))
        }
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// An audited decision as `--json` prints it: the row's columns, its features and mask as arrays (the store keeps them as JSON text).
private struct AuditJSON: Encodable {
    let row: DecisionAuditRecord

    enum Keys: String, CodingKey { case features, mask }

    func encode(to encoder: any Encoder) throws {
        try row.encode(to: encoder)
        // The same object, the two text columns written over as the arrays they hold.
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(try JSONDecoder().decode([Double].self, from: Data(row.features.utf8)), forKey: .features)
        try container.encode(try JSONDecoder().decode([Int].self, from: Data(row.mask.utf8)), forKey: .mask)
    }
}
