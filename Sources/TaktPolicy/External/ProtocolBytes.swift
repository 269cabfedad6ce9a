/// The protocol's hot messages at the byte level: a `decide` request written
/// into a reused buffer, and the usual answer `{"id": N, "action": K}` read
/// without a JSON library. Anything else in an answer goes to the full
/// reader in `ExternalPolicy`, which names what is wrong.
struct RequestWriter {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1024) }

    mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(utf8 text: String) { bytes.append(contentsOf: text.utf8) }

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

/// Reads `{"id": N, "action": K}` (keys in either order, spaces anywhere
/// JSON allows them); nil for anything else.
func scanAnswer(_ line: UnsafeBufferPointer<UInt8>) -> (id: Int, action: Int)? {
    var i = 0
    let n = line.count
    func skipSpace() { while i < n, line[i] == 0x20 || line[i] == 0x09 || line[i] == 0x0D { i += 1 } }
    func expect(_ c: UInt8) -> Bool {
        skipSpace()
        guard i < n, line[i] == c else { return false }
        i += 1
        return true
    }
    func key() -> UInt8? {  // "i" for id, "a" for action
        guard expect(UInt8(ascii: "\"")) else { return nil }
        let start = i
        while i < n, line[i] != UInt8(ascii: "\"") { i += 1 }
        guard i < n else { return nil }
        let length = i - start
        i += 1
        if length == 2, line[start] == UInt8(ascii: "i"), line[start + 1] == UInt8(ascii: "d") { return UInt8(ascii: "i") }
        if length == 6, line[start] == UInt8(ascii: "a"), line[start + 1] == UInt8(ascii: "c"), line[start + 2] == UInt8(ascii: "t"),
           line[start + 3] == UInt8(ascii: "i"), line[start + 4] == UInt8(ascii: "o"), line[start + 5] == UInt8(ascii: "n") { return UInt8(ascii: "a") }
        return nil
    }
    func integer() -> Int? {
        skipSpace()
        var negative = false
        if i < n, line[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        let start = i
        var value = 0
        while i < n, line[i] >= UInt8(ascii: "0"), line[i] <= UInt8(ascii: "9"), i - start < 15 {
            value = value * 10 + Int(line[i] - UInt8(ascii: "0"))
            i += 1
        }
        guard i > start, i == n || !(line[i] >= UInt8(ascii: "0") && line[i] <= UInt8(ascii: "9") || line[i] == UInt8(ascii: ".")
                                      || line[i] == UInt8(ascii: "e") || line[i] == UInt8(ascii: "E")) else { return nil }
        return negative ? -value : value
    }
    guard expect(UInt8(ascii: "{")) else { return nil }
    var id: Int?, action: Int?
    for pair in 0..<2 {
        if pair == 1, !expect(UInt8(ascii: ",")) { return nil }
        guard let k = key(), expect(UInt8(ascii: ":")), let value = integer() else { return nil }
        if k == UInt8(ascii: "i") {
            guard id == nil else { return nil }
            id = value
        } else {
            guard action == nil else { return nil }
            action = value
        }
    }
    guard expect(UInt8(ascii: "}")) else { return nil }
    skipSpace()
    guard i == n, let id, let action else { return nil }
    return (id, action)
}
