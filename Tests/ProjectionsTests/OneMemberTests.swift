import TestSupport
import Testing
@testable import Ledger
@testable import Projections

/// One member's views of a large log, from a replay of the core and that member's facts
/// (`OneMember`), against the whole log's replay: the same status rows, profile and
/// timeline, as of any day and known at any line.
@Suite("One member replayed alone")
struct OneMemberTests {
    /// A message for each view of `member` where the replay of that member alone differs from
    /// `whole`, the whole log's replay with the same `knownAt`.
    static func differences(_ ledger: TestLedger, member slug: String, whole: Replay, knownAt: KnownAt?, days: [Day]) throws -> [String] {
        try StatusInRangesTests.spilled(ledger) { core, spill, file in
            let alone = try OneMember.replay(core: core, spill: spill, file: file, knownAt: knownAt, slug: slug)
            let known = (try? whole.checkMember(slug)) != nil
            guard known else {
                // An unknown slug is unknown here too (the command line then words its error
                // with the whole replay).
                return (try? alone.checkMember(slug)) == nil ? [] : ["\(slug) is a member alone but not in the whole log"]
            }
            guard (try? alone.checkMember(slug)) != nil else { return ["\(slug) is not a member of its replay alone"] }
            let member = MemberID(slug)
            var found: [String] = []
            for day in days {
                if alone.status(asOf: day, member: member, network: nil) != whole.status(asOf: day, member: member, network: nil) {
                    found.append("status of \(slug) as of \(day)")
                }
                if alone.member(member, asOf: day) != whole.member(member, asOf: day) {
                    found.append("profile of \(slug) as of \(day)")
                }
                if alone.timeline(asOf: day, member: member, network: nil, from: nil, to: nil)
                    != whole.timeline(asOf: day, member: member, network: nil, from: nil, to: nil) {
                    found.append("timeline of \(slug) as of \(day)")
                }
                for n in 0..<2 where alone.status(asOf: day, member: member, network: NetworkID("n\(n)"))
                    != whole.status(asOf: day, member: member, network: NetworkID("n\(n)")) {
                    found.append("status of \(slug) in n\(n) as of \(day)")
                }
            }
            return found
        }
    }

    @Test("random ledgers: each member alone gives the whole replay's status, profile and timeline of that member",
          arguments: PropertyTests.seeds.filter { $0 % 3 == 2 })
    func randomLedgers(seed: UInt64) throws {
        let ledger = try RandomLedger.make(seed: seed, attempts: 220)
        let days = PropertyTests.days(of: ledger.events, count: 2, seed: seed) + [Day(year: 2999, month: 12, day: 31)!]
        var rows = 0
        for knownAt in [nil, KnownAt.seq(ledger.events.count * 2 / 3)] {
            let whole = Replay(events: ledger.events, knownAt: knownAt)
            for m in 0..<5 {
                let slug = "m\(m)"
                let found = try Self.differences(ledger, member: slug, whole: whole, knownAt: knownAt, days: days)
                #expect(found.isEmpty, "seed \(seed), known at \(String(describing: knownAt)): \(found)")
                rows += whole.status(asOf: days.last!, member: MemberID(slug), network: nil).count
            }
        }
        #expect(rows > 0, "seed \(seed): no row was compared")
    }

    @Test("corrections that move events between members, and a registration corrected: each member alone, at every known-at")
    func movedEvents() throws {
        let ledger = try TestLedger(input: StatusInRangesTests.moving + "\n" + """
            {"id":"c3","type":"correction","target":"reg-zed","set":{"name":"Zed City","kind":"region"},"reason":"renamed in the source"}
            """)
        let end = Day(year: 2999, month: 12, day: 31)!
        for seq in [nil] + Array(1...ledger.events.count).map(Optional.some) {
            let knownAt = seq.map(KnownAt.seq)
            let whole = Replay(events: ledger.events, knownAt: knownAt)
            for slug in ["ann", "zed", "nobody"] {
                let found = try Self.differences(ledger, member: slug, whole: whole, knownAt: knownAt,
                                                 days: [end, Day(year: 2013, month: 12, day: 31)!])
                #expect(found.isEmpty, "known at \(String(describing: knownAt)): \(found)")
            }
        }
        // The registration as corrected, read back whole.
        let alone = try StatusInRangesTests.spilled(ledger) { core, spill, file in
            try OneMember.replay(core: core, spill: spill, file: file, knownAt: nil, slug: "zed")
        }
        #expect(alone.member(MemberID("zed"), asOf: end).name == "Zed City")
        #expect(alone.status(asOf: end, member: MemberID("zed"), network: nil).count == 2)
    }

    @Test("the worked example: every member alone, as of every tenth year it spans")
    func workedExample() throws {
        let ledger = try TestLedger(stored: Array(try Fixtures.data("worked/ledger.jsonl")))
        let whole = Replay(events: ledger.events, knownAt: nil)
        let members = Set(ledger.events.compactMap { $0.type == .member ? $0.member?.rawValue : nil })
        #expect(members.count > 1)
        for slug in members.sorted() {
            let found = try Self.differences(ledger, member: slug, whole: whole, knownAt: nil,
                                             days: stride(from: 2000, through: 2030, by: 10).map { Day(year: $0, month: 6, day: 30)! })
            #expect(found.isEmpty, "\(found)")
        }
    }
}
