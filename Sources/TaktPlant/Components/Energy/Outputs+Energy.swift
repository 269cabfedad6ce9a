/// Electrical energy, for stations and robots the plant gives a `power`.
extension StationOutputs {
    public static let energy = StationOutput("energy_kwh", unit: "kWh", "Electrical energy drawn by the station's servers and robots.",
                                             when: { $0.power != nil || $0.robots?.power != nil }) { $0.energyKWh }

    static let fromEnergy = [energy]
}

extension RobotOutputs {
    public static let energy = RobotOutput("energy_kwh", unit: "kWh", "Electrical energy the robot drew.",
                                           when: { $0.power != nil }) { $0.energyKWh }

    static let fromEnergy = [energy]
}
