/// The protocol's hot messages at the byte level: a `decide` request written
/// into a reused buffer, and the usual answers `{"id": N, "action": K}` and
/// `{"actions": [K, ...]}` read without a JSON library. Anything else in an
/// answer goes to the full readers, which name what is wrong.
struct RequestWriter {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1024) }

    mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(utf8 text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func append(bytes more: [UInt8]) { bytes.append(contentsOf: more) }

    /// A `decide` object, without a newline: `replication` only in batches, `figures` only when asked for.
    mutating func appendDecide(id: Int, replication: Int?, time: Double, features: UnsafeBufferPointer<Float>,
                               mask: UnsafeBufferPointer<Bool>, figures: [(key: String, value: Double)]?) {
        append("{\"type\":\"decide\",\"id\":")
        append(id)
        if let replication {
            append(",\"replication\":")
            append(replication)
        }
        append(",\"time_s\":")
        append(time)
        append(",\"features\":[")
        for (i, x) in features.enumerated() {
            if i > 0 { append(",") }
            append(x)
        }
        append("],\"mask\":[")
        for (i, allowed) in mask.enumerated() {
            if i > 0 { append(",") }
            if allowed { append("true") } else { append("false") }
        }
        append("]")
        appendFigures(figures)
        append("}")
    }

    /// An `end` object, without a newline.
    mutating func appendEnd(replication: Int?, time: Double, figures: [(key: String, value: Double)]?) {
        append("{\"type\":\"end\"")
        if let replication {
            append(",\"replication\":")
            append(replication)
        }
        append(",\"time_s\":")
        append(time)
        appendFigures(figures)
        append("}")
    }

    /// `,"figures":{...}`, or nothing for nil.
    private mutating func appendFigures(_ figures: [(key: String, value: Double)]?) {
        guard let figures else { return }
        append(",\"figures\":{")
        for (k, pair) in figures.enumerated() {
            if k > 0 { append(",") }
            append("\"")
            append(utf8: pair.key)
            append("\":")
            append(pair.value)
        }
        append("}")
    }

    mutating func append(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            append(UInt64(-value))
        } else {
            append(UInt64(value))
        }
    }

    private mutating func append(_ value: UInt64) {
        guard value >= 10 else {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        append(value / 10)
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// A finite number in JSON; whole numbers without a fraction, others as Swift prints
    /// them (the shortest form that reads back to the same value). Non-finite as 0.
    mutating func append(_ x: Float) {
        guard x.isFinite else { return bytes.append(UInt8(ascii: "0")) }
        if x == x.rounded(), abs(x) < 1e9 { return append(Int(x)) }
        // A Float's description fits a small string: no allocation.
        var text = x.description
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ x: Double) {
        guard x.isFinite else { return bytes.append(UInt8(ascii: "0")) }
        if x == x.rounded(), abs(x) < 1e15 { return append(Int(x)) }
        var text = x.description
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }
}

/// A cursor over one answer line, for the hand-written readers below.
private struct ByteScanner {
    let line: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ line: UnsafeBufferPointer<UInt8>) { self.line = line }

    /// True once only spaces are left.
    mutating func atEnd() -> Bool {
        skipSpace()
        return i == line.count
    }

    mutating func skipSpace() { while i < line.count, line[i] == 0x20 || line[i] == 0x09 || line[i] == 0x0D { i += 1 } }

    /// Takes `c` after any spaces; false when something else comes.
    mutating func expect(_ c: UInt8) -> Bool {
        skipSpace()
        guard i < line.count, line[i] == c else { return false }
        i += 1
        return true
    }

    /// The quoted key that comes next, as its bytes' range; nil when none does.
    mutating func key() -> Range<Int>? {
        guard expect(UInt8(ascii: "\"")) else { return nil }
        let start = i
        while i < line.count, line[i] != UInt8(ascii: "\"") { i += 1 }
        guard i < line.count else { return nil }
        i += 1
        return start..<(i - 1)
    }

    func isKey(_ range: Range<Int>, _ name: StaticString) -> Bool {
        name.withUTF8Buffer { name in range.count == name.count && zip(line[range], name).allSatisfy { $0 == $1 } }
    }

    /// A whole number of at most 15 digits (negative if `signed`), not followed by a fraction or exponent.
    mutating func integer(signed: Bool) -> Int? {
        skipSpace()
        var negative = false
        if signed, i < line.count, line[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        let start = i
        var value = 0
        while i < line.count, Self.isDigit(line[i]), i - start < 15 {
            value = value * 10 + Int(line[i] - UInt8(ascii: "0"))
            i += 1
        }
        guard i > start, i == line.count || !(Self.isDigit(line[i]) || line[i] == UInt8(ascii: ".") || line[i] == UInt8(ascii: "e")
                                               || line[i] == UInt8(ascii: "E")) else { return nil }
        return negative ? -value : value
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
}

/// Reads `{"id": N, "action": K}` (keys in either order, spaces anywhere
/// JSON allows them); nil for anything else.
func scanAnswer(_ line: UnsafeBufferPointer<UInt8>) -> (id: Int, action: Int)? {
    var scanner = ByteScanner(line)
    guard scanner.expect(UInt8(ascii: "{")) else { return nil }
    var id: Int?, action: Int?
    for pair in 0..<2 {
        if pair == 1, !scanner.expect(UInt8(ascii: ",")) { return nil }
        guard let key = scanner.key(), scanner.expect(UInt8(ascii: ":")), let value = scanner.integer(signed: true) else { return nil }
        if scanner.isKey(key, "id") {
            guard id == nil else { return nil }
            id = value
        } else if scanner.isKey(key, "action") {
            guard action == nil else { return nil }
            action = value
        } else {
            return nil
        }
    }
    guard scanner.expect(UInt8(ascii: "}")), scanner.atEnd(), let id, let action else { return nil }
    return (id, action)
}

/// Reads `{"actions": [K, ...]}` (whole numbers ≥ 0) into `actions`, emptied first; false for anything else.
func scanActions(_ line: UnsafeBufferPointer<UInt8>, into actions: inout [Int]) -> Bool {
    actions.removeAll(keepingCapacity: true)
    var scanner = ByteScanner(line)
    guard scanner.expect(UInt8(ascii: "{")), let key = scanner.key(), scanner.isKey(key, "actions"),
          scanner.expect(UInt8(ascii: ":")), scanner.expect(UInt8(ascii: "[")) else { return false }
    if !scanner.expect(UInt8(ascii: "]")) {
        repeat {
            // The full reader explains anything else.
            guard let action = scanner.integer(signed: false) else { return false }
            actions.append(action)
        } while scanner.expect(UInt8(ascii: ","))
        guard scanner.expect(UInt8(ascii: "]")) else { return false }
    }
    return scanner.expect(UInt8(ascii: "}")) && scanner.atEnd()
}
