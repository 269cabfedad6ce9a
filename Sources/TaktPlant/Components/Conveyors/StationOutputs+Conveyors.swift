/// A station fed by a conveyor.
extension StationOutputs {
    public static let conveyorFill = StationOutput("conveyor_fill", unit: "share",
                                                   "Time-average share of the conveyor's places taken (its jobs over length ÷ pitch).",
                                                   when: { $0.conveyor != nil }) { $0.conveyorFill }
    public static let conveyorBackedUp = StationOutput("conveyor_backed_up", unit: "share",
                                                       "Share of measured time a job waited at the conveyor's end (a non-accumulating conveyor stands still meanwhile).",
                                                       when: { $0.conveyor != nil }) { $0.conveyorBackedUp }

    static let fromConveyors = [conveyorFill, conveyorBackedUp]
}
