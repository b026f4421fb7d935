import Foundation
import Testing
@testable import Ledger

@Suite("The log store (SPEC §2, §6, §7)")
struct StoreTests {
    @Test("init writes the genesis event: seq 1, 64-zero prev, format 1, canonical")
    func genesis() throws {
        let l = try TempLedger(name: "demo")
        let text = String(decoding: l.logBytes, as: UTF8.self)
        #expect(text.hasSuffix("\n") && text.split(separator: "\n").count == 1)
        #expect(text.hasPrefix(#"{"seq":1,"id":""#))
        #expect(text.contains(#""type":"ledger","recorded":"2026-01-01T00:00:00Z","format":1,"name":"demo","prev":"0000000000000000000000000000000000000000000000000000000000000000"}"#))
        #expect(throws: LedgerError.self) { try LedgerStore.create(at: l.root, name: "again", by: nil, now: l.clock) }
        #expect(FileManager.default.fileExists(atPath: l.root + "/Snapshots"))
    }

    @Test("append chains each line to the previous one and reports the head")
    func chain() throws {
        let l = try TempLedger()
        let report = try l.append(basics)
        #expect(report.appended.map(\.seq) == [2, 3, 4, 5, 6])
        let lines = l.logBytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 6)
        var previous = SHA256Digest.zero
        for (i, line) in lines.enumerated() {
            let event = try EventDecoder.decode(try JSONReader.parse(Array(line)), mode: .stored)
            #expect(event.seq == i + 1)
            #expect(event.prev == previous)
            previous = SHA256.hash(Array(line))
        }
        #expect(report.head == Head(seq: 6, hash: previous))
        // Canonical: re-encoding each stored line gives the same bytes.
        for line in lines {
            let event = try EventDecoder.decode(try JSONReader.parse(Array(line)), mode: .stored)
            #expect(EventEncoder.line(event) == Array(line))
        }
    }

    @Test("recorded never decreases, even when the clock goes back")
    func recordedMonotonic() throws {
        let l = try TempLedger()
        try l.append(basics)
        l.clock = Timestamp(seconds: 0)
        try l.append(#"{"type":"activity","member":"paris","date":"2016","title":"t"}"#)
        let events = try LogReader.events(in: l.logBytes, file: "x").events
        #expect(events.last!.recorded! >= events[events.count - 2].recorded!)
    }

    @Test("an id appended again with the same content writes nothing; with other content it is a conflict")
    func idempotency() throws {
        let l = try TempLedger()
        try l.append(basics)
        let event = #"{"id":"a1","type":"activity","member":"paris","date":"2016","title":"t","by":"me"}"#
        try l.append(event)
        let before = l.logBytes
        let again = try l.append(event)
        #expect(again.appended.isEmpty)
        #expect(again.existing.map(\.seq) == [7])
        #expect(l.logBytes == before)
        // Key order does not matter; every field the client sent does, `by` included.
        try l.append(#"{"title":"t","by":"me","date":"2016","member":"paris","type":"activity","id":"a1"}"#)
        #expect(l.logBytes == before)
        #expect(l.reject(#"{"id":"a1","type":"activity","member":"paris","date":"2016","title":"t","by":"you"}"#)?.kind == .conflict)
        #expect(l.reject(#"{"id":"a1","type":"activity","member":"paris","date":"2017","title":"t","by":"me"}"#)?.kind == .conflict)
    }

    @Test("--expect-seq appends only when the head is at that seq")
    func expectSeq() throws {
        let l = try TempLedger()
        try l.append(basics, expectSeq: 1)
        let before = l.logBytes
        #expect(throws: LedgerError.self) { try l.append(#"{"type":"activity","member":"paris","date":"2016","title":"t"}"#, expectSeq: 5) }
        #expect(l.logBytes == before)
        do {
            try l.append(#"{"type":"activity","member":"paris","date":"2016","title":"t"}"#, expectSeq: 5)
        } catch {
            #expect(error.kind == .conflict)
            #expect(error.message.contains("head is at seq 6"))
        }
        try l.append(#"{"type":"activity","member":"paris","date":"2016","title":"t"}"#, expectSeq: 6)
    }

    @Test("a batch whose 500th event is bad writes nothing, and says which line")
    func batchRejectedWhole() throws {
        let l = try TempLedger()
        try l.append(basics)
        var lines: [String] = []
        for i in 1...600 {
            let date = i == 500 ? "2014-02-30" : "2016"
            lines.append(#"{"id":"act-\#(i)","type":"activity","member":"paris","date":"\#(date)","title":"t"}"#)
        }
        let before = l.logBytes
        do {
            try l.append(lines.joined(separator: "\n"))
            Issue.record("the batch was accepted")
        } catch {
            #expect(error.kind == .badData)
            #expect(error.line == 500 && error.file == "input.jsonl")
        }
        #expect(l.logBytes == before)
    }

    @Test("who records is free text: a control character in it rejects the batch, writing nothing")
    func byIsChecked() throws {
        let l = try TempLedger()
        let before = l.logBytes
        do {
            try l.append(basics, by: "office\u{1b}")
            Issue.record("accepted a control character in by")
        } catch {
            #expect(error.kind == .badData && error.message.contains("U+001B"))
        }
        #expect(l.logBytes == before)
    }

    @Test("by from the caller fills events that do not say who recorded them")
    func byDefault() throws {
        let l = try TempLedger()
        try l.append(basics, by: "climate office")
        try l.append(#"{"type":"activity","member":"paris","date":"2016","title":"t","by":"someone"}"#, by: "climate office")
        let events = try LogReader.events(in: l.logBytes, file: "x").events
        #expect(events[1].by == "climate office")
        #expect(events.last!.by == "someone")
    }

    @Test("a torn tail is moved aside by the next writer, never deleted")
    func tornTail() throws {
        let l = try TempLedger()
        try l.append(basics)
        let clean = l.logBytes
        let torn = Array(#"{"seq":7,"id":"half","ty"#.utf8)
        let handle = try #require(FileHandle(forWritingAtPath: l.store.logPath))
        handle.seekToEndOfFile()
        handle.write(Data(torn))
        try handle.close()
        try l.append(#"{"id":"after","type":"activity","member":"paris","date":"2016","title":"t"}"#)
        #expect(l.warnings.count == 1 && l.warnings[0].contains("moved its \(torn.count) bytes"))
        let files = try FileManager.default.contentsOfDirectory(atPath: l.root + "/Events")
        let quarantine = try #require(files.first { $0.hasPrefix("ledger.jsonl.torn-") })
        #expect(try FileIO.readAll(l.root + "/Events/" + quarantine) == torn)
        #expect(Array(l.logBytes.prefix(clean.count)) == clean)
        #expect(Verifier.verify(bytes: l.logBytes).ok)
    }

    @Test("readers never see a partial line as an event, and need no lock")
    func readersSkipTornTail() throws {
        let l = try TempLedger()
        try l.append(basics)
        let handle = try #require(FileHandle(forWritingAtPath: l.store.logPath))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"seq":7,"id":"half","type":"member","recorded":"2026-01-01T00:00:09Z","member":"x","name":"X","kind":"city","prev":"#.utf8))
        try handle.close()
        // A writer holding the lock does not block a reader.
        let fd = try FileIO.open(l.store.logPath, O_RDWR)
        defer { close(fd) }
        try FileIO.lockExclusive(fd: fd, path: l.store.logPath, timeout: 1)
        let (events, head) = try l.store.load()
        #expect(events.count == 6)
        #expect(head.seq == 6)
    }

    @Test("repair moves a torn tail aside; on a clean log it does nothing")
    func repair() throws {
        let l = try TempLedger()
        #expect(try l.store.repair(now: l.clock) == nil)
        let clean = l.logBytes
        let handle = try #require(FileHandle(forWritingAtPath: l.store.logPath))
        handle.seekToEndOfFile()
        handle.write(Data("garbage".utf8))
        try handle.close()
        #expect(try l.store.repair(now: l.clock) != nil)
        #expect(l.logBytes == clean)
    }

    @Test("no ledger is exit 66")
    func noLedger() {
        let store = LedgerStore(root: "/nonexistent-ledger-dir")
        do {
            _ = try store.load()
            Issue.record("loaded a missing ledger")
        } catch {
            #expect(error.kind == .noLedger)
        }
    }
}
