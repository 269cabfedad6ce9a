import FuzzSupport
import TaktPlant

/// Plant YAML: parse and validate; errors are expected, crashes, hangs and blow-ups are not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPlant(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? PlantLoader.parse(yaml: FuzzInput(data, size).text, file: "fuzz.yaml", directory: FuzzPaths.emptyFolder)
    return 0
}

@main
enum FuzzPlant {
    static func main() { runFuzzer(fuzzPlant) }
}
