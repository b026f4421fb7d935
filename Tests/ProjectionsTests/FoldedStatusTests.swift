import Foundation
import TestSupport
import Testing
import Ledger
@testable import Projections

/// The status folded once over every date (what a snapshot at the head keeps) against the
/// replay it was folded from: the same rows as of every day, with every filter, before and
/// after its binary form.
@Suite("Folded status")
struct FoldedStatusTests {
    /// The status rows of the replay and of the folded status (also encoded and decoded), as
    /// of `day`, with the filters; a message when any differ.
    static func difference(_ replay: Replay, _ folded: FoldedStatus, asOf day: Day,
                           member: MemberID?, network: NetworkID?) -> String? {
        let expected = replay.status(asOf: day, member: member, network: network)
        let decoded = FoldedStatus.decoded(folded.encoded()[...])
        for (label, status) in [("folded", Optional(folded)), ("decoded", decoded)] {
            guard let status else { return "\(label): does not decode" }
            let actual = Array(status.statusRows(asOf: day, member: member, network: network))
            if actual != expected {
                let first = zip(actual, expected).first { $0 != $1 }
                return "\(label) as of \(day), member \(member?.rawValue ?? "-"), network \(network?.rawValue ?? "-"): "
                    + "\(actual.count) rows vs \(expected.count); first difference: \(String(describing: first))"
            }
        }
        return nil
    }

    @Test("random ledgers: the folded status gives the replay's rows as of every day looked at, with every filter",
          arguments: PropertyTests.seeds)
    func randomLedgers(seed: UInt64) throws {
        for (label, shape, attempts) in [("standard", RandomLedger.Shape.standard, 220), ("wide", .wide, 600)] {
            let ledger = try RandomLedger.make(seed: seed, attempts: attempts, shape: shape)
            let replay = Replay(events: ledger.events, knownAt: nil)
            let folded = FoldedStatus(replay)
            let ends = [Day(year: 999, month: 12, day: 31)!, Day(year: 2999, month: 12, day: 31)!]
            var checked = 0
            for day in PropertyTests.days(of: ledger.events, count: 12, seed: seed) + ends {
                for (member, network) in [(nil, nil), (MemberID("m1"), nil), (nil, NetworkID("n2")), (MemberID("m0"), NetworkID("n0"))] {
                    if let difference = Self.difference(replay, folded, asOf: day, member: member, network: network) {
                        Issue.record("\(label) seed \(seed): \(difference)")
                        return
                    }
                    checked += replay.status(asOf: day, member: member, network: network).count
                }
            }
            #expect(checked > 0, "\(label) seed \(seed): no row was compared")
        }
    }

    @Test("the worked example: the folded status gives the replay's rows as of every year it spans")
    func workedExample() throws {
        let ledger = try TestLedger(stored: Array(try Fixtures.data("worked/ledger.jsonl")))
        let replay = Replay(events: ledger.events, knownAt: nil)
        let folded = FoldedStatus(replay)
        for year in 2000...2030 {
            for (month, day) in [(1, 1), (6, 30), (12, 31)] {
                let asOf = Day(year: year, month: month, day: day)!
                #expect(Self.difference(replay, folded, asOf: asOf, member: nil, network: nil) == nil)
            }
        }
        #expect(folded.entries.count == replay.book(asOf: AuditTrail.farFuture).commitments.count)
    }

    @Test("it keeps only the strings its rows and policies name")
    func keepsFewStrings() throws {
        let ledger = try RandomLedger.make(seed: 3)
        let replay = Replay(events: ledger.events, knownAt: nil)
        let folded = FoldedStatus(replay)
        #expect(folded.names.count < replay.names.count)
        // Activities' titles are not in facts; their networks and members may be: what a
        // status row never names is left out.
        for handle in 0..<Int32(folded.names.count) {
            #expect(replay.handle(folded.names.string(handle)) != nil)
        }
    }

    @Test("read back from its bytes, nothing is interned, yet every string and every policy's milestone is found as the folded status has it")
    func readBackFindsNames() throws {
        let ledger = try RandomLedger.make(seed: 5)
        let folded = FoldedStatus(Replay(events: ledger.events, knownAt: nil))
        let decoded = try #require(FoldedStatus.decoded(folded.encoded()[...]))
        guard case .encoded = decoded.names else {
            Issue.record("a status read back interned its strings")
            return
        }
        #expect(decoded.names.count == folded.names.count)
        for handle in 0..<Int32(folded.names.count) {
            let text = folded.names.string(handle)
            #expect(decoded.names.find(text) == handle, "\(text)")
            #expect(decoded.names.string(handle) == text)
        }
        #expect(decoded.names.find("no-such-slug") == nil)
        var milestones = 0
        for (network, list) in folded.policies.networks {
            let read = try #require(decoded.policies.networks[network])
            #expect(read.count == list.count)
            for (a, b) in zip(list, read) {
                #expect(a.rules.map(\.handle) == b.rules.map(\.handle) && a.rules.map(\.milestone) == b.rules.map(\.milestone))
                #expect(a.every.map(\.handle) == b.every.map(\.handle) && a.every.map(\.after) == b.every.map(\.after))
                milestones += a.rules.filter { $0.handle != Interner.none }.count
            }
        }
        #expect(milestones > 0, "the ledger's policies name milestones its events meet")
    }

