/// A kitted station's supply of part kits.
extension StationOutputs {
    public static let kitStockout = StationOutput("kit_stockout", unit: "share", "Share of measured time the station had no kit.",
                                                  when: { $0.kits != nil }) { $0.kitStockout }
    public static let kitShortages = StationOutput("kit_shortages", unit: "count", kind: .count,
                                                   "Deliveries that reached the station after its kits had run out.",
                                                   when: { $0.kits != nil }) { Double($0.kitShortages) }

    static let fromKits = [kitStockout, kitShortages]
}
