/// A station's sequence-dependent setups.
extension StationOutputs {
    public static let changeovers = StationOutput("changeovers", unit: "count", kind: .count, "Changeovers the station made.",
                                                  when: { $0.changeover != nil }) { Double($0.changeovers) }
    public static let changeoverShare = StationOutput("changeover_share", unit: "share", "Share of server time spent changing over.",
                                                      when: { $0.changeover != nil }) { $0.changeoverShare }

    static let fromChangeovers = [changeovers, changeoverShare]
}
