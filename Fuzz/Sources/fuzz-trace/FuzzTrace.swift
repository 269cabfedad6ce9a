import FuzzSupport
import TaktPlant

/// Event-trace bytes: the header, then every record to the end or the first damage.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTrace(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let reader = try? TraceReader(data: FuzzInput(data, size).data, name: "fuzz.trace") else { return 0 }
    while let record = try? reader.next() { _ = record.description }
    return 0
}

@main
enum FuzzTrace {
    static func main() { runFuzzer(fuzzTrace) }
}
