import Foundation
import Testing
import TestSupport
import Ledger
@testable import Projections
@testable import MembershipsCLI

/// The report's lanes take their markers from the timeline grouped once by pair and by
/// network: the same markers, in the same order, as reading the whole timeline for each lane.
@Suite("report lanes")
struct ReportLaneTests {
    static let logs = ["/Tests/ProjectionsTests/Fixtures/worked/ledger.jsonl", "/Events/ledger.jsonl"]

    /// A lane's markers read from the whole timeline: a life event of the pair (not a start),
    /// or a merger or closure of its network, dated within the lane (before the end of a
    /// renewed commitment, which the renewal's own lane shows).
    static func markers(_ span: CommitmentSpan, _ timeline: [TimelineRow], asOf: Day) -> [Int] {
        let row = span.row
        let from = (try? EDTFDate.parse(row.since))?.earliest ?? asOf
        let end = span.endedOn ?? asOf
        return timeline.filter { event in
            guard event.network == row.network else { return false }
            if let member = event.member {
                guard member == row.member, !["membership", "signature", "selection"].contains(event.type.rawValue) else { return false }
            } else {
                guard event.type == .merger || event.type == .closure else { return false }
            }
            return event.earliest >= from && (row.reason == "renewed" ? event.earliest < end : event.earliest <= end)
        }.map(\.seq)
    }

    @Test("every lane's markers are those of the whole timeline, in its order, at several days", arguments: logs)
    func sameMarkers(_ log: String) throws {
        let (events, _) = try LogReader.events(in: Array(try Data(contentsOf: URL(fileURLWithPath: Conformance.packageRoot + log))), file: log)
        let replay = Replay(events: events, knownAt: nil)
        var markers = 0, endings = 0
        for year in [2005, 2010, 2015, 2016, 2020, 2030] {
            let day = Day(year: year, month: 6, day: 30)!
            let spans = replay.spans(asOf: day, member: nil, network: nil)
            let timeline = replay.timeline(asOf: day, member: nil, network: nil, from: nil, to: nil)
            let lanes = ReportLane.lanes(spans: spans, timeline: timeline, asOf: day)
            #expect(lanes.count == spans.count)
            for (lane, span) in zip(lanes, spans) {
                #expect(lane.row == span.row)
                #expect(lane.markers.map(\.seq) == Self.markers(span, timeline, asOf: day), "\(span.row.member) in \(span.row.network) as of \(day)")
                markers += lane.markers.count
                endings += lane.markers.filter { $0.member == nil }.count
            }
        }
        // The comparison saw markers, and on the shipped ledger mergers and closures among them.
        #expect(markers > 0)
        if log.hasPrefix("/Events") { #expect(endings > 0) }
    }

    /// A timeline row of `type` on `day` (of June 2010) at line `seq`.
    static func event(_ seq: Int, _ type: EventType, member: String?, network: String, day: Int) -> TimelineRow {
        let date = Day(year: 2010, month: 6, day: day)!
        return TimelineRow(seq: seq, id: EventID("e\(seq)"), type: type, date: "\(date)", earliest: date, latest: date,
                           certain: true, member: member.map { MemberID($0) }, network: NetworkID(network),
                           summary: "", corrected: false, source: nil, note: nil)
    }

    @Test("a life event on the day its network closes, after the closure in the timeline, stays after it on the lane")
    func interleaved() throws {
        // §4 order: by day, then by type; the milestone of day 12 is after the closure of day 12.
        let timeline = [
            Self.event(2, .membership, member: "a", network: "n", day: 1),
            Self.event(3, .milestone, member: "a", network: "n", day: 10),
            Self.event(4, .milestone, member: "b", network: "n", day: 10),
            Self.event(5, .activity, member: "a", network: "n", day: 11),
            Self.event(6, .closure, member: nil, network: "m", day: 11),
            Self.event(7, .closure, member: nil, network: "n", day: 12),
            Self.event(8, .milestone, member: "a", network: "n", day: 12),
            Self.event(9, .milestone, member: "a", network: "n", day: 13),
        ]
        let row = StatusRow(member: MemberID("a"), network: NetworkID("n"), via: "membership", since: "2010-06-01",
                            status: .ended, reason: "closed", basis: nil, badge: nil, certain: true, rules: [])
        let span = CommitmentSpan(row: row, endedOn: Day(year: 2010, month: 6, day: 12)!)
        let asOf = Day(year: 2010, month: 12, day: 31)!
        let lanes = ReportLane.lanes(spans: [span], timeline: timeline, asOf: asOf)
        #expect(lanes.map { $0.markers.map(\.seq) } == [[3, 5, 7, 8]])
        #expect(lanes.first?.markers.map(\.seq) == Self.markers(span, timeline, asOf: asOf))
    }
}
