import Foundation
import Testing
import TestSupport
@testable import Ledger

/// A log decoded in pieces of any size gives the facts, line starts and head of one piece;
/// a bad line in any piece is reported with its own line number.
@Suite("decoding a log in pieces")
struct FactLogDecodeTests {
    static func shipped() throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: Conformance.packageRoot + "/Events/ledger.jsonl")))
    }

    static func decode(_ bytes: [UInt8], stretch: Int, firstLine: Int = 1, baseOffset: Int = 0) throws(LedgerError) -> (facts: [String], starts: [Int], head: Head) {
        let (log, head) = try bytes.withUnsafeBufferPointer { b throws(LedgerError) in
            try FactLog.decode(b, file: "ledger.jsonl", firstLine: firstLine, baseOffset: baseOffset, release: nil,
                               progress: nil, stretch: stretch)
        }
        return (log.facts.map { FactDecoderTests.describe($0, log.names) }, log.lineStarts ?? [], head)
    }

    @Test("pieces of any size: the same facts, line starts and head; \\r\\n endings and a torn tail change nothing",
          arguments: [1, 97, 1_000, 4_096, 1 << 21])
    func stretches(stretch: Int) throws {
        let bytes = try Self.shipped()
        let whole = try Self.decode(bytes, stretch: 1 << 30)
        try #require(whole.facts.count > 40)
        let pieces = try Self.decode(bytes, stretch: stretch)
        #expect(pieces.facts == whole.facts)
        #expect(pieces.starts == whole.starts)
        #expect(pieces.head == whole.head)
        #expect(whole.head.seq == whole.facts.count)
        // A torn tail is left out.
        let torn = try Self.decode(bytes + Array(#"{"seq":999,"id":"to"#.utf8), stretch: stretch)
        #expect(torn.facts == whole.facts && torn.head == whole.head)
        // \r\n: the same facts and head (a line's hash is of its bytes without the ending).
        var crlf: [UInt8] = []
        for byte in bytes {
            if byte == 0x0A { crlf.append(0x0D) }
            crlf.append(byte)
        }
        let windows = try Self.decode(crlf, stretch: stretch)
        #expect(windows.facts == whole.facts && windows.head == whole.head)
    }

    @Test("facts decoded from the bytes are the facts of the decoded events: plain dates, kept as numbers while a piece is decoded, get their text", arguments: [1, 97, 1 << 21])
    func sameAsEvents(stretch: Int) throws {
        for log in FactDecoderTests.logs {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Conformance.packageRoot + log)))
            let events = try LogLines.split(bytes).filter(\.terminated).map { try EventDecoder.decodeLine(Array(bytes[$0.range]), mode: .stored) }
            let reference = FactLog(events: events)
            let decoded = try Self.decode(bytes, stretch: stretch)
            #expect(decoded.facts == reference.facts.map { FactDecoderTests.describe($0, reference.names) }, "\(log)")
            // Plain dates are most of them (the quick path is taken).
            let plain = events.filter { $0.date.map { d in Array(d.text.utf8).withUnsafeBufferPointer { EDTFDate.plainDate($0) != nil } } ?? false }
            #expect(plain.count * 2 > events.filter { $0.date != nil }.count, "\(log)")
        }
    }

    @Test("what decoding notes of the facts (amendments, whole events, starts) is what they hold, whatever the pieces; forgotten once they change", arguments: [1, 97, 1 << 21])
    func tally(stretch: Int) throws {
        for path in FactDecoderTests.logs {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Conformance.packageRoot + path)))
            var (log, _) = try bytes.withUnsafeBufferPointer { b throws(LedgerError) in
                try FactLog.decode(b, file: "ledger.jsonl", firstLine: 1, baseOffset: 0, release: nil, progress: nil, stretch: stretch)
            }
            let tally = try #require(log.tally, "\(path)")
            let positions = log.facts.indices.map(Int32.init)
            #expect(tally.amendments == positions.filter { log.facts[Int($0)].type.isAmendment }, "\(path)")
            #expect(!tally.amendments.isEmpty, "\(path)")
            #expect(tally.referenced == positions.filter { log.facts[Int($0)].reference >= 0 }, "\(path)")
            #expect(tally.starts == log.facts.filter(\.type.isStart).count, "\(path)")
            // Any other change to the facts forgets it: a replay then counts for itself.
            log.facts[0].flags |= Fact.retracted
            #expect(log.tally == nil)
        }
        #expect(FactLog(events: []).tally == nil)
    }

    @Test("the tail after line 10, as its own piece of the file: the same facts from line 11, starts in the file", arguments: [1, 500, 1 << 21])
    func tail(stretch: Int) throws {
        let bytes = try Self.shipped()
        let whole = try Self.decode(bytes, stretch: 1 << 30)
        let offset = whole.starts[10]
        let tail = try Self.decode(Array(bytes[offset...]), stretch: stretch, firstLine: 11, baseOffset: offset)
        #expect(tail.facts == Array(whole.facts[10...]))
        #expect(tail.starts == Array(whole.starts[10...]))
        #expect(tail.head == whole.head)
    }

    @Test("a bad line, or a wrong seq, in a later piece: its own line number, whatever the pieces", arguments: [1, 300, 1 << 21])
    func badLines(stretch: Int) throws {
        let bytes = try Self.shipped()
        var lines = LogLines.split(bytes).filter(\.terminated).map { Array(bytes[$0.range]) }
        let good = lines
        func joined(_ lines: [[UInt8]]) -> [UInt8] { lines.flatMap { $0 + [0x0A] } }
        // Line 30 no longer JSON.
        lines[29] = Array(lines[29].dropLast())
        #expect(throws: LedgerError.self) { try Self.decode(joined(lines), stretch: stretch) }
        do {
            _ = try Self.decode(joined(lines), stretch: stretch)
        } catch {
            #expect(error.line == 30, "\(error.message)")
            #expect(error.kind == .badData)
        }
        // Line 35 with the seq of line 36 (and a bad line after it: the first problem wins).
        lines = good
        lines[34] = Array(String(decoding: lines[34], as: UTF8.self).replacingOccurrences(of: #"{"seq":35,"#, with: #"{"seq":36,"#).utf8)
        lines[39] = Array(lines[39].dropLast())
        do {
            _ = try Self.decode(joined(lines), stretch: stretch)
            Issue.record("a wrong seq was accepted")
        } catch {
            #expect(error.line == 35, "\(error.message)")
            #expect(error.message.contains("seq 36 where 35 was expected"), "\(error.message)")
        }
    }
}
