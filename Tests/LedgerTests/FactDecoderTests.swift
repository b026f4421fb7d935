import Foundation
import Testing
import TestSupport
@testable import Ledger

/// The facts of a log are the same whichever way each line took: straight from the bytes
/// (`FactDecoder`) or through the event decoder (`Fact(event)`); a line one rejects, the
/// other rejects.
@Suite("Facts from bytes agree with facts from events")
struct FactDecoderTests {
    static let logs = ["/Events/ledger.jsonl", "/Tests/ProjectionsTests/Fixtures/worked/ledger.jsonl"]

    /// A fact in words, its handles resolved.
    static func describe(_ fact: Fact, _ names: Interner) -> String {
        func name(_ handle: Int32) -> String { handle == Interner.none ? "-" : names.string(handle) }
        return "\(fact.type) \(fact.seq) \(fact.flags) \(fact.earliest)…\(fact.latest) \(name(fact.date)) \(name(fact.member)) "
            + "\(name(fact.network)) \(name(fact.into)) \(name(fact.detail)) \(fact.recorded) \(fact.idHash) \(fact.reference >= 0)"
    }

    /// Both ways for one line: the fact in words, or nil when rejected. With
    /// `registrations`, a member's registration keeps no whole event.
    static func bothWays(_ line: [UInt8], registrations: Bool = false) -> (bytes: String?, event: String?) {
        var names = Interner(), other = Interner()
        let fromBytes = line.withUnsafeBufferPointer { b in
            try? FactDecoder.decode(b, names: &names, registrations: registrations) { _ in 0 }
        }
        let fromEvent: Fact? = (try? EventDecoder.decodeLine(line, mode: .stored)).map { event in
            var fact = Fact(event, names: &other)
            if !FactLog.isHighVolume(event.type) && !(registrations && event.type == .member) { fact.reference = 0 }
            return fact
        }
        return (fromBytes.map { describe($0, names) }, fromEvent.map { describe($0, other) })
    }

