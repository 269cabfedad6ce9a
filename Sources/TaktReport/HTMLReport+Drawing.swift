/// The drawing of the plant, each station showing how its time was spent.
extension HTMLReport {
    static func drawingSection(_ r: Report) -> String {
        let base = r.groups[r.baseline]
        guard let plant = base.plant else {
            return section("plant", "The plant", paragraph(base.plantNote ?? "The plant is not drawn."))
        }
        let drawing = PlantDrawing(plant, columns: 4, states: base.stations)
        let caption = "Sources, stations with their buffers, and sinks along the flow, in rows that snake like the line on the floor "
            + "(every other row runs right to left); feeder lines under the station they feed, rework dashed, shops shaded. "
            + (base.stations.isEmpty ? "" : "The bar in each box: how the station's time went in \(base.name), means over the replications; "
                + "the outlined box: the station most often the bottleneck. ")
            + "Hover a box for its details; takt draw draws a plant file alone."
        return section("plant", "The plant", (base.plantNote.map { paragraph($0, "note") } ?? "")
                       + chartBlock("Drawing of plant \(plant.name)", drawing.svg(id: "plant"), caption: caption))
    }
}
