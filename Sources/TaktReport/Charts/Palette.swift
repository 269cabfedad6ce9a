/// The report's colours: distinguishable for colour-blind readers (Okabe–Ito)
/// and dark enough to print.
enum Palette {
    /// One colour per group, the baseline first.
    static let groups = ["#222222", "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C6D31", "#7F7F7F", "#4B0092"]

    /// The colour of group `i`.
    static func group(_ i: Int) -> String { groups[i % groups.count] }

    /// Station states, in stacking order.
    static let states: [String: String] = [
        "working": "#4E9A55", "setup": "#9D6FB3", "starved": "#E8C547", "blocked": "#EE8B3A", "failed": "#D64545", "off shift": "#CFCFCF",
        "waiting for workers": "#56B4E9",
    ]

    /// A significant difference for the better or the worse; a non-significant one.
    static let better = "#1A7F37"
    static let worse = "#C62828"
    static let neutral = "#6E6E6E"
    static let grid = "#E3E3E3"
    static let axis = "#555555"
}