    static func lines(_ log: String) throws -> [[UInt8]] {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Conformance.packageRoot + log)))
        return LogLines.split(bytes).filter(\.terminated).map { Array(bytes[$0.range]) }
    }

    @Test("a type's ordinal is its place among all types (the decoder's tables are indexed by it)")
    func ordinals() {
        #expect(EventType.allCases.map(\.ordinal) == Array(EventType.allCases.indices))
    }

    @Test("a fact takes 56 bytes: no padding between its fields (ten million are held at once)")
    func factSize() {
        #expect(MemoryLayout<Fact>.stride == 56)
    }

    @Test("every line of two ledgers, members' registrations kept whole or as facts", arguments: logs, [false, true])
    func realLines(_ log: String, registrations: Bool) throws {
        let lines = try Self.lines(log)
        try #require(lines.count > 10)
        for line in lines {
            let (bytes, event) = Self.bothWays(line, registrations: registrations)
            #expect(bytes != nil)
            #expect(bytes == event, "\(String(decoding: line, as: UTF8.self))")
        }
    }

    @Test("escapes in free text: the same fact both ways, an escaped badge included")
    func escapedText() {
        let prev = String(repeating: "0", count: 64)
        let envelope = #""seq":1,"id":"e1","recorded":"2026-01-01T00:00:00Z""#
        for fields in [
            #""type":"milestone","member":"paris","network":"c40","date":"2014","milestone":"plan","note":"a\tb \"q\" \u00e9 \\""#,
            #""type":"activity","member":"paris","date":"2014-05","title":"Atelier \"climat\"","source":"S:\\Climat""#,
            #""type":"recognition","member":"paris","network":"c40","date":"2014","badge":"A\u002dlist \"gold\"""#,
            #""type":"membership","member":"paris","network":"c40","date":"2014","note":"line\nbreak""#,
        ] {
            let line = Array(#"{\#(envelope),\#(fields),"prev":"\#(prev)"}"#.utf8)
            let (bytes, event) = Self.bothWays(line)
            #expect(bytes == event, "\(fields)")
        }
        // The escaped badge is the recognition's detail, as the event decoder reads it.
        let badge = Array(#"{\#(envelope),"type":"recognition","member":"paris","network":"c40","date":"2014","badge":"A\u002dlist","prev":"\#(prev)"}"#.utf8)
        var names = Interner()
        let fact = badge.withUnsafeBufferPointer { try? FactDecoder.decode($0, names: &names) { _ in 0 } }
        #expect(fact.map { names.string($0.detail) } == "A-list")
    }

    @Test("randomly damaged lines: accepted by both or by neither, as the same fact")
    func damaged() throws {
        let lines = try Self.lines(Self.logs[0])
        var rng = SplitMix64(seed: 7)
        let alphabet = Array(#"{}[]:,"\ 0123456789-?~%/azAZ"#.utf8) + [0x00, 0x09, 0x1F, 0x7F, 0xC2, 0x85, 0xC3, 0xA9, 0xFF]
        var accepted = 0
        for _ in 0..<20_000 {
            var line = lines[Int(rng.next() % UInt64(lines.count))]
            rng.damage(&line, edits: 2, alphabet: alphabet)
            let (bytes, event) = Self.bothWays(line)
            #expect(bytes == event, "\(String(decoding: line, as: UTF8.self))")
            if bytes != nil { accepted += 1 }
            let (asFacts, asEvents) = Self.bothWays(line, registrations: true)
            #expect(asFacts == asEvents, "registrations as facts: \(String(decoding: line, as: UTF8.self))")
        }
        #expect(accepted > 1000)
    }

    @Test("a member's registration as a fact alone: each rule of its fields as the event decoder keeps it")
    func registrations() {
        let prev = String(repeating: "0", count: 64)
        func line(_ fields: String) -> [UInt8] {
            Array(#"{"seq":7,"id":"m-paris","type":"member","recorded":"2026-01-01T00:00:00Z",\#(fields),"prev":"\#(prev)"}"#.utf8)
        }
        let accepted = [
            #""member":"paris","name":"Paris","kind":"city""#,
            // Free text may be empty (the text rules bound its length and characters only).
            #""member":"paris","name":"","kind":"city""#,
            #""member":"paris","name":"Ville de Paris","kind":"metropolis","country":"FR","population":2145906"#,
            #""member":"zurich","name":"Zürich \"ZH\"","kind":"organisation","country":"CH","population":0"#,
            #""member":"tokyo","name":"東京","kind":"region","population":999999999999999999"#,
            // Longer than the fast path reads, still an integer the event decoder takes.
            #""member":"tokyo","name":"Tokyo","kind":"region","population":1234567890123456789"#,
            // An escape in a country: the general decoder reads it.
            #""member":"paris","name":"Paris","kind":"city","country":"\u0046R""#,
            #""member":"paris","name":"Paris","kind":"city","source":"Annual report","note":"a\tb""#,
        ]
        let rejected = [
            #""member":"paris","name":"Paris","kind":"town""#,
            #""member":"paris","name":"Paris","kind":"City""#,
            #""member":"paris","name":"Paris","kind":"cit""#,
            #""member":"paris","name":"Paris","kind":"cityx""#,
            #""member":"paris","name":"Paris","kind":"city","country":"fr""#,
            #""member":"paris","name":"Paris","kind":"city","country":"FRA""#,
            #""member":"paris","name":"Paris","kind":"city","country":"F1""#,
            #""member":"paris","name":"Paris","kind":"city","country":"F""#,
            #""member":"paris","name":"Paris","kind":"city","population":-5"#,
            #""member":"paris","name":"Paris","kind":"city","population":1.5"#,
            #""member":"paris","name":"Paris","kind":"city","population":"12""#,
            #""member":"paris","name":"Paris","kind":"city","population":99999999999999999999"#,
            #""member":"paris","name":"Paris","kind":5"#,
            #""member":"paris","name":"Paris""#,
            #""member":"paris","kind":"city""#,
            #""member":"Paris","name":"Paris","kind":"city""#,
            #""member":"paris","name":"Paris","kind":"city","network":"c40""#,
            #""member":"paris","name":"Paris","kind":"city","date":"2014""#,
            #""member":"paris","name":"\#(String(repeating: "x", count: 2001))","kind":"city""#,
        ]
        for fields in accepted {
            let (bytes, event) = Self.bothWays(line(fields), registrations: true)
            #expect(bytes != nil, "\(fields)")
            #expect(bytes == event, "\(fields)")
            // No whole event: the fact alone, its member's slug interned.
            var names = Interner()
            var kept = 0
            let fact = line(fields).withUnsafeBufferPointer { b in
                try? FactDecoder.decode(b, names: &names, registrations: true) { _ in kept += 1; return 0 }
            }
            #expect(fact?.reference == -1 && kept == 0, "\(fields)")
            #expect(fact.map { names.string($0.member) } == String(fields.dropFirst(10).prefix { $0 != "\"" }))
            // Without the option, the registration keeps its whole event.
            let whole = line(fields).withUnsafeBufferPointer { b in
                try? FactDecoder.decode(b, names: &names) { _ in kept += 1; return 3 }
            }
            #expect(whole?.reference == 3 && kept == 1, "\(fields)")
        }
        for fields in rejected {
            let (bytes, event) = Self.bothWays(line(fields), registrations: true)
            #expect(bytes == nil && event == nil, "\(fields)")
        }
    }

    @Test("an event id is checked on the bytes as the text rules check it, at every length and place")
    func eventIDs() {
        var rng = SplitMix64(seed: 0x1D5)
        // Each class's edges, and bytes just outside them.
        let alphabet = Array("AZaz09.:_-@[`{/;, \"\\".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xFF, 0x41 | 0x80]
        let good = Array("ABCXYZabcxyz0123456789._:-".utf8)
        var accepted = 0
        for length in 0...140 {
            for _ in 0..<12 {
                var bytes = (0..<length).map { _ in good[Int(rng.next() % UInt64(good.count))] }
                // Most with one byte changed, somewhere (often the last of a sixteen-byte block).
                if length > 0, rng.next() % 4 != 0 {
                    let at = rng.next() % 2 == 0 ? Int(rng.next() % UInt64(length)) : min(length - 1, 15 + 16 * Int(rng.next() % 8))
                    bytes[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                }
                let padded = [UInt8(ascii: "x")] + bytes + [UInt8(ascii: "x")]
                let fast = padded.withUnsafeBufferPointer { FactDecoder.isEventID($0, 1..<1 + length) }
                let text = String(decoding: bytes, as: UTF8.self)
                let rule = Array(text.utf8) == bytes && TextRules.isEventID(text)
                #expect(fast == rule, "\(bytes)")
                if fast { accepted += 1 }
            }
        }
        #expect(accepted > 100)
    }
}
