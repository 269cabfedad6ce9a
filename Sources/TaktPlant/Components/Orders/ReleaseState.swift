import TaktKernel

/// The release decision point's state: each source's rule, last colour and
/// its run, the released load's drift from the mix's average, and the
/// variants' loads (heaviest ±1) with their mix-weighted mean; and what the
/// release teacher weighs. Part of the orders' state (`OrderState.releasing`).
struct ReleaseState {
    let kinds: [LineModel.ReleaseKind]
    var lastColour: [Int16]
    var run: [Int]
    var drift: [Double]
    var lastLoad: [Double]
    let variantLoad: [Double]
    let meanLoad: Double
    /// Seconds of work per unit of load, the first colour changeover's mean time (over its matrix's changes), and the takt.
    let loadSeconds: Double
    let colourChangeSeconds: Double
    let taktSeconds: Double
    /// With a setup matrix at the first colour changeover, the mean time of each change (`[from][to]`), seconds.
    let colourChangeMatrix: [[Double]]?
    /// With a setup matrix, the cheapest change into each colour, seconds (made once: the teacher adds them up at every plan).
    let cheapestChangeInto: [Double]?

    /// Each source of `plant` before its first release.
    init(plant: PlantDescription) {
        kinds = plant.sources.map { source in
            switch source.releaseRule {
            case .fifo: .fifo
            case .colour: .colour
            case .spread: .spread
            case .oracle, .policy: .decided
            }
        }
        let sources = plant.sources.count
        lastColour = Array(repeating: -1, count: sources)
        run = Array(repeating: 0, count: sources)
        drift = Array(repeating: 0, count: sources)
        lastLoad = Array(repeating: 0, count: sources)
        // A variant's extra work in seconds, summed over the stations where it differs.
        let loads = plant.variants.map { variant in
            variant.work.reduce(0.0) { total, entry in
                let base = plant.stations[entry.key].process.mean
                switch entry.value {
                case let .factor(f): return total + (f - 1) * base
                case let .distribution(d): return total + d.mean - base
                }
            }
        }
        let heaviest = loads.map(abs).max() ?? 0
        let variantLoad = loads.map { heaviest > 0 ? $0 / heaviest : 0 }
        self.variantLoad = variantLoad
        meanLoad = zip(plant.variants, variantLoad).reduce(0) { $0 + $1.0.mix * $1.1 }
        loadSeconds = heaviest
        let firstColourChange = plant.stations.first { $0.changeover?.by == .colour }?.changeover
        colourChangeSeconds = firstColourChange?.meanTime ?? 0
        let matrix = firstColourChange?.meanTimes
        colourChangeMatrix = matrix
        cheapestChangeInto = matrix.map { m in m.indices.map { to in m.indices.filter { $0 != to }.map { m[$0][to] }.min() ?? 0 } }
        taktSeconds = plant.takt.map(Ticks.seconds) ?? 60
    }

    /// What the release teacher counts for a change from colour `from` to `to` (which differ), seconds.
    func colourChange(from: Int16, to: Int16) -> Double {
        colourChangeMatrix.map { $0[Int(from)][Int(to)] } ?? colourChangeSeconds
    }

    /// What the colours in `stranded` (a bit per colour) left in the bank
    /// cost at least, seconds: a change each, or with a setup matrix the
    /// cheapest change into each.
    func strandedCost(_ stranded: UInt64) -> Double {
        guard let cheapest = cheapestChangeInto else { return colourChangeSeconds * Double(stranded.nonzeroBitCount) }
        var cost = 0.0, rest = stranded
        while rest != 0 {
            cost += cheapest[rest.trailingZeroBitCount]
            rest &= rest - 1
        }
        return cost
    }
}
