/// A load station's carrier loop.
extension StationOutputs {
    public static let carriersInUse = StationOutput("carriers_in_use", unit: "share",
                                                    "Time-average share of the station's carriers in use (loaded, or on their way back).",
                                                    when: { $0.carriers != nil }) { $0.carriersInUse }
    public static let carrierShortage = StationOutput("carrier_shortage", unit: "share",
                                                      "Share of measured time the station had no free carrier.",
                                                      when: { $0.carriers != nil }) { $0.carrierShortage }
    public static let carrierCycle = StationOutput("carrier_cycle_s", unit: "s",
                                                   "Mean time from loading a carrier to its being free at the station again.",
                                                   when: { $0.carriers != nil }) { $0.carrierCycle }

    static let fromCarriers = [carriersInUse, carrierShortage, carrierCycle]
}
