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
