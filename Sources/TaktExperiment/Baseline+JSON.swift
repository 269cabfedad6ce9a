import Foundation
import TaktPlant
import TaktPolicy

/// The baseline file: JSON with sorted keys, so that making a baseline again
/// from the same plant, seed and version gives the same bytes.
///
/// ```json
/// {"format": "takt-baseline", "format_version": 1, "plant": "xiaomi-ev", "plant_file": "Plants/xiaomi-ev.yaml",
///  "plant_hash": "…", "takt_version": "0.1.0", "seed": 20240328, "replications": 10, "duration_s": 691200, "warmup_s": 172800,
///  "structure": {"sources": […], "stations": […], "sinks": […]},
///  "figures": [{"name": "throughput_per_operating_hour", "unit": "jobs/h", "better": "higher",
///               "mean": 40.1, "sd": 0.8, "n": 10, "values": [40.2, …]}]}
/// ```
///
/// A figure needs `values` (replication r's at index r), or `mean`, `sd`
/// and `n` (then the check can only compare it unpaired); `unit` and
/// `better` are for readers and ignored.
extension Baseline {
    /// The `format` a baseline file declares, and the newest `format_version` this Takt reads.
    public static let format = "takt-baseline"
    public static let formatVersion = 1

    /// A baseline file that cannot be read or is not a baseline.
    public struct ReadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The baseline in the file at `path`.
    public static func read(path: String) throws(ReadError) -> Baseline {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ReadError(description: "no baseline at \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(description: "cannot read the baseline \(path)")
        }
        return try decode(data, path: path)
    }

    /// The baseline in `data` (the contents of `path`, for messages).
    public static func decode(_ data: Data, path: String) throws(ReadError) -> Baseline {
        let file: File
        do {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            file = try decoder.decode(File.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ReadError(description: "\(path) is not a takt baseline: \(Self.keyPath(context.codingPath + [key])) is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ReadError(description: "\(path) is not a takt baseline: \(Self.keyPath(context.codingPath)): \(context.debugDescription)")
        } catch {
            throw ReadError(description: "\(path) is not a takt baseline (not valid JSON: \(JSONSyntax.problem(in: data) ?? "\(error)"))")
        }
        guard file.format == format else {
            throw ReadError(description: "\(path) is not a takt baseline: its format is '\(file.format)', expected '\(format)'")
        }
        guard file.format_version <= formatVersion else {
            throw ReadError(description: "\(path) is a baseline of format version \(file.format_version); this Takt reads up to \(formatVersion): update Takt")
        }
        guard file.replications >= 1, file.duration_s > 0, file.warmup_s >= 0, file.warmup_s < file.duration_s else {
            throw ReadError(description: "\(path): replications must be at least 1 and the warm-up shorter than the duration")
        }
        guard !file.figures.isEmpty else { throw ReadError(description: "\(path): the baseline has no figures") }
        var figures: [Figure] = []
        for (i, f) in file.figures.enumerated() {
            guard ResultFigure.named(f.name) != nil else {
                throw ReadError(description: "\(path): figures[\(i)]: unknown figure '\(f.name)'; known: \(ResultFigure.all.map(\.name).joined(separator: ", "))")
            }
            guard !figures.contains(where: { $0.name == f.name }) else {
                throw ReadError(description: "\(path): figures[\(i)]: '\(f.name)' is listed twice")
            }
            if let values = f.values {
                guard values.count == file.replications, values.allSatisfy(\.isFinite) else {
                    throw ReadError(description: "\(path): figures[\(i)] (\(f.name)): needs one finite value per replication (\(file.replications)), has \(values.count)")
                }
                figures.append(Figure(name: f.name, sample: FigureSample(values)))
            } else if let mean = f.mean, let sd = f.sd, let n = f.n, mean.isFinite, sd.isFinite, sd >= 0, n >= 1 {
                figures.append(Figure(name: f.name, sample: FigureSample(mean: mean, standardDeviation: sd, count: n)))
            } else {
                throw ReadError(description: "\(path): figures[\(i)] (\(f.name)): needs 'values' (one per replication) or 'mean', 'sd' and 'n'")
            }
        }
        return Baseline(plant: file.plant, plantFile: file.plant_file, plantHash: file.plant_hash, taktVersion: file.takt_version,
                        seed: file.seed, replications: file.replications, durationSeconds: file.duration_s, warmupSeconds: file.warmup_s,
                        structure: file.structure, figures: figures)
    }

    /// The baseline file's text: pretty-printed JSON with sorted keys and a final newline.
    public func jsonText() throws -> String {
        let file = File(format: Self.format, format_version: Self.formatVersion, plant: plant, plant_file: plantFile, plant_hash: plantHash,
                        takt_version: taktVersion, seed: seed, replications: replications, duration_s: durationSeconds,
                        warmup_s: warmupSeconds, structure: structure, figures: figures.map { f in
                            let figure = ResultFigure.named(f.name)
                            return File.Figure(name: f.name, unit: figure?.unit, better: figure.map { $0.higherIsBetter ? "higher" : "lower" },
                                               mean: f.sample.mean, sd: f.sample.standardDeviation, n: f.sample.count, values: f.sample.values)
                        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(file), as: UTF8.self) + "\n"
    }

    /// A coding path as `figures[2].values`.
    static func keyPath(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
    }

    /// The file's layout, key for key.
    struct File: Codable {
        var format: String
        var format_version: Int
        var plant: String
        var plant_file: String
        var plant_hash: String
        var takt_version: String
        var seed: UInt64
        var replications: Int
        var duration_s: Double
        var warmup_s: Double
        var structure: Structure
        var figures: [Figure]

        struct Figure: Codable {
            var name: String
            var unit: String?
            var better: String?
            var mean: Double?
            var sd: Double?
            var n: Int?
            var values: [Double]?
        }
    }
}
