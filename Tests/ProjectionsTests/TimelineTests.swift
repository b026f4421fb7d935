import Testing
import Ledger
@testable import Projections

/// The timeline filters of SPEC §5 on `Fixtures/timeline-filters.events.jsonl`
/// (input line k is seq k + 1). Expected seqs worked out by hand:
/// 7 paris-compact 2014-09-23 · 9 paris-nazca 2014-12-11 · 8 lyon-compact 2015-03 ·
/// 10 merge 2016-06-22 · 13 paris-report 2017 · 12 lyon-act 2017-11-20 · 11 rename-nazca 2018-09.
@Suite("Timeline order and filters")
struct TimelineTests {
    let replay: Replay

    init() throws {
        let ledger = try TestLedger(input: try Fixtures.text("timeline-filters.events.jsonl"))
        replay = Replay(events: ledger.events, knownAt: nil)
    }

    func seqs(asOf: String = "2020-12-31", member: String? = nil, network: String? = nil,
              from: String? = nil, to: String? = nil) throws -> [Int] {
        let rows = replay.timeline(asOf: try EDTFDate.parseAsOf(asOf),
                                   member: member.map(MemberID.init), network: network.map(NetworkID.init),
                                   from: try from.map { try EDTFDate.parse($0) }, to: try to.map { try EDTFDate.parse($0) }).map(\.json)
        return rows.compactMap { $0["seq"]?.int64Value.map(Int.init) }
    }

    @Test("every dated event, in the order of SPEC §4; registrations and the genesis left out")
    func all() throws {
        #expect(try seqs() == [7, 9, 8, 10, 13, 12, 11])
    }

    @Test("as of a day, only events whose earliest day is not after it; a year still open is not certain")
    func asOf() throws {
        #expect(try seqs(asOf: "2017-06-30") == [7, 9, 8, 10, 13])
        let rows = replay.timeline(asOf: try EDTFDate.parseAsOf("2017-06-30"), member: nil, network: nil, from: nil, to: nil).map(\.json)
        #expect(rows.last?["certain"] == .bool(false))
        #expect(rows.first?["certain"] == .bool(true))
    }

    @Test("--member keeps its events and the mergers, closures and renames of its networks")
    func member() throws {
        #expect(try seqs(member: "lyon") == [8, 10, 12])
        #expect(try seqs(member: "paris") == [7, 9, 10, 13, 11])
    }

    @Test("--member counts only the commitments started by the as-of day")
    func memberAsOf() throws {
        #expect(try seqs(asOf: "2014-12-31", member: "lyon") == [])
        #expect(try seqs(asOf: "2015-12-31", member: "lyon") == [8])
    }

    @Test("--network keeps events whose network or into is it")
    func network() throws {
        #expect(try seqs(network: "gcom") == [10, 13])
        #expect(try seqs(network: "compact") == [7, 8, 10])
    }

    @Test("--from / --to keep events whose span overlaps [from's earliest, to's latest]")
    func span() throws {
        #expect(try seqs(from: "2015", to: "2016-06") == [8, 10])
        #expect(try seqs(from: "2017-06") == [13, 12, 11])
        #expect(try seqs(to: "2014") == [7, 9])
        #expect(try seqs(from: "2017-12-31", to: "2017-12-31") == [13])
    }

    @Test("filters combine")
    func combined() throws {
        #expect(try seqs(member: "paris", network: "nazca") == [9, 11])
        #expect(try seqs(member: "paris", from: "2016") == [10, 13, 11])
    }

    @Test("rows have exactly the keys of SPEC §6, in order, then the note")
    func keys() throws {
        let rows = replay.timeline(asOf: try EDTFDate.parseAsOf("2020"), member: nil, network: nil, from: nil, to: nil).map(\.json)
        for row in rows {
            guard case .object(let members) = row else { Issue.record("not an object"); continue }
            #expect(members.map(\.key) == ["seq", "id", "type", "date", "earliest", "latest", "certain", "member",
                                           "network", "summary", "corrected", "source", "note"])
        }
        #expect(rows.first?["source"] == .string("seed page"))
        #expect(rows.first { $0["id"] == .string("lyon-act") }?["network"] == .null)
    }
}
