import CYaml

/// Bounds what a YAML text may grow into before it is composed into nodes.
///
/// Composing follows aliases: `*a` stands for a copy of everything anchored
/// `&a`, so a few lines of nested anchors ("billion laughs") describe a
/// document of billions of values, which the reader would walk and Yams
/// would hash (a mapping's keys are checked for duplicates). This pass reads
/// libyaml's events once, counts each anchor's expanded size and the depth,
/// and stops at the first event past a limit, with its line, column and key
/// path. It also stops at a key a mapping repeats, which the composer would
/// report at the mapping, without the key's place or path. Syntax errors
/// are left to the composer, which reports them.
struct YAMLBudget {
    /// Most values (scalars, lists and mappings) a document may hold with its aliases expanded.
    var maxValues = 1_000_000
    /// Deepest nesting of lists and mappings.
    var maxDepth = 100

    /// Where the text went over a limit (or repeated a key), and which.
    struct Exceeded: Error, Equatable {
        var line: Int
        var column: Int
        var keyPath: String
        var message: String
    }

    /// One open list or mapping: which of its values is being read.
    private struct Open {
        var anchor: String?
        var valuesBefore: Int
        var isMapping: Bool
        var awaitingKey = true
        var key = ""
        var index = 0
        /// A mapping's keys so far, each with its line and column.
        var keys: [String: (line: Int, column: Int)] = [:]

        /// Moves past one whole value: a mapping from a key to its value or on to the next key, a list to its next element.
        mutating func advance() {
            if isMapping { awaitingKey.toggle() } else { index += 1 }
        }

        /// The key path of the value about to be read inside the collections `open`, outermost first.
        ///
        /// Made only for an error: kept per level, paths would cost the depth
        /// squared in copies on a deep hostile text.
        static func keyPath(_ open: [Open]) -> String {
            var path = ""
            for level in open {
                if level.isMapping {
                    path += path.isEmpty ? level.key : ".\(level.key)"
                } else {
                    path += "[\(level.index)]"
                }
            }
            return path
        }
    }

    /// Throws where `text` goes over a limit; returns when it stays within them or does not parse.
    func check(_ text: String) throws(Exceeded) {
        guard !text.isEmpty else { return }  // libyaml asserts its input is not NULL
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var text = text
        // The text's own bytes, not a copy (`withUTF8` rethrows untyped: the outcome is carried out).
        let outcome = text.withUTF8 { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            return Result { () throws(Exceeded) in try walk(&parser) }
        }
        try outcome.get()
    }

    private func walk(_ parser: inout yaml_parser_t) throws(Exceeded) {
        var sizes: [String: Int] = [:]  // an anchor's expanded size, in values
        var open: [Open] = []
        var values = 0
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return }
            defer { yaml_event_delete(&event) }
            let mark = event.start_mark
            func fail(_ message: String) -> Exceeded {
                Exceeded(line: mark.line + 1, column: mark.column + 1, keyPath: Open.keyPath(open), message: message)
            }
            var added = 0
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_SCALAR_EVENT:
                added = 1
                if let anchor = Self.text(event.data.scalar.anchor) { sizes[anchor] = 1 }
                if let top = open.indices.last, open[top].isMapping, open[top].awaitingKey {
                    // A key path names keys, not whole texts: a long key is cut (a nested path is kept per level).
                    open[top].key = Self.text(event.data.scalar.value, length: min(event.data.scalar.length, 80)) ?? ""
                    let key = Self.text(event.data.scalar.value, length: event.data.scalar.length) ?? ""
                    if let first = open[top].keys[key] {
                        throw fail("duplicate key '\(open[top].key)': the mapping has it already at line \(first.line), column \(first.column)")
                    }
                    open[top].keys[key] = (mark.line + 1, mark.column + 1)
                }
            case YAML_ALIAS_EVENT:
                added = Self.text(event.data.alias.anchor).flatMap { sizes[$0] } ?? 1
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                guard open.count < maxDepth else { throw fail("lists and mappings are nested more than \(maxDepth) levels deep") }
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let anchor = Self.text(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
                open.append(Open(anchor: anchor, valuesBefore: values, isMapping: isMapping))
                values += 1
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let closed = open.popLast() else { continue }
                if let anchor = closed.anchor { sizes[anchor] = values - closed.valuesBefore }
            default:
                continue
            }
            values += added
            guard values <= maxValues else {
                throw fail("the document grows past \(maxValues) values when its aliases are expanded; anchors (&name) and aliases (*name) "
                    + "are for repeating a small part, not for building huge documents")
            }
            // A scalar, an alias or a closed collection is one whole value of its parent.
            if event.type != YAML_SEQUENCE_START_EVENT, event.type != YAML_MAPPING_START_EVENT, !open.isEmpty {
                open[open.count - 1].advance()
            }
        }
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int) -> String? {
        pointer.map { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) }
    }
}
