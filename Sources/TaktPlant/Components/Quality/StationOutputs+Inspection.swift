/// What an inspecting station finds.
extension StationOutputs {
    public static let defects = StationOutput("defects", unit: "jobs", kind: .count, "Jobs found defective here and sent to rework.",
                                              when: { $0.quality != nil }) { Double($0.defects) }

    static let fromInspection = [defects]
}
