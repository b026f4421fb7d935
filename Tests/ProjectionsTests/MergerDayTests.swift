import Testing
import Ledger
@testable import Projections

/// A milestone recorded in the new network on the very day of the merger. The validator
/// accepts it (the carried commitment is open from the merger's day), yet in the order of
/// SPEC §4 it sorts before the merger (rank 1 < 3): it must still land on the carried
/// commitment, and not on the one that ended.
@Suite("Life events on the day of a merger")
struct MergerDayTests {
    static let input = """
    {"id":"m-x","type":"member","member":"x","name":"X","kind":"city"}
    {"id":"n-a","type":"network","network":"a","name":"A","kind":"pact"}
    {"id":"n-b","type":"network","network":"b","name":"B","kind":"pact"}
    {"id":"p-a","type":"policy","network":"a","date":"2014-01-01","title":"T","rules":[{"milestone":"target","within":24}]}
    {"id":"x-a","type":"signature","member":"x","network":"a","date":"2015-01-01"}
    {"id":"merge","type":"merger","network":"a","into":"b","date":"2016-06-22"}
    {"id":"x-target","type":"milestone","member":"x","network":"b","date":"2016-06-22","milestone":"target"}
    {"id":"x-susp","type":"suspension","member":"x","network":"b","date":"2016-06-22"}
    """

    @Test("the carried commitment gets them; the merged-away one does not")
    func carried() throws {
        let ledger = try TestLedger(input: Self.input)
        let replay = Replay(events: ledger.events, knownAt: nil)
        let rows = replay.status(asOf: try EDTFDate.parseAsOf("2016-12-31"), member: nil, network: nil).map(\.json)
        try #require(rows.count == 2)
        #expect(rows[0]["network"] == .string("a"))
        #expect(rows[0]["status"] == .string("ended"))
        #expect(rows[0]["reason"] == .string("merged"))
        guard case .array(let endedRules)? = rows[0]["rules"], case .array(let carriedRules)? = rows[1]["rules"] else {
            Issue.record("no rules"); return
        }
        #expect(endedRules.first?["met"] == .bool(false))
        #expect(rows[1]["network"] == .string("b"))
        #expect(rows[1]["via"] == .string("merger"))
        #expect(rows[1]["status"] == .string("suspended"))
        #expect(carriedRules.first?["met"] == .bool(true))
        #expect(carriedRules.first?["metOn"] == .string("2016-06-22"))
        #expect(carriedRules.first?["due"] == .string("2017-01-01"))
    }

    @Test("the timeline shows them before the merger, as §4 orders them")
    func order() throws {
        let ledger = try TestLedger(input: Self.input)
        let replay = Replay(events: ledger.events, knownAt: nil)
        let ids = replay.timeline(asOf: try EDTFDate.parseAsOf("2016"), member: nil, network: nil, from: nil, to: nil).map(\.json)
            .compactMap { $0["id"]?.stringValue }
        #expect(ids == ["p-a", "x-a", "x-target", "x-susp", "merge"])
    }
}
