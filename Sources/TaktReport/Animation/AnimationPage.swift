import Foundation
import TaktKernel
import TaktPlant

/// One replication played back in a browser: the plant drawn with a lamp per
/// server and a level in each buffer, a player (play, pause, speed, a time
/// slider) and a time line of every station's servers. One self-contained
/// page; the player is a small script over the recorded data.
public struct AnimationPage {
    let plant: PlantDescription
    let data: AnimationData
    let columns: Int
    /// What was run, in a sentence, and the command that makes the page again.
    let subject: String
    let command: String
    /// Why the recording ends before the window does (a run that stopped), if it does.
    let stopReason: String?
    /// Each station's share of server time in each state over the recorded window, by `AccountingState` raw value.
    let shares: [[Double]]

    /// A page for `timeline` of `plant`, with the departure times of the same run; `stopReason` says why a run stopped early.
    public init(plant: PlantDescription, timeline: StationTimeline, departures: [Tick], columns: Int, subject: String, command: String,
                stopReason: String? = nil) {
        self.plant = plant
        data = AnimationData(plant: plant, timeline: timeline, departures: departures)
        self.columns = columns
        self.subject = subject
        self.command = command
        self.stopReason = stopReason
        var ticks = Array(repeating: Array(repeating: 0.0, count: AccountingState.allCases.count), count: plant.stations.count)
        for span in timeline.spans { ticks[Int(timeline.stationOfServer[Int(span.server)])][span.state.rawValue] += Double(span.end - span.start) }
        let recorded = Double(timeline.recordedUntil - timeline.window.lowerBound)
        shares = ticks.enumerated().map { s, row in row.map { recorded > 0 ? $0 / (recorded * Double(plant.stations[s].servers)) : 0 } }
    }

    /// The states in the order a stacked bar shows them.
    static let stackOrder: [AccountingState] = [.working, .setup, .starved, .blocked, .failed, .offShift, .waitingWorker]

    /// A stacked bar per station: how its servers' time went in the window.
    func statesChart() -> String {
        let shown = Self.stackOrder.filter { state in shares.contains { $0[state.rawValue] > 0 } }
        let bars = plant.stations.enumerated().map { s, station in
            StackChart.Bar(label: station.name, segments: shown.map { state in
                StackChart.Segment(name: state.name, share: shares[s][state.rawValue], colour: Palette.states[state.name] ?? "#999999",
                                   data: [("data-station", station.name), ("data-state", state.name), ("data-value", Format.exact(shares[s][state.rawValue]))],
                                   tooltip: "\(station.name): \(state.name) \(Format.percent(shares[s][state.rawValue]))")
            }, data: [("data-station", station.name)])
        }
        return StackChart(title: "Station states in the window", bars: bars, xLabel: "share of server time (%)",
                          legend: shown.map { ($0.name, Palette.states[$0.name] ?? "#999999") }, attributes: [("data-chart", "window-states")]).render()
    }

