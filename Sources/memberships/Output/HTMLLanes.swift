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
    let row: StatusRow
    /// The start's date (`since`), nil only if a row carried an unreadable one.
    let start: EDTFDate?
    /// The last day the bar covers.
    let end: Day
    /// The timeline rows shown on the lane: the pair's life events (not starts) and the
    /// network's mergers and closures, dated within the lane.
    let markers: [TimelineRow]

    /// The commitment's status (`compliant`, `ended`, …).
    var status: String { row.status.rawValue }

    /// The day the bar starts (its start's earliest day, or its end for want of one).
    var first: Day { start?.earliest ?? end }

    /// The lanes of `spans` (in their order), with their markers from `timeline` — the
    /// unfiltered timeline as of `asOf`.
    static func lanes(spans: [CommitmentSpan], timeline: [TimelineRow], asOf: Day) -> [ReportLane] {
        spans.map { span in
            let row = span.row
            let start = try? EDTFDate.parse(row.since)
            let from = start?.earliest ?? asOf
            let end = span.endedOn ?? asOf
            let renewed = row.reason == "renewed"
            let markers = timeline.filter { event in
                guard onLane(event, row) else { return false }
                let day = event.earliest
                return day >= from && (renewed ? day < end : day <= end)
            }
            return ReportLane(row: row, start: start, end: max(end, from), markers: markers)
        }
    }

    /// Whether a timeline row belongs on the lane of `row`: a life event of the same pair
    /// (not a start, which begins a lane of its own), or a merger or closure of the network.
    static func onLane(_ event: TimelineRow, _ row: StatusRow) -> Bool {
        guard event.network == row.network else { return false }
        let type = event.type.rawValue
        guard let member = event.member else { return type == "merger" || type == "closure" }
        return member == row.member && !startTypes.contains(type)
    }

    /// The event types that begin a commitment.
    static let startTypes: Set<String> = ["membership", "signature", "selection"]
}
