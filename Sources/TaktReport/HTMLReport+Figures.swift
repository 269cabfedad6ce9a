import TaktExperiment

/// Every declared figure of the stations, the fleets and the worker pools, as tables (`FigureTable`).
extension HTMLReport {
    static func figureSection(_ r: Report) -> String {
        var content = paragraph("Every figure the plant's stations, vehicle fleets and worker pools declare, as stored for each run: means over the "
                                + "replications with 95% confidence half-widths. A figure that is zero for every station (or fleet, or pool) "
                                + "of a group is left out; hover a heading for what it measures.")
        for g in r.groups.indices {
            let group = r.groups[g]
            for (kind, title, table) in [("station", "Stations", group.stationFigures), ("fleet", "Fleets", group.fleetFigures),
                                         ("pool", "Worker pools", group.workerFigures)] {
                guard let table else { continue }
                let summary = "\(title) of \(r.label(g)): \(table.rows.count) × \(table.columns.count) figures"
                content += "\n" + Markup.element("details", [("data-table", "\(kind)-figures"), ("data-group", group.name)],
                                                 content: "\n" + Markup.text("summary", [], summary) + "\n" + figureTable(table, subject: kind) + "\n")
            }
        }
        return section("figures", "Station, fleet and worker pool figures", content)
    }

    /// One table: a row per subject, a column per figure, the unit chosen per column.
    static func figureTable(_ table: FigureTable, subject: String) -> String {
        let units = table.columns.indices.map { c in
            DisplayUnit(unit: table.columns[c].unit, values: table.rows.compactMap { $0.estimates[c]?.mean })
        }
        let head = Markup.text("th", [], subject) + table.columns.indices.map { c in
            Markup.text("th", [("title", table.columns[c].description), ("data-output", table.columns[c].name)],
                        heading(table.columns[c]) + units[c].axisUnit)
        }.joined()
        let body = table.rows.map { row in
            "<tr>" + Markup.text("td", [], row.subject) + row.estimates.indices.map { c in
                Markup.text("td", [], Report.interval(row.estimates[c], units[c], showUnit: units[c].symbol == nil))
            }.joined() + "</tr>"
        }.joined(separator: "\n")
        return Markup.element("table", [("class", "figures")], content: "\n<thead><tr>\(head)</tr></thead>\n<tbody>\n\(body)\n</tbody>\n")
    }

    /// A column's heading: the figure's name without the unit suffix the display unit replaces
    /// (`mean_wait_s` shown in minutes reads `mean_wait (min)`).
    static func heading(_ column: FigureTable.Column) -> String {
        let suffix = "_" + column.unit.lowercased()
        return column.name.hasSuffix(suffix) && column.name.count > suffix.count ? String(column.name.dropLast(suffix.count)) : column.name
    }
}
