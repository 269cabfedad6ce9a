import Foundation
import TaktDigest

/// The decision audit trail as a training data set another team may see:
/// names replaced by keyed hashes, times made relative, free text dropped.
///
/// Every name that could identify the plant — the plant, the place of each
/// decision (station, source, fleet), each run and each model file — becomes
/// `HMAC-SHA256(key, kind + ":" + name)`, the first 12 hex digits, with a
/// prefix saying what it was (`plant_`, `place_`, `run_`, `model_`). The
/// same key gives the same mapping, so data sets exported at different times
/// join; without the key the names cannot be recovered or guessed from a
/// list. Times are seconds since the run's first exported decision. The
/// policy's name (it holds a file path) is dropped; its precision stays.
public struct DecisionExport {
    /// A 32-byte key, kept by the plant.
    public let key: [UInt8]

    /// The key in `hex` (64 hex digits).
    public init?(hexKey hex: String) {
        let text = hex.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count == 64 else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        key = bytes
    }

    /// A new random key from the system's secure generator, as 64 hex digits.
    public static func newHexKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.hex
    }

    /// The keyed hash of `name` of kind `kind`.
    public func mask(_ name: String, kind: String) -> String {
        let code = HMACSHA256.code(for: Data("\(kind):\(name)".utf8), key: key)
        return kind + "_" + code.prefix(6).hex
    }

    /// One exported decision.
    public struct Row: Encodable, Equatable {
        public var plant: String
        public var run: String
        public var seq: Int
        public var timeS: Double
        public var point: String
        public var place: String
        public var model: String?
        public var precision: String?
        public var deployment: String
        public var chosen: Int
        public var teacher: Int?
        public var latencyS: Double
        public var fallback: Bool
        public var mask: [Int]
        public var features: [Double]
    }

    /// The masked rows of `records` (with each run's plant name), in the order given.
    public func rows(_ records: [DecisionAuditRecord], plants: [Int64: String]) -> [Row] {
        var start: [Int64: Double] = [:]
        for r in records { start[r.runId] = min(start[r.runId] ?? r.timeS, r.timeS) }
        return records.map { r in
            Row(plant: mask(plants[r.runId] ?? "", kind: "plant"), run: mask("\(plants[r.runId] ?? "")#\(r.runId)", kind: "run"), seq: r.seq,
                // To the microsecond the simulation keeps time in: no float noise from the subtraction (175.241864, not 175.24186399999962).
                timeS: ((r.timeS - (start[r.runId] ?? 0)) * 1e6).rounded() / 1e6, point: r.point, place: mask(r.at, kind: "place"),
                model: r.modelHash.map { mask($0, kind: "model") }, precision: r.precision, deployment: r.deployment,
                chosen: r.chosen, teacher: r.teacher, latencyS: r.latencyS, fallback: r.fallback,
                mask: Self.numbers(r.mask).map { Int($0) }, features: Self.numbers(r.features))
        }
    }

    /// The numbers of a stored JSON array.
    static func numbers(_ text: String) -> [Double] {
        (try? JSONDecoder().decode([Double].self, from: Data(text.utf8))) ?? []
    }

    /// Columns of the CSV, in order.
    public static let columns = ["plant", "run", "seq", "time_s", "point", "place", "model", "precision", "deployment", "chosen", "teacher",
                                 "latency_s", "fallback", "mask", "features"]

    /// A CSV line for `row` (the vectors as JSON arrays, quoted).
    public static func csvLine(_ row: Row) -> String {
        func array<T>(_ xs: [T]) -> String { "\"[" + xs.map { "\($0)" }.joined(separator: ",") + "]\"" }
        return [row.plant, row.run, "\(row.seq)", "\(row.timeS)", row.point, row.place, row.model ?? "", row.precision ?? "", row.deployment,
                "\(row.chosen)", row.teacher.map(String.init) ?? "", "\(row.latencyS)", row.fallback ? "1" : "0", array(row.mask), array(row.features)]
            .joined(separator: ",")
    }
}
