import Ledger
import Projections

/// One lane of the report's chart: a commitment (a `status` row), the days its bar covers,
/// and the timeline rows drawn on it as markers. Built only from view rows: no rules here.
///
/// A lane runs from its start's earliest day to the earliest day of the event that ended
/// the commitment, or to the as-of day while it is open (both from `Replay.spans`).
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

    /// The lanes of `spans` (in their order), with their markers from `timeline` — the
    /// unfiltered timeline as of `asOf`.
    static func lanes(spans: [CommitmentSpan], timeline: [JSONValue], asOf: Day) -> [ReportLane] {
        spans.map { span in
            let row = span.row.json
            let start = try? EDTFDate.parse(row.text("since"))
            let from = start?.earliest ?? asOf
            let end = span.endedOn ?? asOf
            let renewed = row.text("reason") == "renewed"
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
}
