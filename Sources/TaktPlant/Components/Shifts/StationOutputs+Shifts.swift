/// Time a station's servers spend off shift.
extension StationOutputs {
    public static let offShift = StationOutput("off_shift", unit: "share", batch: .time, "Share of server time off shift (not failed).") { $0.offShift }

    static let fromShifts = [offShift]
}
