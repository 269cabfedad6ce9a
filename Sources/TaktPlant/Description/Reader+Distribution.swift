import Foundation
import SwiftCSV
import TaktKernel
import TaktPolicy

extension Reader {
    /// Distribution families by their `dist:` name and the keys each accepts.
    static let distributionKeys: [String: [String]] = [
        "deterministic": ["value"],
        "exponential": ["mean", "shift"],
        "uniform": ["min", "max"],
        "triangular": ["min", "mode", "max"],
        "normal": ["mean", "sd", "cv"],
        "lognormal": ["mean", "cv", "sd", "shift"],
        "gamma": ["mean", "cv", "shape", "shift"],
        "erlang": ["mean", "k", "shift"],
        "weibull": ["shape", "scale", "shift"],
        "empirical": ["file", "column", "unit", "interpolate"],
    ]

    /// Reads a distribution: a bare duration (deterministic) or `{dist: name, ...}`.
    mutating func readDistribution(_ value: YAMLValue) throws(PlantFileError) -> Distribution {
        if value.isScalar {
            return try makeDistribution(.deterministic(value: try value.duration()), at: value)
        }
        let map = try value.mapping()
        let distValue = try map.required("dist", hint: "one of \(Self.distributionKeys.keys.sorted().joined(separator: ", "))")
        let family = try distValue.choice(Self.distributionKeys.keys.sorted())
        try map.expectOnly(["dist", "source"] + Self.distributionKeys[family]!)
        func duration(_ key: String) throws(PlantFileError) -> Double { try map.required(key).duration() }
        func number(_ key: String) throws(PlantFileError) -> Double { try map.required(key).double() }
        func spread(mean: Double) throws(PlantFileError) -> (sd: Double, cv: Double) {
            switch (map["sd"], map["cv"]) {
            case let (sd?, nil): let s = try sd.duration(); return (s, s / mean)
            case let (nil, cv?):
                let c = try cv.double()
                guard c >= 0 else { throw cv.error("cv must not be negative") }
                return (c * mean, c)
            case (_?, let cv?): throw cv.error("give either 'sd' or 'cv', not both")
            case (nil, nil): throw value.error("missing 'sd' (a duration) or 'cv' (coefficient of variation)")
            }
        }
        let kind: Distribution.Kind
        switch family {
        case "deterministic": kind = .deterministic(value: try duration("value"))
        case "exponential": kind = .exponential(mean: try duration("mean"))
        case "uniform":
            let lo = try duration("min"), hi = try duration("max")
            if lo > hi, let at = map["max"] { throw at.error("max (\(DistributionText.duration(hi))) must be at least min (\(DistributionText.duration(lo)))") }
            kind = .uniform(min: lo, max: hi)
        case "triangular":
            let lo = try duration("min"), mode = try duration("mode"), hi = try duration("max")
            if !(lo <= mode && mode <= hi && lo < hi), let at = map["mode"] {
                throw at.error("needs min ≤ mode ≤ max and min < max; got min \(DistributionText.duration(lo)), mode \(DistributionText.duration(mode)), "
                    + "max \(DistributionText.duration(hi))")
            }
            kind = .triangular(min: lo, mode: mode, max: hi)
        case "normal":
            let mean = try duration("mean")
            let (sd, cv) = try spread(mean: mean)
            // Times are never negative: the normal is truncated at zero, which moves its mean up by sd·φ(z)/Φ(z), z = mean/sd.
            if sd > 0, mean > 0 {
                let z = mean / sd, density = exp(-z * z / 2) / (2 * Double.pi).squareRoot(), below = erfc(z / 2.squareRoot()) / 2
                let truncatedMean = mean + sd * density / (1 - below)
                if truncatedMean > mean * 1.01 {
                    throw (map["cv"] ?? map["sd"] ?? value).error("a normal with cv \(String(format: "%g", cv)) is below zero \(Int((below * 100).rounded()))% "
                        + "of the time; times are cut at zero, which makes its mean \(DistributionText.duration(truncatedMean, digits: 3)), not \(DistributionText.duration(mean, digits: 3)). "
                        + "For a widely spread time give a lognormal or gamma with this mean and cv (the normal takes cv up to about 0.42)")
                }
            }
            kind = .normal(mean: mean, sd: sd)
        case "lognormal":
            let mean = try duration("mean")
            kind = .lognormal(mean: mean, cv: try spread(mean: mean).cv)
        case "gamma":
            let mean = try duration("mean")
            switch (map["shape"], map["cv"]) {
            case let (shape?, nil): kind = .gamma(shape: try shape.double(), mean: mean)
            case let (nil, cv?):
                let c = try cv.double()
                guard c > 0 else { throw cv.error("cv must be greater than 0 for a gamma distribution") }
                kind = .gamma(shape: 1 / (c * c), mean: mean)
            case (_?, let cv?): throw cv.error("give either 'shape' or 'cv', not both")
            case (nil, nil): throw value.error("missing 'shape' or 'cv'")
            }
        case "erlang":
            kind = .gamma(shape: Double(try map.required("k").int(in: 1...1000)), mean: try duration("mean"))
        case "weibull":
            kind = .weibull(shape: try number("shape"), scale: try duration("scale"))
        default:
            kind = try readEmpirical(map, at: value)
        }
        // A shift (a minimum time) moves every value up; mean, cv, sd, shape and scale describe the part above it.
        return try makeDistribution(kind, shift: try map["shift"]?.duration() ?? 0, at: value)
    }

