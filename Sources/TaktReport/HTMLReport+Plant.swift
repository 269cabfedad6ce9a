import Foundation
import TaktExperiment

/// Throughput over time, station states, bottlenecks, the loss tree and the duration histograms.
extension HTMLReport {
    static func throughputSection(_ r: Report) -> String {
        let groups = r.groups.indices.filter { r.groups[$0].throughput != nil }
        guard !groups.isEmpty else {
            return section("throughput", "Throughput over time", paragraph("The store holds no throughput series for these runs (stored before migration v14)."))
        }
        let block = r.seriesBlockHours
        let series = groups.map { i -> BandChart.Series in
            let g = r.groups[i]
            return BandChart.Series(name: r.label(i), colour: r.colour(i), points: (g.throughput ?? []).map { p in
                let e = p.jobsPerHour
                return BandChart.Point(
                    x: (p.startHour + p.endHour) / 2, mean: e.mean, low: e.halfWidth.map { e.mean - $0 }, high: e.halfWidth.map { e.mean + $0 },
                    data: [("data-variant", g.name), ("data-start-h", Format.exact(p.startHour)), ("data-end-h", Format.exact(p.endHour)),
                           ("data-value", Format.exact(e.mean))],
                    tooltip: "\(g.name), shift hours \(Int(p.startHour))–\(Int(p.endHour)): \(DisplayUnit(unit: "jobs/h", values: [e.mean]).interval(e.mean, e.halfWidth))")
            }, band: i == r.baseline, emphasized: i == r.baseline)
        }
        let takt = r.groups[r.baseline].taktSeconds
        let chart = BandChart(title: "Jobs completed per shift hour, over the measured time", series: series,
                              xLabel: "on-shift hours after warm-up (h)", yLabel: "jobs per shift hour (jobs/h)",
                              reference: takt.map { (3600 / $0, "design rate at the \(Durations.text($0)) takt: \(Format.fixed(3600 / $0, decimals: 1)) jobs/h") },
                              attributes: [("data-chart", "throughput")])
        let caption = "Each point: jobs completed in a block of \(block) on-shift hour\(block == 1 ? "" : "s") ÷ \(block), the mean over the replications; "
            + "the shaded band is \(r.groups[r.baseline].name)'s 95% confidence interval. Time runs on the shift clock (nights, weekends and breaks "
            + "left out), from the end of the warm-up."
        return section("throughput", "Throughput over time", chartBlock("Jobs per shift hour over time", chart.render(), caption: caption))
    }

