/// JSON text written byte by byte, for the rows the store keeps as JSON
/// (bins, packed rows).
///
/// Written by hand, not through string interpolation or `JSONEncoder`:
/// turning each value into strings and joining them was a fifth of the
/// writer thread's time on short replications. Numbers read as Swift writes
/// them (`"\(value)"`), and SQLite reads them back to the same bits.
struct JSONBytes {
    private var bytes: [UInt8] = []

    init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    /// The text written so far.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends one ASCII character (punctuation: `{`, `,`, `:`, …).
    mutating func append(_ character: Unicode.Scalar) {
        bytes.append(UInt8(ascii: character))
    }

    /// Appends the decimal digits of `value`, the first first.
    mutating func integer(_ value: Int64) {
        if value < 0 { append("-") }
        let magnitude = value.magnitude
        var unit: UInt64 = 1
        while magnitude / unit >= 10 { unit *= 10 }
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude / unit % 10))
            unit /= 10
        } while unit > 0
    }

    /// Appends `value` as `Double.description` writes it, or `null` when it is not finite (JSON has no NaN).
    mutating func real(_ value: Double) {
        guard value.isFinite else { return null() }
        if value == value.rounded(), value.magnitude < 1e15, value != 0 || value.sign == .plus {
            integer(Int64(value))
            append(".")
            append("0")
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    /// Appends `text` as a JSON string: quoted, with quotes, backslashes and control characters escaped.
    mutating func string(_ text: String) {
        append("\"")
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                append("\\")
                bytes.append(byte)
            case 0..<0x20:
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default:
                bytes.append(byte)
            }
        }
        append("\"")
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `null`.
    mutating func null() {
        bytes.append(contentsOf: "null".utf8)
    }

    /// Appends a column's value: a number, a string or `null`.
    mutating func value(_ value: StoreValue) {
        switch value {
        case .integer(let v): integer(v)
        case .real(let v): real(v)
        case .text(let v): string(v)
        case .null: null()
        }
    }
}
