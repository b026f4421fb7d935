import Ledger
import Projections

/// The report's two tables, drawn from view rows in the page's language: the `status` rows
/// and the `timeline` rows (with each event's id and note, read back from its line). Every
/// value from the data is escaped; nothing is a link.
struct HTMLTables {
    let asOf: Day
    let text: ReportText
    /// Names in force at the as-of day, by slug.
    let memberNames: [String: String]
    let networkNames: [String: String]
    /// The events of the timeline rows, as amended, by id.
    let events: [String: Event]

    /// The status table: member, network, via, since, status, what decided it, reason or badge, and each rule
    /// with its due date and whether it is met (on which date, late or not) or overdue.
    func status(_ rows: [StatusRow]) -> String {
        let e = HTMLText.escape
        var out = ["<table class=\"status\">",
                   "<thead><tr><th>\(text(.columnMember))</th><th>\(text(.columnNetwork))</th><th>\(text(.columnVia))</th>"
                   + "<th>\(text(.columnSince))</th><th>\(text(.columnStatus))</th><th>\(text(.columnBasis))</th>"
                   + "<th>\(text(.columnReasonBadge))</th>"
                   + "<th>\(text(.columnRules))</th></tr></thead>", "<tbody>"]
        for row in rows {
            let member = row.member.rawValue, network = row.network.rawValue, status = row.status.rawValue
            let uncertain = row.certain ? "" : " " + notCertainMark
            let reason = row.reason ?? "", badge = row.badge ?? ""
            let detail = [reason.isEmpty ? nil : text.reason(reason), badge.isEmpty ? nil : e(badge)].compactMap { $0 }
                .joined(separator: " · ")
            let rules = row.rules
            let superseded = StatusCommand.recognitionDecides(status: status, basis: row.basis)
            let list = rules.map { rule($0, superseded: superseded) }.joined()
            out.append("<tr class=\"\(row.certain ? "" : "uncertain")\">"
                + "<td>\(named(member, memberNames))</td><td>\(named(network, networkNames))</td>"
                + "<td>\(text.via(row.via))</td><td class=\"date\">\(date(row.since))</td>"
                + "<td><span class=\"chip\" style=\"background:\(HTMLChart.colour(of: status))\">\(text.status(status))</span>\(uncertain)</td>"
                + "<td class=\"basis\">\(text.basis(row.basis ?? ""))</td><td>\(detail)</td>"
                + "<td>\(rules.isEmpty ? "<span class=\"none\">—</span>" : "<ul class=\"rules\">" + list + "</ul>")</td></tr>")
        }
        out += ["</tbody>", "</table>"]
        return out.joined(separator: "\n")
    }

    /// One rule as a list item: `plan (recurring) — due 10 February 2010 — overdue`.
    func rule(_ rule: RuleRow, superseded: Bool) -> String {
        let (state, words) = HTMLTables.judged(rule, superseded: superseded, text: text)
        var item = HTMLText.escape(rule.milestone)
        if rule.recurring { item += " <span class=\"every\">\(text(.ruleRecurring))</span>" }
        item += " — " + text(.ruleDue, text.day(rule.due))
        if !words.isEmpty { item += " — <span class=\"\(state)\">\(words)</span>" }
        return "<li class=\"\(state)\">\(item)</li>"
    }

    /// A rule's state — `met` (late or not), `overdue`, `ahead`, or `unrecorded` when a
    /// recognition decides the status and no milestone met it — and its words (none while
    /// ahead). The chart's ticks and the table say the same.
    static func judged(_ rule: RuleRow, superseded: Bool, text: ReportText) -> (state: String, words: String) {
        if rule.met {
            return ("met", text(rule.late ? .ruleMetLate : .ruleMet, text.date(rule.metOn ?? "")))
        }
        if superseded { return ("unrecorded", text(.ruleNotRecorded)) }
        if rule.overdue { return ("overdue", text(.ruleOverdue)) }
        return ("ahead", "")
    }

    /// The timeline table: date in words, member, network, what happened (with the event's
    /// note), source, and the event's id; rows not certain at the as-of day and corrected
    /// events are marked.
    func timeline(_ rows: [TimelineRow]) -> String {
        let e = HTMLText.escape
        var out = ["<table class=\"timeline\">",
                   "<thead><tr><th>\(text(.columnDate))</th><th>\(text(.columnMember))</th><th>\(text(.columnNetwork))</th>"
                   + "<th>\(text(.columnWhat))</th><th>\(text(.columnSource))</th><th>\(text(.columnEvent))</th></tr></thead>",
                   "<tbody>"]
        for row in rows {
            let certain = row.certain, corrected = row.corrected
            var marks = ""
            if !certain { marks += " " + notCertainMark }
            if corrected { marks += " <span class=\"mark corrected\" title=\"\(text(.correctedTitle))\">\(text(.corrected))</span>" }
            let classes = [certain ? nil : "uncertain", corrected ? "corrected" : nil].compactMap { $0 }.joined(separator: " ")
            let event = events[row.id.rawValue]
            var what = event.map { text.describe($0, networkNames: networkNames) } ?? e(row.summary)
            if let note = event?.note, !note.isEmpty { what += "<div class=\"note\">\(text(.note, e(note)))</div>" }
            let id = e(row.id.rawValue)
            out.append("<tr class=\"\(classes)\"><td class=\"date\">\(date(row.date))\(marks)</td>"
                + "<td>\(optionalNamed(row.member?.rawValue ?? "", memberNames))</td>"
                + "<td>\(optionalNamed(row.network?.rawValue ?? "", networkNames))</td>"
                + "<td>\(what)</td><td class=\"source\">\(e(row.source ?? ""))</td>"
                + "<td><code class=\"id\" title=\"\(id)\">\(id)</code></td></tr>")
        }
        out += ["</tbody>", "</table>"]
        return out.joined(separator: "\n")
    }

    /// A date as written, in words, with the date as written in its tooltip.
    private func date(_ written: String) -> String {
        "<span title=\"\(HTMLText.escape(written))\">\(text.date(written))</span>"
    }

    /// The `?` that marks a row not certain at the as-of day.
    private var notCertainMark: String {
        "<span class=\"mark\" title=\"\(text(.notCertain, text.day(asOf)))\">?</span>"
    }

    /// A slug with its name in force: the name, then the slug in small type.
    private func named(_ slug: String, _ names: [String: String]) -> String {
        let e = HTMLText.escape
        guard let name = names[slug], name != slug else { return e(slug) }
        return "\(e(name)) <span class=\"slug\">\(e(slug))</span>"
    }

    /// The same for a timeline row's member or network, which may be absent.
    private func optionalNamed(_ slug: String, _ names: [String: String]) -> String {
        slug.isEmpty ? "" : named(slug, names)
    }
}
