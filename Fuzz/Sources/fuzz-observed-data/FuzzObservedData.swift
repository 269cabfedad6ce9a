import FuzzSupport
import TaktFit
import TaktPlant

/// Observed data for `takt fit`: CSV text read as a column of durations and as a log of
/// date-times grouped by another column (its gaps, and its up-times after a downtime column up
/// to an hour after its last event, the open ones censored), then summarized and fitted (a small
/// bootstrap).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzObservedData(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = String(validating: FuzzInput(data, size).data, as: UTF8.self) else { return 0 }
    var samples: [ObservedSample] = []
    if let column = try? NumberColumn.read(csvText: text, column: nil) { samples += [try? ObservedSample(column.values)].compactMap { $0 } }
    if let column = try? NumberColumn.read(csvText: text, column: "t", cells: .timestamps(numberUnit: 60), alongside: ["g", "d"]) {
        let downtimes = column.companions["d"]!.map { Double($0).map { $0.isFinite ? abs($0) : 0 } ?? 0 }
        let open = column.gaps(group: column.companions["g"], until: column.values.max()! + 3600, downtimes: downtimes)
        samples += [try? ObservedSample(column.values), try? ObservedSample(column.gaps(group: column.companions["g"]).values),
                    try? ObservedSample(open.values, censored: open.censored, limits: open.limits)].compactMap { $0 }
    }
    for line in text.split(separator: "\n").prefix(4) { _ = TimestampText.seconds(String(line)) }
    for sample in samples {
        let fit = DistributionFit(sample, bootstrap: 2, seed: 1)
        for candidate in fit.candidates {
            if let model = candidate.model { _ = DistributionText.yaml(model.kind(unit: 60)) }
        }
    }
    return 0
}

@main
enum FuzzObservedData {
    static func main() { runFuzzer(fuzzObservedData) }
}
