import ArgumentParser
import TaktReport

/// `takt outputs`: every figure Takt reports, with its unit and meaning.
struct OutputsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outputs",
        abstract: "List every figure Takt reports: plant, station, robot, fleet, worker pool, decision site and deployment figures.",
        discussion: """
            Names are the keys of `takt run --json`, the store's columns and the \
            figures experiment files and `takt check` rules name. With --markdown, \
            the reference kept in docs/reference/outputs.md.
            """
    )

    @Flag(help: "Print the reference as Markdown.")
    var markdown = false

    @Flag(help: "Print the reference as JSON: one object per figure (subject, name, unit, what, and kind or better and JSON place).")
    var json = false

    func validate() throws {
        if markdown && json { throw ValidationError("give --markdown or --json, not both") }
    }

    func run() {
        print(json ? OutputReference.json() : markdown ? OutputReference.markdown() : OutputReference.text(), terminator: "")
    }
}
