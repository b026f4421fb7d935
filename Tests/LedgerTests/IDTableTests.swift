import Testing
@testable import Ledger

@Suite("the table of ids")
struct IDTableTests {
    private func entry(_ seq: Int, _ type: EventType = .milestone, retracted: Bool = false) -> LedgerIndex.Entry {
        LedgerIndex.Entry(seq: seq, type: type, retracted: retracted)
    }

    @Test("stores, finds, replaces; an id not stored is not found; a dictionary holds the same")
    func storeAndFind() {
        var table = IDTable()
        #expect(table[EventID("a")] == nil)
        table[EventID("a")] = entry(1, .ledger)
        table[EventID("b")] = entry(2)
        #expect(table[EventID("a")] == entry(1, .ledger))
        #expect(table[EventID("b")] == entry(2))
        #expect(table[EventID("c")] == nil)
        #expect(table[EventID("A")] == nil, "ids are case-sensitive")
        table[EventID("b")]?.retracted = true
        #expect(table[EventID("b")] == entry(2, retracted: true))
        table[EventID("zzz")]?.retracted = true
        #expect(table[EventID("zzz")] == nil, "a change to an id not stored stores nothing")
        #expect(table.count == 2)
        #expect(table.dictionary == [EventID("a"): entry(1, .ledger), EventID("b"): entry(2, retracted: true)])
        #expect(table.map(\.id) == [EventID("a"), EventID("b")], "in the order first stored")
    }

    @Test("a hundred thousand ids, the table growing many times: each found with its own entry")
    func growth() {
        var table = IDTable()
        let ids = (0..<100_000).map { EventID("evt-\($0 * 7919 % 100_003)-\($0)") }
        for (k, id) in ids.enumerated() { table[id] = entry(k + 1) }
        #expect(table.count == ids.count)
        for (k, id) in ids.enumerated() where table[id] != entry(k + 1) {
            Issue.record("\(id) lost its entry")
            break
        }
        #expect(table[EventID("evt-missing")] == nil)
        var reserved = IDTable()
        reserved[EventID("first")] = entry(1)
        reserved.reserveCapacity(50_000)
        #expect(reserved[EventID("first")] == entry(1), "reserving keeps what is stored")
    }

    @Test("keys that share the half of their hash a slot keeps, and their slot, are told apart by the whole key")
    func halfHashTwins() {
        // A slot keeps the high half of a key, and the low bits choose it: these two differ
        // only in bit 20, above the slots of a small table, so they land in one slot with
        // one half, and only the whole key tells them apart.
        let key: UInt64 = 0x1234_5678_0000_0005, twin = key ^ (1 << 20)
        var table = IDTable()
        table[EventID(unreadKey: key)] = entry(1)
        #expect(table.holds(key: key))
        #expect(!table.holds(key: twin), "a twin half is not the key")
        table[EventID(unreadKey: twin)] = entry(2)
        #expect(table.count == 2 && table.holds(key: twin))
        // The same for ids with their text, and across the table's growth.
        var named = IDTable()
        let a = EventID(unsafeKey: key, "a"), b = EventID(unsafeKey: twin, "b")
        named[a] = entry(1)
        #expect(named[b] == nil)
        named[b] = entry(2)
        for k in 0..<1_000 { named[EventID("filler-\(k)")] = entry(3 + k) }
        #expect(named[a] == entry(1) && named[b] == entry(2))
        #expect(named[EventID(unsafeKey: key ^ (1 << 21), "a")] == nil)
    }

    /// Lines whose ids are read back by seq, as `verify`'s are.
    private final class Lines: StoredLines, @unchecked Sendable {
        let ids: [Int: EventID]
        var asked = 0
        init(_ ids: [Int: EventID]) { self.ids = ids }
        func event(at seq: Int) -> Event? { nil }
        func id(at seq: Int) -> EventID? {
            asked += 1
            return ids[seq]
        }
    }

    /// Id `a` stored by its key alone, at line 1; `b`, at line 2, has the same key (a
    /// collision, as a table of a million ids might meet) and is not stored yet.
    private func collision() -> (a: EventID, b: EventID, lines: Lines, table: IDTable) {
        let a = EventID("a")
        let b = EventID(unsafeKey: a.key, "b")
        let lines = Lines([1: a, 2: b])
        var table = IDTable()
        table.lines = lines
        table[EventID(unreadKey: a.key)] = entry(1)
        return (a, b, lines, table)
    }

    @Test("an id stored by its key alone is read back from its line when a key matches, and told apart by its text")
    func storedByKey() {
        let made = collision(), a = made.a, b = made.b, lines = made.lines
        var table = made.table
        #expect(table.holds(key: a.key))
        #expect(!table.holds(key: EventID("c").key))
        #expect(table[b] == nil, "same key, other text: not the id stored")
        #expect(lines.asked == 1, "the stored id's text was read back once")
        table[b] = entry(2)
        #expect(table.count == 2)
        #expect(table[a] == entry(1))
        #expect(table[b] == entry(2))
        #expect(table[EventID("c")] == nil)
        #expect(table.map(\.id) == [a, b], "iterated with their texts")
        #expect(table.map(\.id).map(\.rawValue) == ["a", "b"])
        #expect(table.dictionary == [a: entry(1), b: entry(2)])
    }

    @Test("moved into a larger table made elsewhere: the same ids, entries and order, ids by key alone still read back, and it grows on")
    func movedInto() {
        let made = collision(), a = made.a, b = made.b
        var small = made.table
        small[b] = entry(2)
        let more = (3..<2_000).map { EventID("m\($0)") }
        for (k, id) in more.enumerated() { small[id] = entry(k + 3) }
        var large = IDTable()
        large.reserveReady(10_000)
        var moved = small.moved(into: large)
        #expect(moved == small)
        #expect(moved.count == more.count + 2)
        #expect(moved.map(\.id) == small.map(\.id), "in the order first stored")
        #expect(moved.holds(key: a.key) && moved[a] == entry(1) && moved[b] == entry(2))
        #expect(more.enumerated().allSatisfy { moved[$1] == entry($0 + 3) })
        // New ids after the move: found, and a second id with a stored id's key told apart.
        moved[EventID("after")] = entry(5_000)
        #expect(moved[EventID("after")] == entry(5_000) && moved[EventID("m3")] == entry(3))
        #expect(moved[EventID(unsafeKey: a.key, "c")] == nil)
        #expect(moved.count == more.count + 3)
    }

    @Test("equal when the same ids have the same entries, in whatever order they were stored")
    func equality() {
        var a = IDTable(), b = IDTable()
        a[EventID("x")] = entry(1)
        a[EventID("y")] = entry(2)
        b[EventID("y")] = entry(2)
        b[EventID("x")] = entry(1)
        #expect(a == b)
        b[EventID("x")] = entry(1, retracted: true)
        #expect(a != b)
        b[EventID("x")] = entry(1)
        b[EventID("z")] = entry(3)
        #expect(a != b)
    }
}
