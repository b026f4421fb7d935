import Ledger
import Projections

/// The `report --html` page: one self-contained HTML5 document (inline CSS and SVG, no
/// script, nothing fetched — a Content-Security-Policy says so to the browser too) with a
/// header naming the ledger, the as-of day, the known-at point and the head, then the
/// timeline chart, the status table and the timeline table, in English or French
/// (`ReportLanguage`). Everything comes from view rows, and the events of the timeline
/// rows read back from their lines; the same inputs always give the same bytes.
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
    let status: [StatusRow]
    let timeline: [TimelineRow]
    /// The chart's lanes (one per status row).
    let lanes: [ReportLane]
    /// Names in force at the as-of day, by slug.
    let memberNames: [String: String]
    let networkNames: [String: String]
    /// The events of the timeline rows and the markers, as amended, by id.
    let events: [String: Event]
    /// The page's language.
    let language: ReportLanguage

    /// The whole page.
    func render() -> String {
        let e = HTMLText.escape
        let text = ReportText(language)
        let day = text.day(asOf)
        let known = knownAt.map { text(.knownAt, e($0)) } ?? text(.knownNow)
        let filters = [member.map { text(.filterMember, e($0)) }, network.map { text(.filterNetwork, e($0)) }].compactMap { $0 }
        let chart = HTMLChart(lanes: lanes, asOf: asOf, memberNames: memberNames, networkNames: networkNames,
                              text: text, events: events)
        let tables = HTMLTables(asOf: asOf, text: text, memberNames: memberNames, networkNames: networkNames, events: events)
        var page = [
            "<!DOCTYPE html>",
            "<html lang=\"\(language.rawValue)\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>\(text(.pageTitle, e(ledgerName), day))</title>",
            "<style>", HTMLStyle.css, "</style>",
            "</head>",
            "<body>",
            "<header>",
            "<h1>\(e(ledgerName))</h1>",
            "<p class=\"meta\">\(text(.asOf, day)), \(known)</p>",
            "<p class=\"meta\">\(text(.computedFrom, String(head.seq), "<span class=\"hash\">\(head.hash.hex)</span>"))</p>",
        ]
        if !filters.isEmpty { page.append("<p class=\"meta\">\(text(.showing, filters.joined(separator: ", ")))</p>") }
        page += [
            "<p class=\"meta\">\(text.count(status.count, one: .commitmentOne, other: .commitmentOther)), "
                + "\(text.count(timeline.count, one: .eventOne, other: .eventOther))</p>",
            "</header>",
            "<main>",
            "<section>",
            "<h2>\(text(.headingTimeline))</h2>",
            chart.render(),
            "<p class=\"notes\">\(text(.chartNotes, day))</p>",
            "</section>",
            "<section>",
            "<h2>\(text(.headingStatus))</h2>",
            tables.status(status),
            "</section>",
            "<section>",
            "<h2>\(text(.headingEvents))</h2>",
            tables.timeline(timeline),
            "<p class=\"notes\">\(text(.eventsNotes, day, "<code>memberships audit --event ID</code>"))</p>",
            "</section>",
            "</main>",
            "<footer>\(text(.footer, e(Help.version), day, String(head.seq)))</footer>",
            "</body>",
            "</html>",
        ]
        return page.joined(separator: "\n") + "\n"
    }
}
