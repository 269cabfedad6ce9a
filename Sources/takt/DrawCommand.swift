import ArgumentParser
import Foundation
import TaktPlant
import TaktReport

/// `takt draw PLANT`: a drawing of the plant's layout as SVG.
struct DrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draw",
        abstract: "Draw a plant file: stations, buffers, routes, shops and decision sites, as SVG.",
        discussion: """
            Stations are laid out along the flow, in rows that snake like a line on a \
            shop floor (every other row runs right to left); feeder lines sit under the \
            station they feed, rework loops are dashed, shops are shaded. Hover a box in a \
            browser for its details. `takt report` draws the same with each station's \
            states from the runs. Exits with 2 for a bad plant file or an output that \
            cannot be written.
            """
    )

    @Argument(help: "The plant file (YAML).")
    var plant: String

    @Option(name: [.short, .long], help: "The SVG file to write ('-': standard output; default: the plant's name with .svg, in the current folder).")
    var out: String?

    @OptionGroup var layout: LayoutOptions

    @OptionGroup var plantChanges: OverrideOptions

    func run() throws {
        let columns = try layout.checked()
        let description = try loadPlant(plant, plantChanges)
        let drawing = PlantDrawing(description, columns: columns)
        let svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + drawing.svg() + "\n"
        let path = out ?? "\(description.name).svg"
        try writeOutput(svg, to: path, option: "--out")
        guard path != "-" else { return }
        Console.error("plant '\(description.name)': \(description.stations.count) stations in \(drawing.rowCount) row(s) → \(path)\n")
    }
}
