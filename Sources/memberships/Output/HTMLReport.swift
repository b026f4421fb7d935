import Ledger

/// The `report --html` page: one self-contained HTML5 document (inline CSS and SVG, no
/// script, nothing fetched — a Content-Security-Policy says so to the browser too) with a
/// header naming the ledger, the as-of day, the known-at point and the head, then the
/// timeline chart, the status table and the timeline table. Everything comes from view
/// rows; the same inputs always give the same bytes.
struct HTMLReport {
    /// The ledger's name (the genesis event's `name`).
    let ledgerName: String
    let asOf: Day
    /// `--known-at` as given, or nil for everything recorded.
    let knownAt: String?
    let head: Head
    /// `--member` / `--network` as given, for the header.
    let member: String?
    let network: String?
    /// The `status` rows and the `timeline` rows the tables show (filtered as asked).
    let status: [JSONValue]
    let timeline: [JSONValue]
    /// The chart's lanes (one per status row).
    let lanes: [ReportLane]
    /// Names in force at the as-of day, by slug.
    let memberNames: [String: String]
    let networkNames: [String: String]

    /// The whole page.
    func render() -> String {
        let e = HTMLText.escape
        let known = knownAt.map { "as known at " + e($0) } ?? "as known now (everything recorded)"
        let filters = [member.map { "member " + e($0) }, network.map { "network " + e($0) }].compactMap { $0 }
        let chart = HTMLChart(lanes: lanes, asOf: asOf, memberNames: memberNames, networkNames: networkNames)
        var page = [
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>\(e(ledgerName)) — commitments as of \(asOf)</title>",
            "<style>", HTMLStyle.css, "</style>",
            "</head>",
            "<body>",
            "<header>",
            "<h1>\(e(ledgerName))</h1>",
            "<p class=\"meta\">as of \(asOf), \(known)</p>",
            "<p class=\"meta\">computed from head seq \(head.seq) <span class=\"hash\">\(head.hash.hex)</span></p>",
        ]
        if !filters.isEmpty { page.append("<p class=\"meta\">showing \(filters.joined(separator: ", "))</p>") }
        page += [
            "<p class=\"meta\">\(status.count) commitments, \(timeline.count) events</p>",
            "</header>",
            "<main>",
            "<section>",
            "<h2>Timeline</h2>",
            chart.render(),
            "<p class=\"notes\">One lane per commitment, from its start to the as-of day, or to the event that "
                + "ended it. Markers sit at an event's earliest day; hover over one for its date as written and what "
                + "happened. A dashed outline marks a status not certain as of \(asOf).</p>",
            "</section>",
            "<section>",
            "<h2>Compliance status</h2>",
            HTMLTables.status(status, asOf: asOf, memberNames: memberNames, networkNames: networkNames),
            "</section>",
            "<section>",
            "<h2>Events</h2>",
            HTMLTables.timeline(timeline, asOf: asOf),
            "<p class=\"notes\">? — not certain as of \(asOf) (the date is a span that reaches past it); "
                + "corrected — changed by a correction (see <code>memberships audit --event ID</code>).</p>",
            "</section>",
            "</main>",
            "<footer>\(Help.version) · report of the ledger as of \(asOf) · head seq \(head.seq)</footer>",
            "</body>",
            "</html>",
        ]
        return page.joined(separator: "\n") + "\n"
    }
}
