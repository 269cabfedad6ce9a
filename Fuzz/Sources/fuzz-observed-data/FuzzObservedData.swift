import FuzzSupport
import TaktFit
import TaktPlant

/// Observed data for `takt fit`: CSV text read as a column of durations and as a log of
/// date-times grouped by another column, then summarized and fitted (a small bootstrap).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzObservedData(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = String(validating: FuzzInput(data, size).data, as: UTF8.self) else { return 0 }
    var columns: [NumberColumn] = []
    if let column = try? NumberColumn.read(csvText: text, column: nil) { columns.append(column) }
    if let column = try? NumberColumn.read(csvText: text, column: "t", cells: .timestamps(numberUnit: 60), groupBy: "g") {
        columns.append(column)
        _ = column.gaps()
    }
    for line in text.split(separator: "\n").prefix(4) { _ = TimestampText.seconds(String(line)) }
    for column in columns {
        for values in [column.values, column.gaps()] {
            guard let sample = try? ObservedSample(values) else { continue }
            let fit = DistributionFit(sample, bootstrap: 2, seed: 1)
            for candidate in fit.candidates {
                if let model = candidate.model { _ = DistributionText.yaml(model.kind(unit: 60)) }
            }
        }
    }
    return 0
}

@main
enum FuzzObservedData {
    static func main() { runFuzzer(fuzzObservedData) }
}
