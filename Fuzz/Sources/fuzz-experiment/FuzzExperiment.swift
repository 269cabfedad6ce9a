import FuzzSupport
import TaktPlant

/// Experiment YAML, as if it were a file in Plants/experiments/ (so `plant: ../xiaomi-ev.yaml` loads a real plant).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExperiment(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = FuzzPaths.repository.appendingPathComponent("Plants/experiments/fuzz.yaml").path
    _ = try? ExperimentLoader.parse(yaml: FuzzInput(data, size).text, file: file)
    return 0
}

@main
enum FuzzExperiment {
    static func main() { runFuzzer(fuzzExperiment) }
}