    /// The page as XHTML that browsers also read as HTML.
    public func html(generator: String) throws -> String {
        let drawing = PlantDrawing(plant, columns: columns, live: true).svg(id: "live")
        let legend = AccountingState.allCases.map { state in
            Markup.element("span", [("class", "key")], content: Markup.element("span", [("class", "swatch"), ("style", "background: \(data.colours[state.rawValue])")])
                + Markup.escape(state.name))
        }.joined(separator: " ")
        let stopped = data.stoppedAt.map { at in
            let why = stopReason.map { "The run stopped: \($0)." } ?? "The window held more changes than a page can; choose a shorter --for."
            return HTMLReport.paragraph("\(why) The recording ends at \(Self.clock(data.from + at)), shaded in the time line.", "note")
        } ?? ""
        let speeds = [(1, "real time"), (10, "10×"), (60, "1 min a second"), (300, "5 min a second"), (900, "15 min a second"), (3600, "1 h a second")]
        let options = speeds.map { value, label in
            Markup.element("option", [("value", "\(value)")] + (value == 300 ? [("selected", "selected")] : []), content: Markup.escape(label))
        }.joined()
        return HTMLReport.page(title: "\(plant.name) · Takt animation", generator: generator, style: Self.css, body: """
            <header>
            <p class="kicker">Takt animation</p>
            <h1>\(Markup.escape(plant.name))</h1>
            \(HTMLReport.paragraph(subject, "lead"))
            \(stopped)
            </header>
            <section id="player">
            <noscript><p class="note">The player needs JavaScript: the drawing shows the plant without its states.</p></noscript>
            <div class="controls">
            <button type="button" id="play">Play</button>
            <input type="range" id="scrub" min="0" max="\(data.length)" step="any" value="0" aria-label="simulated time"/>
            <span id="clock" class="clock">\(Self.clock(data.from))</span>
            <label>Speed <select id="speed">\(options)</select></label>
            </div>
            <p id="counters" class="counters"></p>
            \(data.fleets.isEmpty ? "" : "<p id=\"fleets\" class=\"counters\"></p>")
            <p class="legend">\(legend) <span class="key"><span class="swatch level"></span>jobs in the buffer (of its places)</span>\(kitKey)</p>
            <figure id="live">
            \(drawing)
            <figcaption>Each lamp along the bottom of a station is one server, in the colour of its state; each buffer fills with the jobs waiting in it, its label says how many (of how many places)\(data.stations.contains { $0.kits != nil } ? "; a kitted station's gauge on its right edge shows its kits on hand, of a full stock (red when it has none)" : "")\(data.fleets.isEmpty ? "" : "; each dot is a vehicle, driving (light) or standing (dark) at its depot, its charger or a station it delivers to, in straight lines between them (the drawing is not the floor plan)"). Space plays and pauses.</figcaption>
            </figure>
            </section>
            \(HTMLReport.section("timeline", "Station time line", """
                <div id="gantt-wrap" class="gantt-wrap"><canvas id="gantt"></canvas><div id="cursor" class="cursor"></div><div id="tip" class="tip"></div></div>
                <p class="caption">One row per station, a lane per server, coloured by state over the window. Click to move the player there; hover for a server's state and how long it lasted.</p>
                """))
            \(HTMLReport.section("states", "Station states in the window", HTMLReport.chartBlock(
                "How each station's time went", statesChart(),
                caption: "Shares of each station's server time over the window (up to where the recording ends), in plant order: the same "
                    + "bookings as the figures of takt run, with a job's setup apart from its work.")))
            <footer><p>Made by Takt \(Markup.escape(generator)) with <code>\(Markup.escape(command))</code>.</p></footer>
            <script>//<![CDATA[
            var TAKT_TIMELINE = \(try data.script());
            \(Self.script)
            //]]></script>
            """)
    }

    /// The legend's key for the kit gauges, when a station has kits.
    private var kitKey: String {
        data.stations.contains { $0.kits != nil }
            ? " <span class=\"key\"><span class=\"swatch kits\"></span>kits on hand (red: none left)</span>" : ""
    }

    /// A time of the run as the player shows it: "day 2 08:15:00".
    public static func clock(_ seconds: Double) -> String { DurationText.runClock(seconds) }

    static let css = """
        .controls { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin: 8px 0; }
        .controls input[type=range] { flex: 1 1 320px; }
        .controls button { min-width: 72px; padding: 4px 10px; font-size: 14px; }
        .clock { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 15px; min-width: 150px; }
        .counters { margin: 2px 0 6px; color: #333333; }
        .legend .key { white-space: nowrap; margin-right: 10px; font-size: 12.5px; }
        .swatch.level { background: #0072B2; opacity: 0.75; }
        .swatch.kits { background: #009E73; }
        .gantt-wrap { position: relative; }
        #gantt { display: block; width: 100%; cursor: crosshair; }
        .cursor { position: absolute; width: 2px; background: #1d1d1d; pointer-events: none; }
        .tip { position: absolute; display: none; background: #FFFFFF; border: 1px solid #999999; padding: 3px 6px; font-size: 12px;
               pointer-events: none; white-space: nowrap; box-shadow: 0 1px 3px #0000002a; }
        """
}