    /// Builds the distribution, turning parameter errors into located errors.
    func makeDistribution(_ kind: Distribution.Kind, shift: Double = 0, at value: YAMLValue) throws(PlantFileError) -> Distribution {
        do {
            return try Distribution.make(kind, shift: shift)
        } catch {
            let map = try? value.mapping()
            throw (map?[error.parameter] ?? value).error("\(error.parameter) \(error.message)")
        }
    }

    /// Largest CSV file of empirical values read (a few million rows).
    static let maxCSVBytes = NumberColumn.maxBytes

    /// Reads the CSV file at `path` (relative to the plant file; at most
    /// `maxCSVBytes`, UTF-8) named by `value`, and adds its bytes to the
    /// plant's hash.
    mutating func readCSVText(_ path: String, at value: YAMLValue) throws(PlantFileError) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
        let data: Data
        do {
            data = try BoundedFile.read(url.path, limit: Self.maxCSVBytes)
        } catch {
            throw value.error("cannot read '\(url.path)': \(error.reason)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw value.error("'\(path)' is not UTF-8 text") }
        hashInput.append(data)
        return text
    }

    /// The CSV file at `path` (relative to the plant file) as errors name it: beside the plant file as the user gave that.
    func csvDisplayPath(_ path: String) -> String {
        guard !path.hasPrefix("/"), file.contains("/") else { return path }
        return (file as NSString).deletingLastPathComponent + "/" + path
    }

    /// `text`, the CSV file at `path`, parsed; an error is placed at `value`.
    func parseCSV(_ text: String, path: String, at value: YAMLValue) throws(PlantFileError) -> NamedCSV {
        do {
            return try NamedCSV(string: text, delimiter: .comma, loadColumns: false)
        } catch {
            throw value.error("'\(path)' is not valid CSV: \(error)")
        }
    }

    /// Reads an empirical distribution's values from a CSV column.
    mutating func readEmpirical(_ map: MappingReader, at value: YAMLValue) throws(PlantFileError) -> Distribution.Kind {
        let fileValue = try map.required("file", hint: "a CSV file, relative to the plant file")
        let columnValue = try map.required("column", hint: "the CSV header of the column to use")
        let path = try fileValue.string()
        let column = try columnValue.string()
        let unitName = try map["unit"]?.choice(DurationText.units.map(\.suffix)) ?? "s"
        let unit = DurationText.units.first { $0.suffix == unitName }!.seconds
        let interpolate = try map["interpolate"]?.bool() ?? false
        let text = try readCSVText(path, at: fileValue)
        let values: [Double]
        do {
            values = try NumberColumn.read(csvText: text, column: column).values.map { $0 * unit }
        } catch {
            switch error {
            case let .notCSV(message): throw fileValue.error("'\(path)' is not valid CSV: \(message)")
            case let .noColumn(_, columns), let .columnNeeded(columns):
                throw columnValue.error("'\(path)' has no column '\(column)'\(Suggestion.hint(for: column, in: columns)); columns: \(columns.joined(separator: ", "))")
            case let .badCell(line, cell), let .badTimestamp(line, cell): throw columnValue.error("\(path) row \(line): '\(cell)' is not a non-negative number")
            case .empty: throw columnValue.error("column '\(column)' of '\(path)' has no values")
            }
        }
        return .empirical(values: values, interpolate: interpolate)
    }
}
