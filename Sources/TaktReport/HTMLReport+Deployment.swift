import TaktExperiment
import TaktPlant

/// Decision latency, waiting, fallbacks, cost and energy per deployment strategy.
extension HTMLReport {
    static func deploymentSection(_ r: Report) -> String {
        let hours = DisplayUnit(unit: "h", values: r.groups.compactMap { $0.deployment?.waitHours?.mean })
        let rows = r.groups.indices.map { i -> [String] in
            let g = r.groups[i]
            guard let d = g.deployment else {
                return [Markup.escape(r.label(i)), Markup.escape(g.decisionSites.isEmpty ? "rules, in process" : "in process (no deployment)")]
                    + Array(repeating: "—", count: 8)
            }
            func cell(_ name: String, _ e: Estimate?, _ text: (Estimate) -> String) -> String {
                guard let e else { return "—" }
                return Markup.text("span", [("data-variant", g.name), ("data-metric", name), ("data-value", Format.exact(e.mean))], text(e))
            }
            let share = d.fallbackShare.map { " (\(Format.percent($0.mean)))" } ?? ""
            return [Markup.escape(r.label(i)), Markup.escape(d.deployments.joined(separator: ", ")),
                    cell("decision_latency_p50", d.latencyP50) { Durations.text($0.mean) },
                    cell("decision_latency_p95", d.latencyP95) { Durations.text($0.mean) },
                    cell("decision_latency_p99", d.latencyP99) { Durations.text($0.mean) },
                    cell("decision_wait_hours", d.waitHours) { hours.interval($0.mean, $0.halfWidth) },
                    cell("fallbacks", d.fallbacks) { Format.fixed($0.mean, decimals: 0) + share },
                    cell("timed_out", d.timedOut) { Format.fixed($0.mean, decimals: 0) },
                    cell("decision_cost_per_job", d.costPerJob) { Format.significant($0.mean, digits: 3) },
                    cell("decision_energy_j", d.energyPerDecision) { Energy.text($0.mean) }]
        }
        var content = paragraph("Where the decision policy runs decides how long the line waits for it. Per variant: how long a decision took "
            + "from asking to being applied (simulated time), the hours servers and sources stood waiting for answers, how many decisions the "
            + "fallback rule made (a call refused by the rate limit or abandoned at the time-out), what the calls cost per completed car and "
            + "the energy per decision. Means over the replications, after warm-up.", "caption")
        content += "\n" + table(["variant", "deployment", "latency p50", "latency p95", "latency p99", "waiting for decisions",
                                 "decided by fallback", "time-outs", "cost per car", "energy per decision"], rows, cls: "deployment")
        let quantileRows = r.groups.indices.map { i -> QuantileChart.Row in
            let g = r.groups[i]
            let q: (Double, Double, Double)? = g.deployment.flatMap { d in
                guard let a = d.latencyP50?.mean, let b = d.latencyP95?.mean, let c = d.latencyP99?.mean else { return nil }
                return (a, b, c)
            }
            return QuantileChart.Row(label: r.label(i), colour: r.colour(i), quantiles: q,
                                     valueText: q.map { "p50 \(Durations.text($0.0)) · p95 \(Durations.text($0.1)) · p99 \(Durations.text($0.2))" } ?? "in process",
                                     data: [("data-variant", g.name), ("data-p50", q.map { Format.exact($0.0) } ?? ""),
                                            ("data-p95", q.map { Format.exact($0.1) } ?? ""), ("data-p99", q.map { Format.exact($0.2) } ?? "")])
        }
        let chart = QuantileChart(title: "Decision latency per deployment strategy", rows: quantileRows,
                                  xLabel: "decision latency, asking to applying (log scale)", attributes: [("data-chart", "decision-latency")])
        content += "\n" + chartBlock("Decision latency per deployment strategy", chart.render(),
                                     caption: "Median, 95th and 99th percentile of the time from asking for a decision to applying it, every deployed "
                                        + "decision of the plant together, means over the replications. Logarithmic axis: each grid step is a factor.")
        let waitRows = r.groups.indices.map { i -> IntervalChart.Row in
            let e = r.groups[i].deployment?.waitHours
            return IntervalChart.Row(mean: e?.mean, low: e.flatMap { x in x.halfWidth.map { x.mean - $0 } }, high: e.flatMap { x in x.halfWidth.map { x.mean + $0 } },
                                     colour: r.colour(i), filled: true, valueText: e.map { hours.interval($0.mean, $0.halfWidth) } ?? "in process",
                                     data: [("data-kind", "wait"), ("data-variant", r.groups[i].name), ("data-value", e.map { Format.exact($0.mean) } ?? "")],
                                     tooltip: "\(r.groups[i].name): \(e.map { hours.interval($0.mean, $0.halfWidth) } ?? "in process")")
        }
        let waits = IntervalChart(title: "Hours the line waited for decisions", labels: r.groups.indices.map { r.label($0) },
                                  labelColours: r.groups.indices.map { r.colour($0) },
                                  panels: [IntervalChart.Panel(heading: "hours waiting per replication, mean and 95% interval",
                                                               axisLabel: "time waiting for decisions\(hours.axisUnit)", rows: waitRows, includeZero: true)],
                                  attributes: [("data-chart", "decision-wait")])
        content += "\n" + chartBlock("Hours the line waited for decisions", waits.render(),
                                     caption: "Time the asking servers and sources stood idle waiting for answers, summed over the measured period "
                                        + "(\(Findings.durationText(r))): the line-stop time the decisions caused.")
        return section("deployment", "Decisions per deployment strategy", content)
    }

    static func methodSection(_ r: Report) -> String {
        let items = [
            "Replications: each group's runs are independent replications; figures are their means with 95% t confidence intervals (Law, Simulation Modeling and Analysis, §9.4.1).",
            "Common random numbers: replication r of every variant uses the same random streams, so the difference of replication r's figures removes the noise the variants share; differences from the baseline get paired-t intervals, Bonferroni-adjusted so all of them hold together with 95% confidence.",
            "Warm-up: statistics of the first \(r.common { $0.warmupSeconds }.map(DurationText.format).joined(separator: ", ")) of every replication are discarded.",
            "Throughput series: jobs completed per on-shift hour after warm-up, stored per run (table run_series) and averaged over blocks of \(r.seriesBlockHours) hour\(r.seriesBlockHours == 1 ? "" : "s").",
            "Histograms: lead and interdeparture times after warm-up in fixed bins, 20 per decade from 0.1 s to 10⁷ s, the same for every run (table run_histograms).",
            "Station states: shares of server time; setup (changeover) time is shown apart from working. Bottlenecks by the active-period method (Roser, Nakano and Tanaka, WSC 2002).",
            "Everything here is read from the run store; nothing was simulated to make this report.",
        ]
        return section("method", "How these numbers were made", "<ul class=\"method\">\n" + items.map { Markup.text("li", [], $0) }.joined(separator: "\n") + "\n</ul>")
    }
}
