import TaktExperiment
import TaktPolicy

/// A model card per decision site served by a policy: where the model came
/// from and how it was checked, beside what the runs measured.
extension HTMLReport {
    static func modelCardSection(_ r: Report) -> String {
        var rows: [[String]] = []
        for i in r.groups.indices {
            for site in r.groups[i].modelCards {
                let card = site.card
                rows.append([
                    Markup.escape(r.label(i)), Markup.escape(site.site), Markup.escape(site.rule),
                    Markup.escape(card?.source ?? (site.rule.hasPrefix("process ") ? "a program in another process" : "file not found next to the plant")),
                    Markup.escape(card.map { "\($0.precision), \($0.model)" } ?? "—"),
                    Markup.escape(card.map { String($0.checksum.prefix(19)) + "…" } ?? "—"),
                    Markup.escape(card?.teacherAgreement.map { Format.percent($0) } ?? "—"),
                    Markup.escape(card?.fp32Agreement.map { Format.percent($0) } ?? "—"),
                    Markup.escape(site.teacherAgreement.map { Format.percent($0.mean) } ?? "not asked"),
                    Markup.text("span", [("data-variant", r.groups[i].name), ("data-metric", "decision_ns"), ("data-value", Format.exact(site.meanNs.mean))],
                                Format.fixed(site.meanNs.mean, decimals: 0) + " ns"),
                    Markup.escape(Format.fixed(site.decisions.mean, decimals: 0)),
                ])
            }
        }
        let head = ["Variant", "Site", "Policy", "Source", "Model", "Checksum", "Agrees with teacher (training)", "Agrees with fp32 (held out)",
                    "Agrees with teacher (these runs)", "Decision cost (these runs)", "Decisions per replication"]
        let content = paragraph("One card per decision site served by a model: where the model came from, its checksum and precision, how "
            + "often it agreed with the teacher and with its fp32 source when it was made (its provenance), and what these runs measured: "
            + "the wall-clock cost of a decision and, where the plant asks the teacher too (teacher: oracle), how often it agreed.")
            + "\n" + table(head, rows)
        return section("model-cards", "Model cards", content)
    }
}
