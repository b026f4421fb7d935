import Testing
import TestSupport
import Ledger
@testable import Projections

/// The audit trail of a pair reads back only the lines that can be in it: the same rows as
/// reading every line, on random ledgers whose corrections move events between pairs.
@Suite("audit of a pair, from the lines picked")
struct AuditPairTests {
    @Test("every pair's and every event's trail is the trail read from every line, as known now and at earlier lines")
    func sameRows() throws {
        var moves = 0, shown = 0
        for seed in 1...12 as ClosedRange<UInt64> { try sameRows(seed: seed, moves: &moves, shown: &shown) }
        // The ledgers move events between pairs, and trails show those moves (else the test
        // would not exercise what it is about).
        #expect(moves > 0)
        #expect(shown > 0)
    }

    private func sameRows(seed: UInt64, moves: inout Int, shown: inout Int) throws {
        let ledger = try RandomLedger.make(seed: seed, moving: true)
        let moving = Set(ledger.events.filter { event in
            guard event.type == .correction, case .object(let set)? = event.value("set") else { return false }
            return set.contains { $0.key == "member" || $0.key == "network" }
        }.map(\.id))
        moves += moving.count
        for knownAt in [nil, KnownAt.seq(ledger.events.count / 2)] {
            let replay = Replay(events: ledger.events, knownAt: knownAt)
            for m in 0..<RandomLedger.Shape.standard.members {
                for n in 0..<RandomLedger.Shape.standard.networks {
                    let member = MemberID("m\(m)"), network = NetworkID("n\(n)")
                    let picked = AuditTrail.rows(replay: replay, member: member, network: network)
                    let every = AuditTrail.rows(replay: replay, member: member, network: network, readingEvery: true)
                    #expect(picked == every, "seed \(seed), \(member) in \(network), known at \(String(describing: knownAt))")
                    shown += picked.filter { moving.contains($0.id) }.count
                }
            }
            // Every id, known or not yet known (then both give the same error).
            for event in ledger.events {
                let picked = Result { () throws(ViewError) in try AuditTrail.rows(replay: replay, event: event.id) }
                let every = Result { () throws(ViewError) in try AuditTrail.rows(replay: replay, event: event.id, readingEvery: true) }
                #expect(picked == every, "seed \(seed), \(event.id), known at \(String(describing: knownAt))")
            }
        }
    }

    @Test("a correction's summary names its target's type with its article: an activity, a membership")
    func article() throws {
        let ledger = try TestLedger(input: """
            {"id":"r-m","type":"member","member":"m","name":"M","kind":"city"}
            {"id":"r-n","type":"network","network":"n","name":"N","kind":"network"}
            {"id":"j","type":"membership","member":"m","network":"n","date":"2010"}
            {"id":"a","type":"activity","member":"m","network":"n","date":"2011","title":"Talk"}
            {"id":"c1","type":"correction","target":"a","set":{"date":"2012"},"reason":"typo"}
            {"id":"c2","type":"correction","target":"j","set":{"date":"2009"},"reason":"typo"}
            """)
        let rows = AuditTrail.rows(events: ledger.events, knownAt: nil, member: MemberID("m"), network: NetworkID("n"))
        #expect(rows.map(\.summary).filter { $0.hasPrefix("Correction") } == [
            "Correction of a (an activity): date 2011 → 2012; reason: typo",
            "Correction of j (a membership): date 2010 → 2009; reason: typo",
        ])
    }
}
