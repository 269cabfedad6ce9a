import FuzzSupport
import TaktPolicy

/// Policy-file JSON: decode and check format, shapes, ranges and checksum.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicyFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? PolicyFile.decode(FuzzInput(data, size).data, path: "fuzz.json")
    return 0
}

@main
enum FuzzPolicyFile {
    static func main() { runFuzzer(fuzzPolicyFile) }
}
