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

    /// Where a fleet's vehicles stop at a kitted station: a point above the middle of its box (`data-stop`), for a player.
    func drawVehicleStop(station s: Int, at p: PlantLayout.Place, _ svg: inout SVG) {
        guard plant.stations[s].kits != nil else { return }
        svg.circle(cx: p.x + layout.metrics.boxWidth / 2, cy: p.y - 5, r: 0, [("fill", "none"), ("data-stop", "\(s)")])
    }

    /// Height of the yard under a played-back drawing of a plant with fleets.
    var yardHeight: Double { live && !plant.fleets.isEmpty ? 58 : 0 }

    /// The yard under a played-back drawing: each fleet's depot and, when its vehicles charge, its charger
    /// (`data-depot`, `data-charger`: their middles), and the layer a player draws the vehicles in (`data-vehicles`, on top).
    func drawYard(_ svg: inout SVG) {
        guard yardHeight > 0 else { return }
        let y = layout.height + 10, width = 170.0, height = 40.0
        var x = 20.0
        func glyph(_ label: String, _ key: String, fleet f: Int, tooltip: String) {
            svg.rect(x: x, y: y, width: width, height: height, [("rx", "6"), ("fill", "#F5F1E6"), ("stroke", "#8C7A4F"), ("stroke-width", "1")],
                     tooltip: tooltip)
            svg.text(Self.fit(label, width: width - 12, size: 11), x: x + 6, y: y + 13, [("class", "badge")])
            svg.circle(cx: x + width / 2, cy: y + height / 2 + 5, r: 0, [("fill", "none"), (key, "\(f)")])
            x += width + 20
        }
        for (f, fleet) in plant.fleets.enumerated() {
            glyph("\(fleet.name): depot \(fleet.depot)", "data-depot", fleet: f, tooltip: "fleet \(fleet.name): its \(fleet.vehicles) vehicles load kits here")
            if fleet.battery != nil {
                glyph("\(fleet.name): charger", "data-charger", fleet: f, tooltip: "fleet \(fleet.name): its vehicles charge here")
            }
        }
        svg.raw("<g data-vehicles=\"\"></g>")
    }
}
