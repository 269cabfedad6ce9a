import ArgumentParser

/// `--columns`, for commands that draw a plant.
struct LayoutOptions: ParsableArguments {
    @Option(help: "Stations (layers of the flow) per row of the drawing, 1…40.")
    var columns: Int = 6

    /// The columns, checked: outside 1…40 is bad input.
    func checked() throws -> Int {
        guard (1...40).contains(columns) else {
            throw CommandFailure(message: "error: --columns must be in 1…40, got \(columns)", code: .badInput)
        }
        return columns
    }
}
