import Yams

/// One change an experiment variant makes to its base plant: the value at a
/// key path replaced (or added) before the plant is read.
///
/// A key path is dotted; list items are named by their `name`
/// (`stations.paint-basecoat.pick`, `fleets.amr.vehicles`, `run.duration`) or
/// by position (`stations.0.buffer`). A missing last key is added; anything
/// else missing is an error. The value is YAML as written in the experiment file;
/// `null` (or `~`) removes the key or list item instead (a feature switched off
/// in a variant: `stations.paint.changeover: null`).
public struct PlantOverride: @unchecked Sendable {  // immutable; Node is a value type
    /// The dotted key path, as written.
    public var keyPath: String
    let value: Node
    /// Where the override is written (for errors).
    let file: String
    let line: Int
    let column: Int
    /// The override's own key path in the experiment file.
    let origin: String

    init(keyPath: String, value: Node, file: String, line: Int, column: Int, origin: String) {
        self.keyPath = keyPath
        self.value = value
        self.file = file
        self.line = line
        self.column = column
        self.origin = origin
    }

    /// An override given on the command line as `key.path=value` (the value
    /// YAML, e.g. `stations.paint.process={dist: exponential, mean: 30s}`);
    /// its errors name `option` and the text.
    public static func commandLine(_ text: String, option: String = "--set") throws(PlantFileErrors) -> PlantOverride {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw PlantFileErrors([PlantFileError(file: option, line: 1, column: 1, keyPath: "",
                                                  message: "'\(text)' is not key.path=value (e.g. stations.paint.buffer=8)")])
        }
        let keyPath = String(text[..<equals]), valueText = String(text[text.index(after: equals)...])
        let column = keyPath.count + 2
        let value: Node
        do {
            value = try PlantLoader.compose(valueText.isEmpty ? "''" : valueText, file: option, kind: "\(option) value")
        } catch {
            throw PlantFileErrors(error.errors.map { PlantFileError(file: option, line: 1, column: column + max(0, $0.column - 1), keyPath: keyPath, message: $0.message) })
        }
        return PlantOverride(keyPath: keyPath, value: value, file: option, line: 1, column: column, origin: keyPath)
    }

    /// The value as compact YAML text.
    public var shown: String {
        value.string ?? ((try? Yams.serialize(node: value))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?")
    }

    /// An error at the override.
    func error(_ message: String) -> PlantFileError {
        PlantFileError(file: file, line: line, column: column, keyPath: origin, message: message)
    }

    /// `root` with the override applied, and the plant key path it replaced (with list positions).
    func apply(to root: Node) throws(PlantFileError) -> (Node, String) {
        let keys = keyPath.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !keys.contains(where: \.isEmpty) else { throw error("'\(keyPath)' is not a key path (keys separated by single dots)") }
        var resolved: [String] = []
        let node = try replacing(in: root, keys[...], resolved: &resolved)
        return (node, resolved.joined(separator: "."))
    }

    /// True if the value is YAML's null, written plainly: the override removes what its key path names.
    public var removes: Bool {
        guard case let .scalar(scalar) = value, scalar.style == .plain else { return false }
        return ["null", "Null", "NULL", "~"].contains(scalar.string)
    }

    private func replacing(in node: Node, _ keys: ArraySlice<String>, resolved: inout [String]) throws(PlantFileError) -> Node {
        guard let key = keys.first else { return value }
        let here = resolved.isEmpty ? "the plant" : "'\(resolved.joined(separator: "."))'"
        switch node {
        case let .mapping(map):
            var pairs = Array(map.map { ($0.key, $0.value) })
            if let i = pairs.firstIndex(where: { $0.0.string == key }) {
                resolved.append(key)
                if keys.count == 1, removes {
                    pairs.remove(at: i)
                } else {
                    pairs[i].1 = try replacing(in: pairs[i].1, keys.dropFirst(), resolved: &resolved)
                }
            } else if keys.count == 1, removes {
                let known = pairs.compactMap { $0.0.string }
                throw error("\(here) has no key '\(key)' to remove\(Suggestion.hint(for: key, in: known))")
            } else if keys.count == 1 {
                resolved.append(key)
                pairs.append((Node(key), value))
            } else {
                let known = pairs.compactMap { $0.0.string }
                throw error("\(here) has no key '\(key)'\(Suggestion.hint(for: key, in: known))")
            }
            return .mapping(Node.Mapping(pairs, map.tag, map.style, map.mark))
        case let .sequence(seq):
            var nodes = Array(seq)
            guard let index = Self.item(key, in: nodes) else {
                let names = nodes.compactMap { $0.mapping?["name"]?.string }
                throw error("\(here) has no item named '\(key)'\(Suggestion.hint(for: key, in: names))")
            }
            if resolved.isEmpty { resolved.append("[\(index)]") } else { resolved[resolved.count - 1] += "[\(index)]" }
            if keys.count == 1, removes {
                nodes.remove(at: index)
            } else {
                nodes[index] = try replacing(in: nodes[index], keys.dropFirst(), resolved: &resolved)
            }
            return .sequence(Node.Sequence(nodes, seq.tag, seq.style, seq.mark))
        default:
            throw error("\(here) is a single value; it has no key '\(key)'")
        }
    }
}

extension PlantOverride {
    /// The position of list item `key` in `nodes`: the item whose `name` it is, else the item at that position.
    static func item(_ key: String, in nodes: [Node]) -> Int? {
        if let i = nodes.firstIndex(where: { $0.mapping?["name"]?.string == key }) { return i }
        if let i = Int(key), nodes.indices.contains(i) { return i }
        return nil
    }

    /// The value at dotted `keyPath` in `root` (list items by `name` or position), or nil where the path leads nowhere.
    static func value(at keyPath: String, in root: Node) -> Node? {
        var node = root
        for key in keyPath.split(separator: ".", omittingEmptySubsequences: false).map(String.init) {
            switch node {
            case let .mapping(map):
                guard let next = map[key] else { return nil }
                node = next
            case let .sequence(seq):
                let nodes = Array(seq)
                guard let i = item(key, in: nodes) else { return nil }
                node = nodes[i]
            default:
                return nil
            }
        }
        return node
    }
}
