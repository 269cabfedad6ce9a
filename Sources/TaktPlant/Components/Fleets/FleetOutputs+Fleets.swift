/// A vehicle fleet's deliveries and how its vehicles spend their time.
extension FleetOutputs {
    public static let deliveries = FleetOutput("deliveries", unit: "count", kind: .count, "Kit deliveries completed.") { Double($0.deliveries) }
    public static let meanResponse = FleetOutput("mean_response_s", unit: "s", "Mean time from a station's request to the delivery.") { $0.meanResponse }
    public static let idle = FleetOutput("idle", unit: "share", "Share of vehicle time idle.") { $0.idle }
    public static let busy = FleetOutput("busy", unit: "share", "Share of vehicle time on trips.") { $0.busy }
    public static let charging = FleetOutput("charging", unit: "share", "Share of vehicle time charging, the drive to the charger included.",
                                             when: { $0.battery != nil }) { $0.charging }
    public static let charges = FleetOutput("charges", unit: "count", kind: .count, "Charges completed.",
                                            when: { $0.battery != nil }) { Double($0.charges) }

    static let fromFleets = [deliveries, meanResponse, idle, busy, charging, charges]
}