    static func bottleneckSection(_ r: Report) -> String {
        let base = r.groups[r.baseline]
        guard !base.stations.isEmpty else { return section("bottlenecks", "Bottlenecks and station states", paragraph("No station rows are stored.")) }
        var content = ""
        let ranking = base.bottleneckRanking.prefix(10)
        if !ranking.isEmpty {
            let top = ranking.map { $0.bottleneck }.max() ?? 1
            let chart = StackChart(
                title: "Bottleneck ranking of \(base.name)",
                bars: ranking.map { s in
                    StackChart.Bar(label: s.name, segments: [
                        StackChart.Segment(name: "sole", share: s.bottleneckSole.mean, colour: "#2F5C8A",
                                           data: [("data-station", s.name), ("data-state", "sole"), ("data-value", Format.exact(s.bottleneckSole.mean))],
                                           tooltip: "\(s.name): sole bottleneck \(Format.percent(s.bottleneckSole.mean)) of shift time"),
                        StackChart.Segment(name: "shifting", share: s.bottleneckShifting.mean, colour: "#8FB3D9",
                                           data: [("data-station", s.name), ("data-state", "shifting"), ("data-value", Format.exact(s.bottleneckShifting.mean))],
                                           tooltip: "\(s.name): shifting bottleneck \(Format.percent(s.bottleneckShifting.mean)) of shift time"),
                    ], data: [("data-variant", base.name)])
                },
                xLabel: "share of on-shift time as the bottleneck (%)", legend: [("sole bottleneck", "#2F5C8A"), ("shifting bottleneck", "#8FB3D9")],
                domainMax: min(1, max(0.05, top * 1.1)), labelSegments: true, attributes: [("data-chart", "bottlenecks")])
            content += chartBlock("Bottleneck ranking (\(base.name))", chart.render(),
                                  caption: "Active-period method: at each moment the station working longest without a break limits the line. "
                                    + "Sole: it alone was the bottleneck; shifting: the bottleneck was passing to or from it. Shares of on-shift time, "
                                    + "means over the replications.")
        }
        if r.groups.count > 1 {
            let rows = r.groups.indices.map { i -> [String] in
                let list = r.groups[i].bottleneckRanking.prefix(3).map { "\($0.name) \(Format.percent($0.bottleneck))" }
                return [Markup.escape(r.label(i))] + (0..<3).map { k in k < list.count ? Markup.escape(list[k]) : "—" }
            }
            content += "\n" + Markup.text("h3", [], "Leading bottlenecks per variant (sole + shifting share of shift time)") + "\n"
                + table(["variant", "first", "second", "third"], rows, cls: "bottlenecks")
        }
        // Station states: the bottleneck candidates first, then the busiest, at most 12.
        var chosen = Array(base.bottleneckRanking.prefix(12))
        for s in base.stations.sorted(by: { $0.working.mean + $0.setup.mean > $1.working.mean + $1.setup.mean }) where chosen.count < 12 {
            if !chosen.contains(where: { $0.position == s.position }) { chosen.append(s) }
        }
        let staffed = r.groups.contains { $0.stations.contains { $0.waitingWorker.mean > 0 } }
        let legend = (["working", "setup", "starved", "blocked", "failed", "off shift"] + (staffed ? ["waiting for workers"] : []))
            .map { ($0, Palette.states[$0]!) }
        func bar(_ s: StationStates, label: String, variant: String) -> StackChart.Bar {
            StackChart.Bar(label: label, segments: s.states.map { state in
                StackChart.Segment(name: state.name, share: state.share.mean, colour: Palette.states[state.name]!,
                                   data: [("data-station", s.name), ("data-state", state.name), ("data-value", Format.exact(state.share.mean))],
                                   tooltip: "\(label): \(state.name) \(Format.percent(state.share.mean))")
            }, data: [("data-variant", variant), ("data-station", s.name)])
        }
        let stacks = StackChart(title: "Station states of \(base.name)", bars: chosen.map { bar($0, label: $0.name, variant: base.name) },
                                xLabel: "share of server time (%)", legend: legend, attributes: [("data-chart", "station-states")])
        content += "\n" + chartBlock("Station states (\(base.name))", stacks.render(),
                                     caption: "Shares of each station's server time over the measured period, means over the replications. "
                                        + "Setup is changeover time, taken out of working; starved: waiting for work; blocked: done but unable to pass "
                                        + "the job on; failed: down, for a repair or (a robot cell) planned maintenance; off shift: outside the shift calendar"
                                        + (staffed ? "; waiting for workers: holding a job whose work waits for a worker pool" : "") + ". The bottleneck candidates come "
                                        + "first (in ranking order), then the busiest stations.")
        if r.groups.count > 1, let leading = base.bottleneckRanking.first {
            let bars = r.groups.indices.compactMap { i -> StackChart.Bar? in
                guard let s = r.groups[i].stations.first(where: { $0.position == leading.position }) else { return nil }
                return bar(s, label: r.label(i), variant: r.groups[i].name)
            }
            let chart = StackChart(title: "States of \(leading.name) per variant", bars: bars, xLabel: "share of server time (%)", legend: legend,
                                   attributes: [("data-chart", "bottleneck-states"), ("data-station", leading.name)])
            content += "\n" + chartBlock("States of the leading bottleneck, \(leading.name), per variant", chart.render(),
                                         caption: "The same shares for \(leading.name) in every variant. A server waiting for a decision is booked as starved; "
                                            + "each wait also ends the station's active period, so a variant that waits for decisions at a bottleneck "
                                            + "can rank it lower in the bottleneck ranking.")
        }
        return section("bottlenecks", "Bottlenecks and station states", content)
    }

