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
    ///
    /// The timeline is grouped once, by pair and by network, so that each lane reads only its
    /// own candidates (a lane per commitment filtering the whole timeline took hours at a
    /// million events).
    static func lanes(spans: [CommitmentSpan], timeline: [TimelineRow], asOf: Day) -> [ReportLane] {
        let candidates = Candidates(timeline)
        return spans.map { span in
            let row = span.row
            let start = try? EDTFDate.parse(row.since)
            let from = start?.earliest ?? asOf
            let end = span.endedOn ?? asOf
            let renewed = row.reason == "renewed"
            let markers = candidates.onLane(row).compactMap { i -> TimelineRow? in
                let event = timeline[i]
                let day = event.earliest
                return day >= from && (renewed ? day < end : day <= end) ? event : nil
            }
            return ReportLane(row: row, start: start, end: max(end, from), markers: markers)
        }
    }

    /// The places in the timeline of the rows that can be markers: each pair's life events
    /// (not starts) and each network's mergers and closures, in timeline order.
    private struct Candidates {
        struct Pair: Hashable {
            let member: MemberID
            let network: NetworkID
        }
        var byPair: [Pair: [Int]] = [:]
        var endings: [NetworkID: [Int]] = [:]

        init(_ timeline: [TimelineRow]) {
            for (i, event) in timeline.enumerated() {
                guard let network = event.network else { continue }
                if let member = event.member {
                    if !event.type.isStart { byPair[Pair(member: member, network: network), default: []].append(i) }
                } else if event.type == .merger || event.type == .closure {
                    endings[network, default: []].append(i)
                }
            }
        }

        /// The places of the rows that belong on the lane of `row`, in timeline order: the
        /// pair's life events (not starts, which begin lanes of their own) and the network's
        /// mergers and closures.
        func onLane(_ row: StatusRow) -> [Int] {
            let own = byPair[Pair(member: row.member, network: row.network)] ?? []
            let ends = endings[row.network] ?? []
            // Both ascend; together, in the timeline's order.
            return ends.isEmpty ? own : (own + ends).sorted()
        }
    }
}
