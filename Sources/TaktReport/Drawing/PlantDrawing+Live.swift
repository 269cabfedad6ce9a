import TaktPlant

extension PlantDrawing {
    /// A lamp per server along the bottom of a station's box, lit by a player in the colour of the server's state.
    func drawLamps(station s: Int, at p: PlantLayout.Place, _ svg: inout SVG) {
        let m = layout.metrics
        let first = plant.stations[..<s].reduce(0) { $0 + $1.servers }, count = plant.stations[s].servers
        let width = (m.boxWidth - 14) / Double(count), gap = width > 4 ? 1.0 : 0
        for i in 0..<count {
            svg.rect(x: p.x + 7 + Double(i) * width, y: p.y + m.boxHeight - 12, width: width - gap, height: 7,
                     [("fill", "#FFFFFF"), ("stroke", "#BBBBBB"), ("stroke-width", "0.5"), ("data-server", "\(first + i)")],
                     tooltip: "\(plant.stations[s].name), server \(i + 1) of \(count)")
        }
    }

    /// A gauge of the kits on hand at a kitted station, upright along the right edge of its box, filled by a player.
    func drawKitGauge(station s: Int, at p: PlantLayout.Place, _ svg: inout SVG) {
        guard let kits = plant.stations[s].kits else { return }
        let m = layout.metrics
        let x = p.x + m.boxWidth - 6, top = p.y + 19, height = m.boxHeight - 34
        svg.rect(x: x, y: top, width: 4, height: height, [("fill", "#FFFFFF"), ("stroke", "#BBBBBB"), ("stroke-width", "0.5")],
                 tooltip: "\(plant.stations[s].name): kits on hand, of \(kits.reorderAt + kits.size)")
        svg.rect(x: x, y: top + height, width: 4, height: 0,
                 [("fill", "#009E73"), ("data-kits", "\(s)"), ("data-bottom", SVG.number(top + height)), ("data-full", SVG.number(height))])
    }
}
