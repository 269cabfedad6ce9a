import ArgumentParser
import Foundation
import TaktKernel
import TaktPlant
import TaktReport

/// `takt animate PLANT`: one replication played back in a browser.
struct AnimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "animate",
        abstract: "Play a replication back in a browser: the plant with every server's state and buffer's level, and a station time line.",
        discussion: """
            Runs one replication of the plant (the same run as that replication of `takt run` \
            with the same seed) and records, in a window of simulated time, every change of \
            each server's state (working, setup, starved, blocked, failed, off shift, waiting for \
            workers) and of each buffer's level. Writes one self-contained HTML page: the \
            drawing of `takt draw` with a lamp per server and a level in each buffer, a player \
            (play, pause, speed, a time slider) and a time line of every station. Nothing is \
            stored. A window with more than two million changes is recorded up to that many \
            and the page says where it stops. Exits with 2 for bad input or an output that \
            cannot be written, 4 if the plant cannot be run to the window's end.
            """
    )

    @Argument(help: "The plant file (YAML).")
    var plant: String

    @Option(name: [.short, .long], help: "The HTML file to write ('-': standard output; default: the plant's name with -animation.html, in the current folder).")
    var out: String?

    @Option(help: "Where the window starts, in simulated time from the start of the run, e.g. 2d or 30h (default: the end of the plant's warm-up, or the next shift start after it if the plant is off shift then).")
    var from: String?

    @Option(name: .customLong("for"), help: "How long the window lasts, e.g. 8h.")
    var length: String = "8h"

    @Option(help: "Base seed for the random streams (default: the plant file's, else 1).")
    var seed: UInt64?

    @Option(help: "The replication to play back, numbered from 0 as `takt run` numbers them.")
    var replication: Int = 0

    @OptionGroup var layout: LayoutOptions

    @OptionGroup var plantChanges: OverrideOptions

    func run() throws {
        let columns = try layout.checked()
        guard (0..<100_000).contains(replication) else {
            throw CommandFailure(message: "error: --replication must be in 0…99999, got \(replication)", code: .badInput)
        }
        let description = try loadPlant(plant, plantChanges)
        var settings = description.run
        if let seed { settings.seed = seed }
        let start = try from.map { Ticks.from(seconds: try parseDuration($0, option: "--from")) } ?? Self.firstOnShift(description, from: settings.warmup)
        let seconds = try parseDuration(length, option: "--for")
        guard seconds > 0, seconds <= 366 * 86_400 else { throw CommandFailure(message: "error: --for must be in (0, 366d], got \(length)", code: .badInput) }
        let window = start..<(start + Ticks.from(seconds: seconds))
        settings.duration = window.upperBound
        if settings.warmup >= settings.duration { settings.warmup = 0 }
        let timeline = StationTimeline(window: window, servers: description.stations.map(\.servers))
        let departures = DepartureLog()
        // A run that stops (a deadlock) is drawn up to where it stopped, which is what one wants to see; then it fails.
        var failure: ModelError?
        do {
            _ = try Replication.run(description, settings: settings, replication: replication, departures: departures, timeline: timeline)
        } catch {
            failure = error
        }
        if let failure, failure.time <= window.lowerBound {
            throw CommandFailure(message: "error: \(description.file): \(failure)\nIt stopped before the window opens: nothing to play back.", code: .modelError)
        }
        let page = AnimationPage(plant: description, timeline: timeline, departures: departures.times, columns: columns,
                                 subject: subject(settings, window, timeline), command: (["takt"] + CommandLine.arguments.dropFirst()).map(\.shellQuoted).joined(separator: " "),
                                 stopReason: failure?.message)
        let path = out ?? "\(description.name)-animation.html"
        try writeOutput(try page.html(generator: Takt.version), to: path, option: "--out")
        if let stop = timeline.overflowedAt {
            Console.error("note: the window holds more than \(timeline.limit) changes; recorded up to \(DurationText.format(Ticks.seconds(stop))) (choose a shorter --for)\n")
        }
        if path != "-" {
            Console.error("plant '\(description.name)': \(timeline.spans.count) server spans and \(timeline.levels.count) buffer changes in \(DurationText.format(seconds)) → \(path)\n")
        }
        if let failure {
            throw CommandFailure(message: "error: \(description.file): \(failure)\nThe page shows the run up to where it stopped.", code: .modelError)
        }
    }

    /// `time`, or the start of the next shift if the plant is off shift then: by default the window opens on a working line.
    static func firstOnShift(_ plant: PlantDescription, from time: Tick) -> Tick {
        guard let calendar = plant.calendar, !calendar.onShift.isEmpty else { return time }
        let state = calendar.state(at: time)
        return state.on ? time : state.nextChange
    }

    /// What the page shows, in a sentence.
    func subject(_ settings: RunSettings, _ window: Range<Tick>, _ timeline: StationTimeline) -> String {
        let servers = timeline.stationOfServer.count
        return "Replication \(replication) with seed \(settings.seed), from \(AnimationPage.clock(Ticks.seconds(window.lowerBound))) to "
            + "\(AnimationPage.clock(Ticks.seconds(window.upperBound))) of simulated time: \(servers == 1 ? "the server's state" : "the \(servers) servers' states"), the buffers' levels"
            + (timeline.openingFleets.isEmpty ? "" : ", the kits on hand and the vehicles' states")
            + " as they changed: the same run as replication \(replication) of takt run with this plant and seed."
    }
}
