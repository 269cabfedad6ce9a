import Testing
@testable import TaktReport

@Suite("Chart scales and ticks")
struct ScaleTests {
    @Test("a linear scale widens to round ticks 1, 2 or 5 × 10^k apart and maps its ends to the range")
    func linear() {
        let s = Scale.linear(40.3, 41.2, to: (0, 100), count: 5)
        #expect(s.ticks == [40.2, 40.4, 40.6, 40.8, 41.0, 41.2])
        #expect(s.domain == 40.2...41.2)
        #expect(abs(s.position(40.2)) < 1e-9 && abs(s.position(41.2) - 100) < 1e-9)
        #expect(abs(s.position(40.7) - 50) < 1e-9)
        #expect(s.position(100) == 100 && s.position(-5) == 0)  // clamped
        // A y axis runs backwards; zero can be asked for; a single value gets a little room.
        let y = Scale.linear(0.2, 0.9, to: (200, 0), count: 5, includeZero: true)
        #expect(y.ticks == [0, 0.2, 0.4, 0.6, 0.8, 1.0] && y.position(0) == 200 && y.position(1) == 0)
        let flat = Scale.linear(60, 60, to: (0, 10))
        #expect(flat.domain.contains(60) && flat.domain.lowerBound < 60 && flat.domain.upperBound > 60)
        #expect(Scale.linear(-0.31, 0.12, to: (0, 1), count: 4).ticks == [-0.4, -0.2, 0, 0.2])
    }

    @Test("nice steps are 1, 2 or 5 × 10^k, never smaller than asked")
    func niceSteps() {
        #expect(Scale.niceStep(0.18) == 0.2)
        #expect(Scale.niceStep(3) == 5)
        #expect(Scale.niceStep(7) == 10)
        #expect(Scale.niceStep(1000) == 1000)
        #expect(Scale.niceStep(0.0004) == 0.0005)
    }

    @Test("a log scale ticks 1-2-5, thins to powers of ten, or to round durations when given")
    func logarithmic() {
        let few = Scale.log(0.3, 4, to: (0, 100))
        #expect(few.ticks == [0.2, 0.5, 1, 2, 5] && few.domain == 0.2...5)
        let many = Scale.log(0.002, 3, to: (0, 100))
        #expect(many.ticks == [0.001, 0.01, 0.1, 1, 10] && many.domain == 0.001...10)
        #expect(abs(many.position(0.1) - 50) < 1e-9 && abs(many.position(1) - 75) < 1e-9)
        let durations = Scale.log(0.3, 1500, to: (0, 100), candidates: Durations.niceValues, sparse: Durations.sparseValues, maxTicks: 10)
        #expect(durations.ticks == [0.1, 1, 10, 60, 600, 3600])
        #expect(durations.ticks.map(Durations.tick) == ["100 ms", "1 s", "10 s", "1 min", "10 min", "1 h"])
    }

    @Test("durations read in the unit that suits them")
    func durationText() {
        #expect(Durations.text(76) == "76 s")
        #expect(Durations.text(77507) == "21.5 h")
        #expect(Durations.text(0.002002) == "2 ms")
        #expect(Durations.text(2_592_000) == "30 d")
        #expect(Durations.text(473) == "7.88 min")
        #expect(Durations.tick(21600) == "6 h" && Durations.tick(0.5) == "500 ms")
    }

    @Test("a figure's display unit: percent, hours, per-value units across orders of magnitude, zero as 0")
    func displayUnits() {
        #expect(DisplayUnit(unit: "share", values: [0.053, 0]).text(0.053) == "5.30%")
        let lead = DisplayUnit(unit: "s", values: [77507, 79124])
        #expect(lead.symbol == "h" && lead.text(77507) == "21.53 h" && lead.interval(1618, 1250, signed: true) == "+0.45 ± 0.35 h")
        let latency = DisplayUnit(unit: "s", values: [0.002002, 2.99])
        #expect(latency.symbol == nil && latency.text(0.002002) == "2.002 ms" && latency.text(2.99) == "2.990 s")
        #expect(DisplayUnit(unit: "jobs/h", values: [40.76]).interval(-0.3078, 0.2265, signed: true) == "−0.31 ± 0.23 jobs/h")
        #expect(DisplayUnit(unit: "count", values: [2037]).interval(0, 0) == "0")
        #expect(DisplayUnit(unit: "J", values: [1000]).text(1000) == "1.000 kJ")
        #expect(Energy.text(2.662e-7) == "0.266 µJ" && Energy.text(0.4) == "400 mJ")
    }

    @Test("escaping turns markup into text and drops characters XML cannot hold")
    func escaping() {
        #expect(Markup.escape("<a href=\"x\">'&'</a>\u{1}") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\u{FFFD}")
        #expect(Markup.element("rect", [("x", "1"), ("data-v", "<&>")], selfClosing: true) == "<rect x=\"1\" data-v=\"&lt;&amp;&gt;\"/>")
        #expect(MarkdownReport.escape("a|b*<c>") == "a\\|b\\*\\<c\\>")
    }
}
