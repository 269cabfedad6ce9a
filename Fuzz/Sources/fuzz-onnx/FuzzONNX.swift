import FuzzSupport
import TaktPolicy

/// ONNX model bytes: decode the protobuf and import an MLP or a tree ensemble.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzONNX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? ONNXImport.model(from: FuzzInput(data, size).data, path: "fuzz.onnx", features: 16)
    return 0
}

@main
enum FuzzONNX {
    static func main() { runFuzzer(fuzzONNX) }
}
