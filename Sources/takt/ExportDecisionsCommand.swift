import ArgumentParser
import Foundation
import TaktPlant
import TaktStore

/// `takt export-decisions`: the audit trail as a masked training data set.
struct ExportDecisionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-decisions",
        abstract: "Write the decision audit trail as a masked data set (CSV, JSON Lines and a schema) for an outside team.",
        discussion: """
            Plant, place (station, source, fleet), run and model names become keyed \
            hashes (HMAC-SHA256 with the key in --key, which the plant keeps: the same \
            key gives the same mapping); times become seconds since each run's first \
            exported decision; the policy's name, which holds a file path, is dropped. \
            Writes decisions.csv, decisions.jsonl and schema.json into --out.
            """
    )

    @OptionGroup var runStore: StoreReadOptions

    @Option(help: "The key file: 64 hex digits (keep it; it is never written to the output).")
    var key: String

    @Flag(help: "Create the key file with a new random key if it does not exist.")
    var newKey = false

    @Option(help: "The folder to write into (created if missing).")
    var out: String

    @Option(name: .customLong("run"), help: "Only this run.")
    var runID: Int64?

    @Option(help: "Only this decision point.")
    var point: String?

    @Option(help: "Only policies whose name contains this text.")
    var policy: String?

    func run() throws {
        let store = try runStore.open()
        try checkAuditFilters(point: point, runID: runID, in: store)
        if !FileManager.default.fileExists(atPath: key) {
            guard newKey else { throw CommandFailure(message: "error: --key: no key file at \(key) (pass --new-key to create one)", code: .badInput) }
            guard FileManager.default.createFile(atPath: key, contents: Data((DecisionExport.newHexKey() + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CommandFailure(message: "error: --key: cannot write \(key)", code: .badInput)
            }
        }
        guard let text = try? String(contentsOfFile: key, encoding: .utf8), let export = DecisionExport(hexKey: text) else {
            throw CommandFailure(message: "error: --key: \(key) must hold 64 hex digits (a 256-bit key)", code: .badInput)
        }
        var query = RunStore.AuditQuery()
        query.run = runID
        query.point = point
        query.policy = policy
        query.limit = Int.max
        let rows: [DecisionExport.Row]
        do {
            rows = export.rows(try store.audit(query).sorted { ($0.runId, $0.seq) < ($1.runId, $1.seq) }, plants: try store.plantNames())
        } catch {
            throw CommandFailure(message: "error: \(error)", code: .storeError)
        }
        let folder = URL(fileURLWithPath: out)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var jsonl = Data()
            for row in rows {
                jsonl.append(try encoder.encode(row))
                jsonl.append(10)
            }
            try jsonl.write(to: folder.appendingPathComponent("decisions.jsonl"))
            let csv = ([DecisionExport.columns.joined(separator: ",")] + rows.map(DecisionExport.csvLine)).joined(separator: "\n") + "\n"
            try Data(csv.utf8).write(to: folder.appendingPathComponent("decisions.csv"))
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(Schema(rows: rows.count)).write(to: folder.appendingPathComponent("schema.json"))
        } catch {
            throw CommandFailure(message: "error: --out: cannot write into \(out): \(whyNotWritable(folder.appendingPathComponent("decisions.jsonl").path, error))",
                                 code: .badInput)
        }
        if rows.isEmpty {
            Console.error("note: no audited decision matches: a run audits decisions at its --audit-rate "
                + "(`takt decisions` shows what the store holds)\n")
        }
        let csvPath = out.hasSuffix("/") ? out + "decisions.csv" : out + "/decisions.csv"
        print("Wrote \(rows.count) decisions to \(csvPath), decisions.jsonl and schema.json "
            + "(names masked with the key in \(key)).")
    }

    /// schema.json: what each column holds, and each decision point's features and actions.
    struct Schema: Encodable {
        var format = "takt-decisions 1"
        var rows: Int
        var columns: [String: String] = [
            "plant": "keyed hash of the plant's name", "run": "keyed hash of the run", "seq": "the decision's order in its run's audit trail",
            "time_s": "seconds since the run's first exported decision", "point": "the decision point (features and actions below)",
            "place": "keyed hash of the station, source or fleet", "model": "keyed hash of the model file's checksum (empty: a rule or the teacher)",
            "precision": "fp32 or int8 (empty: a rule or the teacher)", "deployment": "how the policy ran",
            "chosen": "the action taken (index into the point's actions)", "teacher": "the teacher's choice, when it was asked",
            "latency_s": "simulated time the decision took", "fallback": "1 when a fallback decided",
            "mask": "1 for each allowed action", "features": "the feature vector (names below)",
        ]
        var points: [String: [String: [String]]] = Dictionary(uniqueKeysWithValues: DecisionPoints.all.map {
            ($0.point, ["features": $0.features, "actions": $0.actions])
        })
        var masking = "HMAC-SHA256 with the plant's key, first 12 hex digits, prefixed by kind; policy names dropped"
    }
}
