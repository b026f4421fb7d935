import Ledger

/// The report's two tables, drawn from view rows: the `status` rows and the `timeline` rows.
/// Every value from the data is escaped; nothing is a link.
enum HTMLTables {
    /// The status table: member, network, via, since, status, reason or badge, and each rule
    /// with its due date and whether it is met (on which date, late or not) or overdue.
    static func status(_ rows: [JSONValue], asOf: Day, memberNames: [String: String],
                       networkNames: [String: String]) -> String {
        let e = HTMLText.escape
        var out = ["<table class=\"status\">",
                   "<thead><tr><th>Member</th><th>Network</th><th>Via</th><th>Since</th><th>Status</th>"
                   + "<th>Reason / badge</th><th>Rules</th></tr></thead>", "<tbody>"]
        for row in rows {
            let member = row.text("member"), network = row.text("network"), status = row.text("status")
            let uncertain = row.flag("certain") ? "" : " <span class=\"mark\" title=\"not certain as of \(asOf)\">?</span>"
            let detail = [row.text("reason"), row.text("badge")].filter { !$0.isEmpty }.map(e).joined(separator: " · ")
            let rules = row["rules"]?.items ?? []
            out.append("<tr class=\"\(row.flag("certain") ? "" : "uncertain")\">"
                + "<td>\(named(member, memberNames))</td><td>\(named(network, networkNames))</td>"
                + "<td>\(e(row.text("via")))</td><td class=\"date\">\(e(row.text("since")))</td>"
                + "<td><span class=\"chip\" style=\"background:\(HTMLChart.colour(of: status))\">\(e(status))</span>\(uncertain)</td>"
                + "<td>\(detail)</td>"
                + "<td>\(rules.isEmpty ? "<span class=\"none\">—</span>" : "<ul class=\"rules\">" + rules.map(rule).joined() + "</ul>")</td></tr>")
        }
        out += ["</tbody>", "</table>"]
        return out.joined(separator: "\n")
    }

    /// One rule as a list item: `plan — due 2010-02-10 — overdue`, `plan — due … — met 2018-03 (late)`.
    static func rule(_ rule: JSONValue) -> String {
        let e = HTMLText.escape
        var text = e(rule.text("milestone")) + (rule.flag("recurring") ? " <span class=\"every\">(recurring)</span>" : "")
        text += " — due \(e(rule.text("due")))"
        let state: String
        if rule.flag("met") {
            state = rule.flag("late") ? "late" : "met"
            text += " — <span class=\"\(state)\">met \(e(rule.text("metOn")))\(rule.flag("late") ? ", late" : "")</span>"
        } else if rule.flag("overdue") {
            state = "overdue"
            text += " — <span class=\"overdue\">overdue</span>"
        } else {
            state = "due"
        }
        return "<li class=\"\(state)\">\(text)</li>"
    }

    /// The timeline table: date as written, member, network, summary, source; rows not certain
    /// at the as-of day and corrected events are marked.
    static func timeline(_ rows: [JSONValue], asOf: Day) -> String {
        let e = HTMLText.escape
        var out = ["<table class=\"timeline\">",
                   "<thead><tr><th>Date</th><th>Member</th><th>Network</th><th>What happened</th><th>Source</th></tr></thead>",
                   "<tbody>"]
        for row in rows {
            let certain = row.flag("certain"), corrected = row.flag("corrected")
            var marks = ""
            if !certain { marks += " <span class=\"mark\" title=\"not certain as of \(asOf)\">?</span>" }
            if corrected { marks += " <span class=\"mark corrected\" title=\"changed by a correction\">corrected</span>" }
            let classes = [certain ? nil : "uncertain", corrected ? "corrected" : nil].compactMap { $0 }.joined(separator: " ")
            out.append("<tr class=\"\(classes)\"><td class=\"date\">\(e(row.text("date")))\(marks)</td>"
                + "<td>\(e(row.text("member")))</td><td>\(e(row.text("network")))</td>"
                + "<td>\(e(row.text("summary")))</td><td class=\"source\">\(e(row.text("source")))</td></tr>")
        }
        out += ["</tbody>", "</table>"]
        return out.joined(separator: "\n")
    }

    /// A slug with its name in force: the name, then the slug in small type.
    private static func named(_ slug: String, _ names: [String: String]) -> String {
        let e = HTMLText.escape
        guard let name = names[slug], name != slug else { return e(slug) }
        return "\(e(name)) <span class=\"slug\">\(e(slug))</span>"
    }
}