    static func lossTreeSection(_ r: Report) -> String {
        let base = r.groups[r.baseline]
        guard let tree = base.lossTree else {
            return section("loss-tree", "Where output goes (loss tree)",
                           paragraph("No loss tree: the plant has no takt, or its runs were stored before the store kept the takt (migration v14)."))
        }
        var steps = [WaterfallChart.Step(label: "design output at the takt", value: tree.design.mean, isTotal: true,
                                         valueText: jobsText(tree.design, of: tree.design.mean),
                                         data: [("data-loss", "design"), ("data-value", Format.exact(tree.design.mean))],
                                         tooltip: "design output: \(jobsText(tree.design, of: tree.design.mean))")]
        for loss in tree.losses {
            steps.append(WaterfallChart.Step(label: LossTree.name(of: loss.key), value: loss.jobs.mean, isTotal: false,
                                             valueText: jobsText(loss.jobs, of: tree.design.mean),
                                             data: [("data-loss", loss.key), ("data-value", Format.exact(loss.jobs.mean))],
                                             tooltip: "\(LossTree.name(of: loss.key)): \(jobsText(loss.jobs, of: tree.design.mean))"))
        }
        steps.append(WaterfallChart.Step(label: "completed", value: tree.actual.mean, isTotal: true, valueText: jobsText(tree.actual, of: tree.design.mean),
                                         data: [("data-loss", "actual"), ("data-value", Format.exact(tree.actual.mean))],
                                         tooltip: "completed: \(jobsText(tree.actual, of: tree.design.mean))"))
        let chart = WaterfallChart(title: "Loss tree of \(base.name)", steps: steps, xLabel: "jobs per replication (jobs)",
                                   attributes: [("data-chart", "loss-tree"), ("data-variant", base.name)])
        var content = chartBlock("From design output to completed jobs (\(base.name))", chart.render(),
                                 caption: "Design output is the measured calendar time ÷ the takt. Off-shift time loses its share outright; what is lost "
                                    + "on shift is given to the bottlenecks (each station weighted by its bottleneck share): their failed, starved, blocked, "
                                    + "setup and worker-wait shares. Speed and other is the rest (slower or faster cycles than the takt, rework, a station's own breaks); green when it is a gain. "
                                    + "Computed from the stored station rows, means over the replications.")
        let keys = ["design"] + tree.losses.map(\.key) + ["actual"]
        let rows = r.groups.indices.compactMap { i -> [String]? in
            guard let t = r.groups[i].lossTree else { return nil }
            let values = [t.design] + tree.losses.map { t.jobs(lostTo: $0.key) ?? Estimate([0]) } + [t.actual]
            return [Markup.escape(r.label(i))] + zip(keys, values).map { key, e in
                let hw = e.halfWidth.flatMap { $0 >= 0.5 ? " ± " + Format.fixed($0, decimals: 0) : nil } ?? ""
                return Markup.text("span", [("data-variant", r.groups[i].name), ("data-loss", key), ("data-value", Format.exact(e.mean))],
                                   Format.fixed(e.mean, decimals: 0) + hw)
                    + Markup.text("span", [("class", "share")], t.design.mean > 0 ? Format.percent(e.mean / t.design.mean) : "")
            }
        }
        if r.groups.count > 1 {
            content += "\n" + Markup.text("h3", [], "Loss tree per variant (jobs per replication, share of design output)") + "\n"
                + table(["variant", "design"] + tree.losses.map { LossTree.column(of: $0.key) } + ["completed"], rows, cls: "loss-tree")
        }
        return section("loss-tree", "Where output goes (loss tree)", content)
    }

    /// `15442 ± 12 jobs (48.5%)`; a spread that rounds to 0 is left out.
    static func jobsText(_ e: Estimate, of design: Double, unit: Bool = true) -> String {
        let hw = e.halfWidth.flatMap { $0 >= 0.5 ? " ± " + Format.fixed($0, decimals: 0) : nil } ?? ""
        return Format.fixed(e.mean, decimals: 0) + hw + (unit ? " jobs" : "") + (design > 0 ? " (\(Format.percent(e.mean / design)))" : "")
    }

