/// A station's share in the plant's bottleneck, by the active-period method.
extension StationOutputs {
    public static let bottleneckSole = StationOutput("bottleneck_sole", unit: "share",
                                                     "Share of on-shift time the station was the sole bottleneck.") { $0.bottleneckSole }
    public static let bottleneckShifting = StationOutput("bottleneck_shifting", unit: "share",
                                                         "Share of on-shift time the station was a shifting bottleneck.") { $0.bottleneckShifting }

    static let fromBottlenecks = [bottleneckSole, bottleneckShifting]
}
