import Foundation
import Yams

/// A YAML node together with where it is: the file and the key path.
///
/// Every accessor either returns a well-typed value or throws a
/// `PlantFileError` that names the file, line, column and key path.
struct YAMLValue {
    let node: Node
    let path: String
    let file: String

    /// An error located at this node.
    func error(_ message: String) -> PlantFileError {
        let mark = node.mark
        return PlantFileError(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, keyPath: path, message: message)
    }

    /// A short rendering of the value for messages.
    var shown: String {
        switch node {
        case let .scalar(s): return "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    private func scalar(_ expected: String) throws(PlantFileError) -> String {
        guard case let .scalar(s) = node else { throw error("expected \(expected), got \(shown)") }
        return s.string
    }

    /// A non-empty string.
    func string() throws(PlantFileError) -> String {
        let text = try scalar("text").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw error("must not be empty") }
        return text
    }

    /// A finite number.
    func double() throws(PlantFileError) -> Double {
        let text = try scalar("a number")
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else {
            throw error("expected a number, got '\(text)'")
        }
        return value
    }

    /// An integer in `range`; `hint`, when given, follows the error of a number outside it.
    func int(in range: ClosedRange<Int>, hint: String? = nil) throws(PlantFileError) -> Int {
        let text = try scalar("a whole number").trimmingCharacters(in: .whitespaces)
        guard let value = Int(text) else {
            throw error("expected a whole number in \(range.lowerBound)…\(range.upperBound), got '\(text)'")
        }
        guard range.contains(value) else {
            throw error("must be in \(range.lowerBound)…\(range.upperBound), got \(value)" + (hint.map { ": " + $0 } ?? ""))
        }
        return value
    }

    /// A boolean (`true`/`false`).
    func bool() throws(PlantFileError) -> Bool {
        let text = try scalar("true or false").lowercased()
        switch text {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, got '\(text)'")
        }
    }

    /// A duration with a unit (`76s`, `12min`, `8h`), in seconds.
    func duration() throws(PlantFileError) -> Double {
        try quantity("a duration such as 76s or 12min", DurationText.seconds)
    }

    /// A power with a unit (`500W`, `85kW`, `1.2MW`), in watts.
    func power() throws(PlantFileError) -> Double {
        try quantity("a power such as 85kW or 1.2MW", PowerText.watts)
    }

    /// A length with a unit (`40m`, `800mm`), in metres.
    func length() throws(PlantFileError) -> Double {
        try quantity("a length such as 40m or 800mm", LengthText.metres)
    }

    /// A speed with a unit (`0.2m/s`, `12m/min`), in metres per second.
    func speed() throws(PlantFileError) -> Double {
        try quantity("a speed such as 0.2m/s or 12m/min", LengthText.metresPerSecond)
    }

    /// The scalar read by `parse` (a number and a unit), its errors placed at this value.
    private func quantity(_ expected: String, _ parse: (String) throws(DurationText.ParseError) -> Double) throws(PlantFileError) -> Double {
        let text = try scalar(expected)
        do {
            return try parse(text)
        } catch {
            throw self.error(error.message)
        }
    }

    /// One of `choices`, with a suggestion when it is not.
    func choice(_ choices: [String]) throws(PlantFileError) -> String {
        let text = try string()
        guard choices.contains(text) else {
            throw error("unknown value '\(text)'\(Suggestion.hint(for: text, in: choices)); expected one of: \(choices.joined(separator: ", "))")
        }
        return text
    }

    /// True if the node is a scalar (plain text or number).
    var isScalar: Bool { if case .scalar = node { return true } else { return false } }

    /// True if the node is a list.
    var isSequence: Bool { if case .sequence = node { return true } else { return false } }

    /// The elements of a list, each with its indexed key path.
    func sequence() throws(PlantFileError) -> [YAMLValue] {
        guard case let .sequence(seq) = node else { throw error("expected a list, got \(shown)") }
        return seq.enumerated().map { YAMLValue(node: $1, path: "\(path)[\($0)]", file: file) }
    }

    /// The node as a mapping whose keys must all be in `allowed`.
    func mapping(allowed: [String]) throws(PlantFileError) -> MappingReader {
        let reader = try mapping()
        try reader.expectOnly(allowed)
        return reader
    }

    /// The node as a mapping, keys not yet checked.
    func mapping() throws(PlantFileError) -> MappingReader {
        guard case let .mapping(map) = node else { throw error("expected a mapping (key: value), got \(shown)") }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (k, v) in map {
            guard case let .scalar(ks) = k else {
                throw YAMLValue(node: k, path: path, file: file).error("keys must be plain text")
            }
            entries.append((ks.string, k, v))
        }
        return MappingReader(entries: entries, owner: self)
    }
}

/// The keys of one YAML mapping, read by name.
struct MappingReader {
    let entries: [(key: String, keyNode: Node, value: Node)]
    let owner: YAMLValue

    private func childPath(_ key: String) -> String {
        owner.path.isEmpty ? key : "\(owner.path).\(key)"
    }

    /// Rejects any key not in `allowed`, suggesting the closest allowed one.
    func expectOnly(_ allowed: [String]) throws(PlantFileError) {
        if let first = unknownKeys(allowed).first { throw first }
    }

    /// One error for every key not in `allowed`, each with a suggestion.
    func unknownKeys(_ allowed: [String]) -> [PlantFileError] {
        entries.filter { !allowed.contains($0.key) }.map { entry in
            let keyValue = YAMLValue(node: entry.keyNode, path: childPath(entry.key), file: owner.file)
            return keyValue.error("unknown key '\(entry.key)'\(Suggestion.hint(for: entry.key, in: allowed)); allowed here: \(allowed.joined(separator: ", "))")
        }
    }

    /// True if `key` is present.
    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// The value of `key`, or nil when absent.
    subscript(_ key: String) -> YAMLValue? {
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        return YAMLValue(node: entry.value, path: childPath(key), file: owner.file)
    }

    /// The value of `key`, or an error naming the missing key.
    func required(_ key: String, hint: String = "") throws(PlantFileError) -> YAMLValue {
        guard let value = self[key] else {
            throw owner.error("missing required key '\(key)'\(hint.isEmpty ? "" : " (\(hint))")")
        }
        return value
    }
}
