import Foundation

/// A constant tensor of an ONNX graph (an initializer or a `Constant` node's
/// value), its numbers widened to Double: floats, doubles and the integer
/// types quantized models use.
struct ONNXTensor {
    /// ONNX's `TensorProto.DataType` codes Takt reads.
    enum DataType: Int32 {
        case float = 1, uint8 = 2, int8 = 3, int32 = 6, int64 = 7, double = 11

        var byteWidth: Int {
            switch self {
            case .uint8, .int8: 1
            case .float, .int32: 4
            case .int64, .double: 8
            }
        }

        /// The integer range, for quantized types.
        var integerRange: ClosedRange<Double>? {
            switch self {
            case .uint8: 0...255
            case .int8: -128...127
            case .int32: -2_147_483_648...2_147_483_647
            default: nil
            }
        }
    }

    /// Most elements one tensor may hold (64 MiB of floats).
    static let maxElements = 1 << 24

    var name: String
    var type: DataType
    var dims: [Int]
    var values: [Double]

    var count: Int { values.count }
    /// The values as Float.
    var floats: [Float] { values.map { Float($0) } }
    /// The single value of a scalar (or one-element) tensor.
    var scalar: Double? { values.count == 1 ? values[0] : nil }

    /// Decodes `t`; `fail` makes the error (untrusted input: shapes, sizes and types are checked).
    init(_ t: Onnx_TensorProto, _ fail: (String) -> PolicyFileError) throws(PolicyFileError) {
        name = t.name
        guard t.dataLocation == 0, t.externalData.isEmpty else {
            throw fail("initializer '\(t.name)' keeps its data in an external file; save the model with the weights inside")
        }
        guard t.dims.count <= 8, t.dims.allSatisfy({ $0 >= 0 && $0 <= Int64(Self.maxElements) }) else {
            throw fail("initializer '\(t.name)' has an impossible shape \(t.dims)")
        }
        dims = t.dims.map { Int($0) }
        var count = 1
        for d in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= Self.maxElements else { throw fail("initializer '\(t.name)' has more than \(Self.maxElements) elements") }
            count = product
        }
        guard let type = DataType(rawValue: t.dataType) else {
            throw fail("initializer '\(t.name)' has ONNX data type \(t.dataType); Takt reads float (1), double (11), int8 (3), uint8 (2), int32 (6) and int64 (7)")
        }
        self.type = type
        if !t.rawData.isEmpty {
            guard t.rawData.count == count * type.byteWidth else {
                throw fail("initializer '\(t.name)' has \(t.rawData.count) bytes of data for \(count) values of \(type.byteWidth) bytes")
            }
            values = t.rawData.withUnsafeBytes { raw in
                (0..<count).map { i -> Double in
                    let at = i * type.byteWidth
                    switch type {
                    case .float: return Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))))
                    case .double: return Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
                    case .uint8: return Double(raw[at])
                    case .int8: return Double(Int8(bitPattern: raw[at]))
                    case .int32: return Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int32.self)))
                    case .int64: return Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int64.self)))
                    }
                }
            }
        } else {
            switch type {
            case .float: values = t.floatData.map { Double($0) }
            case .double: values = t.doubleData
            case .uint8, .int8, .int32: values = t.int32Data.map { Double($0) }
            case .int64: values = t.int64Data.map { Double($0) }
            }
        }
        guard values.count == count else { throw fail("initializer '\(t.name)' has \(values.count) values for shape \(dims)") }
        if let range = type.integerRange, !values.allSatisfy({ range.contains($0) }) {
            throw fail("initializer '\(t.name)' has a value outside the range of its type")
        }
    }

    /// A float tensor made by the importer (a folded dequantization).
    init(name: String, dims: [Int], values: [Double]) {
        self.name = name
        type = .float
        self.dims = dims
        self.values = values
    }
}