    static func histogramSection(_ r: Report) -> String {
        var content = ""
        for (key, title, metric, xLabel) in [
            ("interdeparture", "Cycle time at the end of the line", "interdeparture", "time between departures, on-shift (log scale)"),
            ("lead_time", "Lead time", "lead_time", "lead time, first station to sink (log scale)"),
        ] {
            let pooled = r.groups.map { key == "lead_time" ? $0.leadTime : $0.interdeparture }
            guard let shown = shownBins(pooled.compactMap { $0 }) else { continue }
            let indices = Array(shown.range)
            let step = pow(10, 1 / Double(20))
            let edges: [(lower: Double, upper: Double)] = indices.map { k in
                let bin = pooled.compactMap { $0?.bins.first { $0.index == k } }.first
                let lower = bin?.lower ?? edge(k), upper = bin?.upper ?? (k < 161 ? edge(k + 1) : nil)
                return (lower > 0 ? lower : (upper ?? 0.1) / step, upper ?? lower * step)
            }
            let order = [r.baseline] + r.groups.indices.filter { $0 != r.baseline && pooled[$0] != nil }
            let groups = order.compactMap { i -> HistogramChart.Group? in
                guard let h = pooled[i] else { return nil }
                let counts = indices.map { k in h.bins.first { $0.index == k }?.count ?? 0 }
                let total = max(1, h.total)
                return HistogramChart.Group(name: r.label(i), colour: i == r.baseline ? "#7A9CC6" : r.colour(i),
                                            shares: counts.map { Double($0) / Double(total) }, counts: counts)
            }
            let chart = HistogramChart(title: "\(title): share of jobs per bin", bins: edges, groups: groups, xLabel: xLabel,
                                       attributes: [("data-chart", "histogram"), ("data-histogram", key)])
            let means = r.groups.compactMap { $0.metrics["\(metric)_mean"]?.mean }
            let unit = DisplayUnit(unit: "s", values: means)
            let quantiles = r.groups.indices.map { i -> [String] in
                [Markup.escape(r.label(i))] + ["mean", "p50", "p95"].map { q in
                    let name = "\(metric)_\(q)"
                    return r.groups[i].metrics[name].map {
                        Markup.text("span", [("data-variant", r.groups[i].name), ("data-metric", name), ("data-value", Format.exact($0.mean))],
                                    unit.interval($0.mean, $0.halfWidth, showUnit: false))
                    } ?? "—"
                }
            }
            var caption = "Share of the jobs completed after warm-up in each bin, all replications pooled. Bins are fixed for every run: "
                + "20 per decade (each about 12% wider than the last), so the axis is logarithmic. \(r.groups[r.baseline].name) as bars"
                + (r.groups.count > 1 ? ", the other variants as outlines." : ".")
            if shown.below > 0 || shown.above > 0 {
                caption += " Left out of the chart, to show the bulk: the shortest \(Format.percent(shown.below, decimals: 2)) and the longest "
                    + "\(Format.percent(shown.above, decimals: 2)) of the jobs."
            }
            content += chartBlock(title, chart.render(), caption: caption)
            content += "\n" + table(["variant", "mean\(unit.axisUnit)", "median, p50\(unit.axisUnit)", "p95\(unit.axisUnit)"],
                                    quantiles, cls: "quantiles")
        }
        if content.isEmpty { content = paragraph("The store holds no histograms for these runs (stored before migration v14).") }
        return section("histograms", "Cycle time and lead time", content)
    }

    /// The bins to draw: every group's, without the sparse tails (at most 0.25% of any group's jobs on each side),
    /// and the largest share of a group's jobs left out below and above.
    static func shownBins(_ histograms: [PooledHistogram]) -> (range: ClosedRange<Int>, below: Double, above: Double)? {
        guard let lo = histograms.compactMap({ $0.bins.first?.index }).min(), let hi = histograms.compactMap({ $0.bins.last?.index }).max() else {
            return nil
        }
        // The share of group g's jobs in bins below k, and above k.
        func share(_ h: PooledHistogram, _ include: (Int) -> Bool) -> Double {
            Double(h.bins.filter { include($0.index) }.reduce(0) { $0 + $1.count }) / Double(max(1, h.total))
        }
        var first = lo, last = hi
        while first < last, histograms.allSatisfy({ share($0) { $0 <= first } <= 0.0025 }) { first += 1 }
        while last > first, histograms.allSatisfy({ share($0) { $0 >= last } <= 0.0025 }) { last -= 1 }
        let below = histograms.map { share($0) { $0 < first } }.max() ?? 0
        let above = histograms.map { share($0) { $0 > last } }.max() ?? 0
        return (first...last, below, above)
    }

    /// The lower edge of fixed bin `k`, seconds (20 per decade from 0.1 s), for bins no run filled.
    static func edge(_ k: Int) -> Double { k == 0 ? 0 : pow(10, Double(k - 1) / 20 - 1) }
}
