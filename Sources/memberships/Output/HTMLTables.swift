import Ledger

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
    func status(_ rows: [JSONValue]) -> String {
        let e = HTMLText.escape
        var out = ["<table class=\"status\">",
                   "<thead><tr><th>\(text(.columnMember))</th><th>\(text(.columnNetwork))</th><th>\(text(.columnVia))</th>"
                   + "<th>\(text(.columnSince))</th><th>\(text(.columnStatus))</th><th>\(text(.columnBasis))</th>"
                   + "<th>\(text(.columnReasonBadge))</th>"
                   + "<th>\(text(.columnRules))</th></tr></thead>", "<tbody>"]
        for row in rows {
            let member = row.text("member"), network = row.text("network"), status = row.text("status")
            let uncertain = row.flag("certain") ? "" : " " + notCertainMark
            let detail = [row.text("reason").isEmpty ? nil : text.reason(row.text("reason")),
                          row.text("badge").isEmpty ? nil : e(row.text("badge"))].compactMap { $0 }.joined(separator: " · ")
            let rules = row["rules"]?.items ?? []
            let superseded = StatusCommand.recognitionDecides(row)
            let list = rules.map { rule($0, superseded: superseded) }.joined()
            out.append("<tr class=\"\(row.flag("certain") ? "" : "uncertain")\">"
                + "<td>\(named(member, memberNames))</td><td>\(named(network, networkNames))</td>"
                + "<td>\(text.via(row.text("via")))</td><td class=\"date\">\(date(row.text("since")))</td>"
                + "<td><span class=\"chip\" style=\"background:\(HTMLChart.colour(of: status))\">\(text.status(status))</span>\(uncertain)</td>"
                + "<td class=\"basis\">\(text.basis(row.text("basis")))</td><td>\(detail)</td>"
                + "<td>\(rules.isEmpty ? "<span class=\"none\">—</span>" : "<ul class=\"rules\">" + list + "</ul>")</td></tr>")
        }
        out += ["</tbody>", "</table>"]
        return out.joined(separator: "\n")
    }

    /// One rule as a list item: `plan (recurring) — due 10 February 2010 — overdue`.
    func rule(_ rule: JSONValue, superseded: Bool) -> String {
        let (state, words) = HTMLTables.judged(rule, superseded: superseded, text: text)
        var item = HTMLText.escape(rule.text("milestone"))
        if rule.flag("recurring") { item += " <span class=\"every\">\(text(.ruleRecurring))</span>" }
        item += " — " + text(.ruleDue, Day.parse(rule.text("due")).map(text.day) ?? HTMLText.escape(rule.text("due")))
        if !words.isEmpty { item += " — <span class=\"\(state)\">\(words)</span>" }
        return "<li class=\"\(state)\">\(item)</li>"
    }

    /// A rule's state — `met` (late or not), `overdue`, `ahead`, or `unrecorded` when a
    /// recognition decides the status and no milestone met it — and its words (none while
    /// ahead). The chart's ticks and the table say the same.
    static func judged(_ rule: JSONValue, superseded: Bool, text: ReportText) -> (state: String, words: String) {
        if rule.flag("met") {
            return ("met", text(rule.flag("late") ? .ruleMetLate : .ruleMet, text.date(rule.text("metOn"))))
        }
        if superseded { return ("unrecorded", text(.ruleNotRecorded)) }
        if rule.flag("overdue") { return ("overdue", text(.ruleOverdue)) }
        return ("ahead", "")
    }

    /// The timeline table: date in words, member, network, what happened (with the event's
    /// note), source, and the event's id; rows not certain at the as-of day and corrected
    /// events are marked.
    func timeline(_ rows: [JSONValue]) -> String {
        let e = HTMLText.escape
        var out = ["<table class=\"timeline\">",
                   "<thead><tr><th>\(text(.columnDate))</th><th>\(text(.columnMember))</th><th>\(text(.columnNetwork))</th>"
                   + "<th>\(text(.columnWhat))</th><th>\(text(.columnSource))</th><th>\(text(.columnEvent))</th></tr></thead>",
                   "<tbody>"]
        for row in rows {
            let certain = row.flag("certain"), corrected = row.flag("corrected")
            var marks = ""
            if !certain { marks += " " + notCertainMark }
            if corrected { marks += " <span class=\"mark corrected\" title=\"\(text(.correctedTitle))\">\(text(.corrected))</span>" }
            let classes = [certain ? nil : "uncertain", corrected ? "corrected" : nil].compactMap { $0 }.joined(separator: " ")
            let event = events[row.text("id")]
            var what = event.map { text.describe($0, networkNames: networkNames) } ?? e(row.text("summary"))
            if let note = event?.note, !note.isEmpty { what += "<div class=\"note\">\(text(.note, e(note)))</div>" }
            let id = e(row.text("id"))
            out.append("<tr class=\"\(classes)\"><td class=\"date\">\(date(row.text("date")))\(marks)</td>"
                + "<td>\(optionalNamed(row.text("member"), memberNames))</td><td>\(optionalNamed(row.text("network"), networkNames))</td>"
                + "<td>\(what)</td><td class=\"source\">\(e(row.text("source")))</td>"
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
