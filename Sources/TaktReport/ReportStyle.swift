/// The report's style sheet: sober, readable on screen and on paper.
///
/// It holds no `<`, `>` or `&`, so it stays valid inside the XHTML document.
enum ReportStyle {
    static let css = """
        :root { color-scheme: light; }
        body { font-family: "DejaVu Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #1d1d1d; background: #ffffff;
               margin: 0; font-size: 14px; line-height: 1.45; }
        header, section, footer { max-width: 960px; margin: 0 auto; padding: 0 24px; }
        .kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 12px; color: #666666; margin: 28px 0 0; }
        h1 { font-size: 28px; margin: 4px 0 6px; }
        h2 { font-size: 20px; border-bottom: 2px solid #1d1d1d; padding-bottom: 4px; margin: 38px 0 12px; }
        h3 { font-size: 15px; margin: 22px 0 6px; }
        p.lead { font-size: 16px; margin: 0 0 14px; }
        p.caption, figcaption { color: #444444; font-size: 12.5px; }
        figcaption { margin: 2px 0 0; }
        figure { margin: 10px 0 22px; }
        p.note { background: #FFF6E0; border-left: 4px solid #E0A800; padding: 6px 10px; font-size: 13px; }
        table { border-collapse: collapse; width: 100%; font-size: 12.5px; margin: 8px 0 14px; }
        th, td { padding: 5px 7px; border-bottom: 1px solid #DDDDDD; text-align: right; vertical-align: top; }
        th { font-weight: 600; background: #F3F3F3; }
        th:first-child, td:first-child { text-align: left; }
        table.facts th { text-align: left; width: 210px; background: none; }
        table.facts td { text-align: left; }
        table.groups td, table.groups th { text-align: left; }
        table.groups td:first-child, table.groups td:nth-child(4) { white-space: nowrap; }
        table.bottlenecks td, table.bottlenecks th { text-align: left; }
        table.fits td:nth-child(2), table.fits th:nth-child(2), table.fits td:last-child, table.fits th:last-child { text-align: left; }
        table.loss-tree td span { display: block; white-space: nowrap; }
        table.loss-tree td .share, table.quantiles td .share { color: #666666; font-size: 11.5px; }
        table.groups td:nth-child(2) { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 11px; word-break: break-all; }
        table.comparison td span { display: block; white-space: nowrap; }
        details[data-table] { overflow-x: auto; margin: 6px 0; }
        details[data-table] summary { cursor: pointer; font-weight: 600; }
        table.figures td, table.figures th { white-space: nowrap; }
        table.figures td:first-child, table.figures th:first-child { position: sticky; left: 0; }
        table.figures td:first-child { background: #FFFFFF; }
        table.comparison td span.swatch { display: inline-block; }
        table.deployment td { white-space: nowrap; }
        table.deployment td:nth-child(2) { white-space: normal; }
        table.loss-tree td:first-child, table.deployment td:first-child { white-space: nowrap; }
        table.comparison td:first-child { min-width: 12em; }
        table.comparison td .diff { color: #5A5A5A; font-size: 11.5px; }
        .better { color: #1A7F37; font-weight: 700; }
        table.comparison td .diff.better { color: #1A7F37; }
        .worse { color: #C62828; font-weight: 700; }
        table.comparison td .diff.worse { color: #C62828; }
        .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }
        pre.reproduce { background: #F5F5F5; padding: 8px 10px; font-size: 12px; overflow-x: auto; white-space: pre-wrap; }
        p.reproduce-label { margin: 10px 0 2px; font-size: 13px; }
        ul.findings li { margin: 4px 0; }
        ul.method li { margin: 3px 0; color: #333333; font-size: 13px; }
        p.ranking { font-weight: 600; }
        footer { color: #777777; font-size: 12px; margin-top: 30px; padding-bottom: 30px; }
        svg.drawing { width: 100%; height: auto; display: block; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
        svg.chart { width: 100%; height: auto; display: block; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
        svg.chart text { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; }
        svg .tick { font-size: 11.5px; fill: #444444; }
        svg .axis-label { font-size: 12.5px; fill: #1d1d1d; }
        svg .row-label { font-size: 12.5px; }
        svg .panel-heading { font-size: 12.5px; font-weight: 600; fill: #333333; }
        svg .value { font-size: 12px; fill: #333333; }
        svg .value.strong { font-weight: 700; }
        svg .legend { font-size: 12px; fill: #222222; }
        svg .note { font-size: 11.5px; fill: #333333; }
        svg .in-bar { font-size: 11px; fill: #1d1d1d; }
        svg .in-bar.light { fill: #ffffff; }
        svg .grid { stroke: #E6E6E6; stroke-width: 1; }
        svg .axis { stroke: #555555; stroke-width: 1; }
        svg .reference { stroke: #333333; stroke-width: 1.2; stroke-dasharray: 5 4; }
        svg .whisker { stroke-width: 2; }
        svg .dot { stroke-width: 1.6; }
        svg .ci-band { opacity: 0.16; }
        svg .line { stroke-width: 1.3; stroke-opacity: 0.85; }
        svg .line.strong { stroke-width: 2.4; stroke-opacity: 1; }
        svg .step { stroke-width: 1.6; }
        svg .band-row { fill: #F7F7F7; }
        svg .connector { stroke: #999999; stroke-width: 1; }
        svg .segment { stroke: #ffffff; stroke-width: 0.6; }
        @media print {
            @page { size: A4; margin: 14mm 12mm; }
            body { font-size: 10.5pt; }
            header, section, footer { max-width: none; padding: 0; }
            h2 { break-after: avoid; page-break-after: avoid; }
            figure, table, .chart-block { break-inside: avoid; page-break-inside: avoid; }
            pre.reproduce { white-space: pre-wrap; }
        }
        """
}