    @Test("--member and --network: registered names pass, others fail with a suggestion, as the replay says")
    func filters() throws {
        let ledger = try RandomLedger.make(seed: 5)
        let replay = Replay(events: ledger.events, knownAt: nil)
        let folded = try #require(FoldedStatus.decoded(FoldedStatus(replay).encoded()[...]))
        for name in ["m0", "m3", "m9", "n0", "zz", "m"] {
            let member = (Self.outcome { () throws(ViewError) in try folded.checkMember(name).rawValue },
                          Self.outcome { () throws(ViewError) in try replay.checkMember(name).rawValue })
            let network = (Self.outcome { () throws(ViewError) in try folded.checkNetwork(name).rawValue },
                           Self.outcome { () throws(ViewError) in try replay.checkNetwork(name).rawValue })
            #expect(member.0 == member.1, "\(name)")
            #expect(network.0 == network.1, "\(name)")
        }
        #expect(Self.outcome { () throws(ViewError) in try folded.checkMember("m10") }.contains("did you mean"))
    }

    static func outcome<T>(_ body: () throws(ViewError) -> T) -> String {
        do { return "ok \(try body())" } catch { return "error \(error.message)" }
    }

    @Test("status parts the fuzzer found (Tests/Fuzz/regressions/folded) read back as nothing, or as a status that encodes again the same; never a crash")
    func fuzzRegressions() throws {
        let folder = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/regressions/folded").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(!files.isEmpty, "no inputs in \(folder)")
        for file in files {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file)))
            if let status = FoldedStatus.decoded(bytes[...]) {
                let encoded = status.encoded()
                #expect(FoldedStatus.decoded(encoded[...])?.encoded() == encoded, "\(file)")
                _ = Array(status.statusRows(asOf: Day(year: 2016, month: 1, day: 1)!, member: nil, network: nil))
            }
        }
    }

    @Test("a commitment's type code out of range (the fuzzer's find: the lowest Int32) is refused, not a trap")
    func viaOutOfRange() throws {
        let ledger = try RandomLedger.make(seed: 4)
        let folded = FoldedStatus(Replay(events: ledger.events, knownAt: nil))
        var entry = folded.entries[0]
        entry.via = nil
        entry.first = 0
        entry.count = 0
        let one = FoldedStatus(names: folded.names, dates: folded.dates, policies: folded.policies, members: folded.members, networks: folded.networks,
                               entries: [entry], changes: [])
        let bytes = one.encoded()
        #expect(FoldedStatus.decoded(bytes[...]) != nil)
        // The one entry ends one byte (no changes: a count of 0) before the end; via is its fourth value.
        let at = bytes.count - 1 - FoldedStatus.entrySize + 12
        #expect(Array(bytes[at..<at + 4]) == [0, 0, 0, 0])
        for via: Int32 in [Int32.min, -1, 257, Int32.max, Int32(EventType.milestone.code) + 1] {
            var damaged = bytes
            withUnsafeBytes(of: via.littleEndian) { damaged.replaceSubrange(at..<at + 4, with: $0) }
            #expect(FoldedStatus.decoded(damaged[...]) == nil, "via \(via)")
        }
        var membership = bytes
        withUnsafeBytes(of: (Int32(EventType.membership.code) + 1).littleEndian) { membership.replaceSubrange(at..<at + 4, with: $0) }
        #expect(FoldedStatus.decoded(membership[...])?.entries.first?.via == .membership)
    }

    @Test("a milestone or recognition without a name, or another change with one, is refused (the fuzzer's find: a badge-less recognition trapped when shown)")
    func changeDetails() throws {
        let ledger = try RandomLedger.make(seed: 6)
        let folded = FoldedStatus(Replay(events: ledger.events, knownAt: nil))
        #expect(FoldedStatus.decoded(folded.encoded()[...]) != nil)
        var tried = Set<UInt8>()
        for (k, change) in folded.changes.enumerated() where tried.insert(change.kind.rawValue).inserted {
            var changes = folded.changes
            changes[k].detail = change.detail == Interner.none ? 0 : Interner.none
            let odd = FoldedStatus(names: folded.names, dates: folded.dates, policies: folded.policies, members: folded.members,
                                   networks: folded.networks, entries: folded.entries, changes: changes)
            #expect(FoldedStatus.decoded(odd.encoded()[...]) == nil, "\(change.kind)")
        }
        #expect(tried.contains(FoldedStatus.Change.Kind.recognition.rawValue) && tried.contains(FoldedStatus.Change.Kind.milestone.rawValue))
    }

    @Test("every field of a commitment and of a change is checked: a value just out of range is refused, the last one in range read")
    func fieldRanges() throws {
        let ledger = try RandomLedger.make(seed: 6)
        let folded = FoldedStatus(Replay(events: ledger.events, knownAt: nil))
        let bytes = folded.encoded()
        let entries = folded.entries.count, changes = folded.changes.count
        let strings = Int32(folded.names.count), dates = Int32(folded.dates)
        #expect(entries > 0 && changes > 0)
        // The changes are the last part, the commitments the part before, each after its count
        // (a varint); the first commitment's changes are the first ones.
        let changeStart = bytes.count - changes * FoldedStatus.changeSize
        var countBytes = 1
        while changes >> (7 * countBytes) > 0 { countBytes += 1 }
        let entryStart = changeStart - countBytes - entries * FoldedStatus.entrySize
        /// Whether the encoding reads back with `value` at `offset`.
        func reads(_ value: Int32, at offset: Int) -> Bool {
            var damaged = bytes
            withUnsafeBytes(of: value.littleEndian) { damaged.replaceSubrange(offset..<offset + 4, with: $0) }
            return FoldedStatus.decoded(damaged[...]) != nil
        }
        let (first, last) = (FoldedStatus.days.lowerBound, FoldedStatus.days.upperBound)
        // A commitment: member, network, origin (strings), begins (a day), start date (a date),
        // settles (a day).
        for (field, bad, good) in [(0, strings, strings - 1), (1, strings, strings - 1), (2, strings, strings - 1),
                                   (0, -1, 0), (4, first - 1, first), (4, last + 1, last), (5, dates, dates - 1),
                                   (5, -1, 0), (6, first - 1, first), (6, last + 1, last)] {
            let at = entryStart + 4 * field
            #expect(!reads(bad, at: at), "commitment field \(field) = \(bad)")
            #expect(reads(good, at: at), "commitment field \(field) = \(good)")
        }
        // Its count of changes: one more than there are after it, or fewer than none.
        #expect(!reads(Int32(changes) + 1, at: entryStart + 28))
        #expect(!reads(-1, at: entryStart + 28))
        // A change: its date, and its kind's sign bit (a ninth kind).
        #expect(!reads(dates, at: changeStart + 4))
        #expect(reads(dates - 1, at: changeStart + 4))
        func packed(_ k: Int) -> UInt32 {
            bytes[changeStart + 8 * k..<changeStart + 8 * k + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }
        #expect(!reads(Int32(bitPattern: packed(0) | 1 << 31), at: changeStart))
        // A milestone names one of the strings (detail + 1 in the low bits), the last one at most.
        let k = try #require(folded.changes.firstIndex { $0.kind == .milestone })
        let kind = packed(k) & 0xF000_0000
        #expect(!reads(Int32(bitPattern: kind | UInt32(strings) + 1), at: changeStart + 8 * k))
        #expect(reads(Int32(bitPattern: kind | UInt32(strings)), at: changeStart + 8 * k))
        #expect(!reads(Int32(bitPattern: kind), at: changeStart + 8 * k), "a milestone without a name")
    }

    @Test("a cut or damaged encoding never crashes: every cut is refused, and flipped bytes give nil or rows")
    func damagedEncoding() throws {
        let ledger = try RandomLedger.make(seed: 2)
        let replay = Replay(events: ledger.events, knownAt: nil)
        let bytes = FoldedStatus(replay).encoded()
        #expect(FoldedStatus.decoded(bytes[...]) != nil)
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 400)) {
            #expect(FoldedStatus.decoded(bytes[..<cut]) == nil, "cut at \(cut) of \(bytes.count)")
        }
        #expect(FoldedStatus.decoded((bytes + [0])[...]) == nil, "a byte too many")
        var rng = SplitMix64(seed: 77)
        let day = Day(year: 2030, month: 1, day: 1)!
        var refused = 0
        for _ in 0..<300 {
            var damaged = bytes
            let at = Int.random(in: 0..<damaged.count, using: &rng)
            damaged[at] ^= UInt8.random(in: 1...255, using: &rng)
            // Sealed snapshots never get here damaged; if a crafted one does, no trap.
            if let status = FoldedStatus.decoded(damaged[...]) {
                _ = Array(status.statusRows(asOf: day, member: nil, network: nil))
            } else {
                refused += 1
            }
        }
        #expect(refused > 0)
    }
}
