import Ledger

/// One lane of the report's chart: a commitment (a `status` row), the days its bar covers,
/// and the timeline rows drawn on it as markers. Built only from view rows: no rules here.
///
/// Where a lane ends:
/// - an open commitment (any status but `ended`) runs to the as-of day;
/// - an ended one stops at the earliest day of the event that ended it, found among the
///   timeline rows by the row's `reason`: `withdrawn` — the pair's first withdrawal on or
///   after the start; `merged` / `closed` — the network's first merger / closure on or after
///   the start; `renewed` — the start of the pair's next commitment. When no such event is
///   found (a renewal by a merger into a network where the member already was), the lane
///   stops at the last dated event of the pair, or at the start's latest day.
///
/// A lane starts at its start's earliest day (`since`; a commitment carried by a merger
/// keeps its original start, SPEC §5, so its lane starts there too).
struct ReportLane {
    /// The `status` row.
    let row: JSONValue
    /// The start's date (`since`), nil only if a row carried an unreadable one.
    let start: EDTFDate?
    /// The last day the bar covers.
    let end: Day
    /// The timeline rows shown on the lane: the pair's life events (not starts) and the
    /// network's mergers and closures, dated within the lane.
    let markers: [JSONValue]

    /// The commitment's status (`compliant`, `ended`, …).
    var status: String { row.text("status") }

    /// The day the bar starts (its start's earliest day, or its end for want of one).
    var first: Day { start?.earliest ?? end }

    /// The lanes for `status` rows (in their order), using `timeline` — the unfiltered
    /// timeline as of `asOf` — to find endings and markers.
    static func lanes(status: [JSONValue], timeline: [JSONValue], asOf: Day) -> [ReportLane] {
        status.enumerated().map { index, row in
            let start = try? EDTFDate.parse(row.text("since"))
            let from = start?.earliest ?? asOf
            let renewed = row.text("reason") == "renewed"
            let end = row.text("status") == "ended"
                ? endDay(of: index, in: status, timeline: timeline, from: from)
                : asOf
            let markers = timeline.filter { event in
                guard onLane(event, row), let day = Day.parse(event.text("earliest")) else { return false }
                return day >= from && (renewed ? day < end : day <= end)
            }
            return ReportLane(row: row, start: start, end: max(end, from), markers: markers)
        }
    }

    /// Whether a timeline row belongs on the lane of `row`: a life event of the same pair
    /// (not a start, which begins a lane of its own), or a merger or closure of the network.
    static func onLane(_ event: JSONValue, _ row: JSONValue) -> Bool {
        guard event.text("network") == row.text("network") else { return false }
        let type = event.text("type")
        if event["member"] == .null { return type == "merger" || type == "closure" }
        return event.text("member") == row.text("member") && !startTypes.contains(type)
    }

    /// The event types that begin a commitment.
    static let startTypes: Set<String> = ["membership", "signature", "selection"]

    /// The earliest day of the event that ended the commitment of `status[index]` (see the
    /// type's comment), starting on `from`.
    private static func endDay(of index: Int, in status: [JSONValue], timeline: [JSONValue], from: Day) -> Day {
        let row = status[index]
        let member = row.text("member"), network = row.text("network")
        func firstDay(_ matches: (JSONValue) -> Bool) -> Day? {
            timeline.lazy.filter(matches).compactMap { Day.parse($0.text("earliest")) }.first { $0 >= from }
        }
        let found: Day?
        switch row.text("reason") {
        case "withdrawn":
            found = firstDay { $0.text("type") == "withdrawal" && $0.text("member") == member && $0.text("network") == network }
        case "merged":
            found = firstDay { $0.text("type") == "merger" && $0.text("network") == network }
        case "closed":
            found = firstDay { $0.text("type") == "closure" && $0.text("network") == network }
        default:  // renewed: the next commitment of the pair
            found = status[(index + 1)...].lazy
                .filter { $0.text("member") == member && $0.text("network") == network }
                .compactMap { try? EDTFDate.parse($0.text("since")).earliest }
                .first { $0 > from }
        }
        if let found { return found }
        let pairDays = timeline.filter { $0.text("member") == member && $0.text("network") == network }
            .compactMap { Day.parse($0.text("earliest")) }.filter { $0 >= from }
        return pairDays.max() ?? (try? EDTFDate.parse(row.text("since")).latest) ?? from
    }
}
