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
}
