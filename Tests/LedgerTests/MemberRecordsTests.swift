import Testing
import TestSupport
@testable import Ledger

/// The validator keeps each member's registration, marks and references in one record
/// (`MemberRecords`), and each network's members as a list that is not pruned when marks
/// are taken back (`LedgerIndex.members(in:)` leaves those out).
@Suite("one record per member")
struct MemberRecordsTests {
    @Test("records are found by slug across growth, and slugs sharing a key stay apart")
    func table() {
        var records = MemberRecords()
        var random = SplitMix64(seed: 11)
        let slugs = (0..<5_000).map { k in MemberID("m-\(k)-\(random.next() % 1_000)") }
        for (k, m) in slugs.enumerated() { records.update(m) { $0.registration = k + 1 } }
        // Two slugs with one key: told apart by their text.
        let first = MemberID(unsafeKey: 42, "first"), second = MemberID(unsafeKey: 42, "second")
        records.update(first) { $0.references = [7] }
        records.update(second) { $0.references = [8] }
        #expect(slugs.enumerated().allSatisfy { records[$0.element].registration == $0.offset + 1 })
        #expect(records[first].references == [7] && records[second].references == [8])
        #expect(records[MemberID("nobody")].isEmpty)
        #expect(records[MemberID(unsafeKey: 42, "third")].isEmpty)
        #expect(Array(records.all).count == slugs.count + 2)
    }

    /// An event of a bare validator's log, stamped with its line.
    private func event(_ seq: Int, _ text: String) throws -> Event {
        var e = try EventDecoder.decode(try JSONReader.parse(text), mode: .input)
        e.seq = seq
        e.recorded = Timestamp(seconds: 1_767_225_600 + Int64(seq))
        return e
    }

    @Test("a network's members: each once, and not one whose marks there were all taken back")
    func networkMembers() throws {
        var validator = Validator()
        let lines = [
            #"{"id":"g","type":"ledger","format":1,"name":"t"}"#,
            #"{"id":"rp","type":"member","member":"paris","name":"Paris","kind":"city"}"#,
            #"{"id":"rl","type":"member","member":"lyon","name":"Lyon","kind":"city"}"#,
            #"{"id":"nc","type":"network","network":"c40","name":"C40","kind":"network"}"#,
            #"{"id":"no","type":"network","network":"other","name":"Other","kind":"network"}"#,
            #"{"id":"s1","type":"membership","member":"paris","network":"c40","date":"2007"}"#,
            #"{"id":"m1","type":"milestone","member":"paris","network":"c40","date":"2008","milestone":"plan"}"#,
            #"{"id":"s2","type":"membership","member":"lyon","network":"c40","date":"2009"}"#,
            #"{"id":"s3","type":"membership","member":"lyon","network":"other","date":"2009"}"#,
        ]
        for (i, line) in lines.enumerated() { try validator.admit(try event(i + 1, line)) }
        let c40 = NetworkID("c40"), other = NetworkID("other")
        #expect(Set(validator.index.members(in: c40)) == [MemberID("paris"), MemberID("lyon")])
        #expect(validator.index.members(in: c40).count == 2)
        #expect(validator.index.members(in: other) == [MemberID("lyon")])

        // Lyon's start in c40 moved to `other`: Lyon is no longer c40's, and `other` lists it once.
        try validator.admit(try event(10, #"{"id":"c1","type":"correction","target":"s2","set":{"network":"other","date":"2010"},"reason":"r"}"#))
        #expect(validator.index.members(in: c40) == [MemberID("paris")])
        #expect(validator.index.members(in: other) == [MemberID("lyon")])
        #expect(validator.index.memberRecords[MemberID("lyon")].networks.map(\.marks) == [2])

        // Paris's milestone retracted: Paris is still c40's through its start.
        try validator.admit(try event(11, #"{"id":"x1","type":"retraction","target":"m1","reason":"r"}"#))
        #expect(validator.index.members(in: c40) == [MemberID("paris")])
        #expect(validator.index.memberRecords[MemberID("paris")].active.map(\.seq) == [6])

        // The state read back from its parts (as a writer's cache loads it) answers the same.
        var rebuilt = validator.index
        rebuilt.networkMembers = [:]
        rebuilt.rebuildDerived()
        for n in [c40, other] { #expect(Set(rebuilt.members(in: n)) == Set(validator.index.members(in: n))) }
        #expect(rebuilt.memberRecords[MemberID("lyon")] == validator.index.memberRecords[MemberID("lyon")])
    }
}
