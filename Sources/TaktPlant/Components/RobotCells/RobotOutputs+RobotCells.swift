/// A robot's failures and down time, and its preventive maintenance.
extension RobotOutputs {
    public static let failures = RobotOutput("failures", unit: "count", kind: .count, "Failures of the robot after warm-up.") { Double($0.failures) }
    public static let failed = RobotOutput("failed", unit: "share", "Share of measured time the robot was down (failed or under maintenance).") { $0.failed }
    public static let maintenances = RobotOutput("maintenances", unit: "count", kind: .count, "Preventive maintenances after warm-up.",
                                                 when: { $0.maintenance != nil }) { Double($0.maintenances) }

    static let fromRobotCells = [failures, failed]
    static let fromMaintenance = [maintenances]
}
