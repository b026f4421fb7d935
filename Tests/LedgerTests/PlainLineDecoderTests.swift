import Foundation
import Testing
import TestSupport
@testable import Ledger

/// The fast path for plain lines must agree with the general decoder: it never accepts a line
/// the general decoder rejects, and what it accepts decodes to the same event.
@Suite("Plain-line fast path (agrees with the general decoder)")
struct PlainLineDecoderTests {
    /// The general decoder's verdict: the canonical line, or the error message.
    func general(_ bytes: [UInt8], _ mode: EventDecoder.Mode) -> Result<[UInt8], EventError> {
        Result { () throws(EventError) in
            let json: JSONValue
            do { json = try JSONReader.parse(bytes) } catch { throw EventError("invalid JSON") }
            return EventEncoder.line(try EventDecoder.decode(json, mode: mode))
        }
    }

    func fast(_ bytes: [UInt8], _ mode: EventDecoder.Mode) -> [UInt8]? {
        bytes.withUnsafeBufferPointer { PlainLineDecoder.decode($0, mode: mode) }.map(EventEncoder.line)
    }

    /// Every line of the shipped ledger, in stored mode.
    var shippedLines: [[UInt8]] {
        let path = Conformance.packageRoot + "/Events/ledger.jsonl"
        guard let bytes = try? FileIO.readAll(path) else { return [] }
        return LogLines.split(bytes).filter(\.terminated).map { Array(bytes[$0.range]) }
    }

    @Test("every line of the shipped ledger takes the fast path and decodes as the general decoder does")
    func shippedLedger() throws {
        let lines = shippedLines
        try #require(lines.count > 50)
        var fastCount = 0
        for line in lines {
            let expected = try general(line, .stored).get()
            if let decoded = fast(line, .stored) {
                #expect(decoded == expected)
                fastCount += 1
            }
        }
        // Policies (their rules an array) and corrections (their changes an object) too: the
        // scan finds the value's extent and the JSON reader reads it.
        let nested = lines.filter { $0.contains(UInt8(ascii: "[")) || String(decoding: $0, as: UTF8.self).contains(#""set":{"#) }
        try #require(!nested.isEmpty)
        #expect(fastCount == lines.count)
    }

    @Test("lines that are not plain or not valid go to the general decoder", arguments: [
        #"{"type":"member","member":"paris","name":"Paris","kind":"city"}"#,
        #"{ "type":"member","member":"paris","name":"Paris","kind":"city"}"#,
        #"{"type":"member","member":"paris","name":"Par\u00efs","kind":"city"}"#,
        #"{"type":"member","member":"paris","member":"lyon","name":"Paris","kind":"city"}"#,
        #"{"type":"member","member":"Paris","name":"Paris","kind":"city"}"#,
        #"{"type":"member","member":"paris","name":"Paris","kind":"town"}"#,
        #"{"type":"member","member":"paris","name":"Paris","kind":"city","population":012}"#,
        #"{"type":"member","member":"paris","name":"Paris","kind":"city","population":-1}"#,
        #"{"type":"member","member":"paris","name":"Paris","kind":"city","population":99999999999999999999}"#,
        #"{"type":"member","member":"paris","name":"Paris","kind":"city","country":"fr"}"#,
        #"{"type":"member","member":"paris","name":"Paris","kind":"city","colour":"red"}"#,
        #"{"type":"rename","member":"paris","network":"c40","name":"P","date":"2014"}"#,
        #"{"type":"signature","member":"paris","network":"c40","date":"2014-02-30"}"#,
        #"{"type":"signature","member":"paris","network":"c40","date":"2014","seq":3}"#,
        #"{"type":"signature","member":"paris","network":"c40"}"#,
        #"{"type":"activity","member":"paris","date":"2014","title":"a\tb"}"#,
        #"{"type":"activity","member":"paris","date":"2014","title":"Zürich — 東京"}"#,
        #"{"type":"policy","network":"c40","date":"2014","title":"t","rules":[]}"#,
        #"{"type":"policy","network":"c40","date":"2014","title":"t","rules":[{"milestone":"plan","within":24},{"milestone":"ghg","by":"2016"}]}"#,
        #"{"type":"policy","network":"c40","date":"2014","title":"t","rules":[{"milestone":"plan","within":24,"by":"2016"}]}"#,
        #"{"type":"policy","network":"c40","date":"2014","title":"t","rules":[{"milestone":"plan","within":24}}"#,
        #"{"type":"policy","network":"c40","date":"2014","title":"t","rules":{"milestone":"plan"}}"#,
        #"{"type":"correction","target":"e-1","set":{"date":"2015-03","note":"a \"b\" ] }"},"reason":"r"}"#,
        #"{"type":"correction","target":"e-1","set":{ "date" : "2015-03" },"reason":"r"}"#,
        #"{"type":"correction","target":"e-1","set":{"date":"2015-03","date":"2016"},"reason":"r"}"#,
        #"{"type":"correction","target":"e-1","set":{"date":},"reason":"r"}"#,
        #"{"type":"correction","target":"e-1","set":{"date":"2015"],"reason":"r"}"#,
        #"{"type":"correction","target":"e-1","set":{},"reason":"r"}"#,
        #"{"type":"correction","target":"e-1","set":{"population":12,"rules":[{"milestone":"x","within":1}]},"reason":"r"}"#,
        #"{"type":"correction","target":"e-1","set":{"note":"\ud800"},"reason":"r"}"#,
        #"{"type":"correction","target":"e-1","set":["date"],"reason":"r"}"#,
        #"{"type":"correction","target":"e-1","set":{"date":"2015"}"#,
        #"{"type":"member","member":"paris","name":["Paris"],"kind":"city"}"#,
        #"{"type":"member","member":"paris","name":"Paris","kind":"city"} "#,
        #"{"type":"member","member":"paris","name":"Paris","kind":"city",}"#,
        #"{}"#,
    ])
    func variants(_ text: String) {
        let bytes = Array(text.utf8)
        let reference = general(bytes, .input)
        if let decoded = fast(bytes, .input) {
            #expect(decoded == (try? reference.get()))
        }
    }

    @Test("a policy's rules and a correction's changes are read on the fast path, as the general decoder reads them")
    func nestedValues() throws {
        for line in [
            #"{"type":"policy","network":"c40","date":"2014","title":"t","rules":[{"milestone":"plan","within":24},{"milestone":"ghg","by":"2016"}]}"#,
            #"{"type":"policy","network":"c40","date":"2014","title":"t","rules":[]}"#,
            #"{"type":"correction","target":"e-1","set":{"date":"2015-03","note":"a \"b\" ] }"},"reason":"r"}"#,
            #"{"type":"correction","target":"e-1","set":{ "date" : "2015-03" },"reason":"r"}"#,
            #"{"type":"correction","target":"e-1","set":{"note":"Zürich — 東京 \u00e9"},"reason":"r"}"#,
        ] {
            let bytes = Array(line.utf8)
            let decoded = try #require(fast(bytes, .input), "\(line)")
            #expect(decoded == (try general(bytes, .input).get()), "\(line)")
        }
        // A value the JSON reader or the field's check refuses is left to the general decoder.
        for line in [
            #"{"type":"policy","network":"c40","date":"2014","title":"t","rules":[{"milestone":"plan","within":24,"by":"2016"}]}"#,
            #"{"type":"policy","network":"c40","date":"2014","title":"t","rules":{"milestone":"plan"}}"#,
            #"{"type":"correction","target":"e-1","set":{"date":},"reason":"r"}"#,
            #"{"type":"correction","target":"e-1","set":{"date":"2015"],"reason":"r"}"#,
            #"{"type":"correction","target":"e-1","set":["date"],"reason":"r"}"#,
            #"{"type":"member","member":"paris","name":["Paris"],"kind":"city"}"#,
        ] {
            let bytes = Array(line.utf8)
            #expect(fast(bytes, .input) == nil, "\(line)")
            #expect((try? general(bytes, .input).get()) == nil, "\(line)")
        }
    }

    @Test("starts and life events, read straight into their payload, equal the general decoder's, keys of ids and slugs included")
    func commitmentPayloads() throws {
        for (type, detail) in [("membership", #","role":"board \"chair\" \u00e9lue""#), ("membership", ""), ("signature", ""),
                               ("selection", #","cohort":"2019 B""#), ("selection", ""), ("withdrawal", ""),
                               ("suspension", ""), ("reinstatement", ""), ("milestone", #","milestone":"risk-assessment""#),
                               ("recognition", #","badge":"A-list — 東京""#)] {
            for date in ["2014", "2014-09~", "2014-09-23/2016-06%"] {
                let bytes = Array(#"{"id":"evt-\#(type)-2014","type":"\#(type)","member":"paris-\#(type)","network":"c40-cities-climate-leadership","date":"\#(date)"\#(detail),"source":"p. 3"}"#.utf8)
                let general = try EventDecoder.decode(JSONReader.parse(bytes), mode: .input)
                let fast = try #require(bytes.withUnsafeBufferPointer { PlainLineDecoder.decode($0, mode: .input) }, "\(type) \(date)")
                #expect(fast.payload == general.payload, "\(type) \(date)")
                #expect(fast.id == general.id && fast.id.key == IdentifierKey.of("evt-\(type)-2014"))
                #expect(fast.member?.key == IdentifierKey.of("paris-\(type)"))
                #expect(fast.network?.key == IdentifierKey.of("c40-cities-climate-leadership"))
                #expect(fast.date?.latest == general.date?.latest && fast.source == "p. 3")
            }
        }
        // A value that breaks its field's rule, in each field, is left to the general decoder.
        for line in [#""member":"Paris","network":"c40","date":"2014","milestone":"plan""#,
                     #""member":"paris","network":"c 40","date":"2014","milestone":"plan""#,
                     #""member":"paris","network":"c40","date":"2014-13","milestone":"plan""#,
                     #""member":"paris","network":"c40","date":"2014","milestone":"Plan""#,
                     #""member":"paris","network":"c40","date":2014,"milestone":"plan""#,
                     #""member":"paris","network":"c40","date":"2014","milestone":7"#] {
            let bytes = Array(#"{"type":"milestone",\#(line)}"#.utf8)
            #expect(bytes.withUnsafeBufferPointer { PlainLineDecoder.decode($0, mode: .input) } == nil, "\(line)")
            #expect((try? general(bytes, .input).get()) == nil, "\(line)")
        }
    }

    @Test("the starts and life events are exactly the types whose payload is a commitment event")
    func startOrLifeTypes() {
        let event = CommitmentEvent(member: MemberID("paris"), network: NetworkID("c40"), date: try! EDTFDate.parse("2014"),
                                    detail: nil)
        for type in EventType.allCases {
            let payload = Payload(type: type, commitment: event)
            #expect(type.isStartOrLifeEvent == (payload != nil), "\(type)")
            #expect(payload.map { $0.type == type && $0.commitmentEvent == event } ?? true, "\(type)")
        }
        #expect(EventType.allCases.filter(\.isStartOrLifeEvent).count == 8)
    }

    @Test("by, source and note checked but not kept: the same event without them, refused where they break a rule")
    func notesNotKept() throws {
        let good = Array(#"{"type":"milestone","by":"secrétariat","member":"paris","network":"c40","date":"2014","milestone":"plan","source":"p. \"3\"","note":"ok"}"#.utf8)
        let full = try #require(good.withUnsafeBufferPointer { PlainLineDecoder.decode($0, mode: .input) })
        let lean = try #require(good.withUnsafeBufferPointer { PlainLineDecoder.decode($0, mode: .input, keepingNotes: false) })
        #expect(full.source == #"p. "3""# && full.by == "secrétariat" && full.note == "ok")
        #expect(lean.payload == full.payload && lean.id == full.id)
        #expect(lean.by == nil && lean.source == nil && lean.note == nil)
        for bad in [#""source":"a\u007fb""#, "\"note\":\"a\u{7F}b\"", #""by":"a\nb""#, #""source":7"#,
                    "\"note\":\"\(String(repeating: "x", count: 2001))\""] {
            let bytes = Array(#"{"type":"milestone","member":"paris","network":"c40","date":"2014","milestone":"plan",\#(bad)}"#.utf8)
            #expect(bytes.withUnsafeBufferPointer { PlainLineDecoder.decode($0, mode: .input, keepingNotes: false) } == nil, "\(bad)")
            #expect((try? general(bytes, .input).get()) == nil, "\(bad)")
        }
    }

    @Test("escapes in free text take the fast path and decode as the general decoder does")
    func escapedFreeText() throws {
        let long = String(repeating: "a", count: 1998)
        for text in [
            #"{"type":"activity","member":"paris","date":"2014","title":"say \"hi\"","note":"tab\there, back\\slash, \/, \u00e9t\u00E9 \u6771"}"#,
            #"{"type":"member","member":"paris","name":"Par\u00efs","kind":"city","source":"a \\ b"}"#,
            #"{"type":"recognition","member":"paris","network":"c40","date":"2014","badge":"A\u002dlist \"gold\""}"#,
            #"{"type":"activity","member":"paris","date":"2014","title":"\#(long)\u00e9"}"#,
        ] {
            let bytes = Array(text.utf8)
            let expected = try general(bytes, .input).get()
            #expect(fast(bytes, .input) == expected, "\(text)")
        }
    }

    @Test("escapes anywhere but in free text, or standing for what free text may not hold, go to the general decoder")
    func escapesElsewhere() {
        let long = String(repeating: "a", count: 1999)
        for text in [
            // Controls free text may not hold, escaped: the general decoder words the error.
            #"{"type":"activity","member":"paris","date":"2014","title":"a\nb"}"#,
            #"{"type":"activity","member":"paris","date":"2014","title":"a\rb"}"#,
            #"{"type":"activity","member":"paris","date":"2014","title":"a\bb"}"#,
            #"{"type":"activity","member":"paris","date":"2014","title":"a\fb"}"#,
            #"{"type":"activity","member":"paris","date":"2014","title":"a\u0000b"}"#,
            #"{"type":"activity","member":"paris","date":"2014","title":"a\u001Fb"}"#,
            #"{"type":"activity","member":"paris","date":"2014","title":"a\u007fb"}"#,
            #"{"type":"activity","member":"paris","date":"2014","title":"a\u0085b"}"#,
            // Over 2,000 bytes once unescaped.
            #"{"type":"activity","member":"paris","date":"2014","title":"\#(long)\u00e9"}"#,
            // Surrogates, paired or not, and escapes that are not JSON's.
            #"{"type":"activity","member":"paris","date":"2014","title":"\ud83c\udf0d"}"#,
            #"{"type":"activity","member":"paris","date":"2014","title":"\ud800"}"#,
            #"{"type":"activity","member":"paris","date":"2014","title":"\x41"}"#,
            #"{"type":"activity","member":"paris","date":"2014","title":"\u12"}"#,
            #"{"type":"activity","member":"paris","date":"2014","title":"\u00g1"}"#,
            #"{"type":"activity","member":"paris","date":"2014","title":"ends in \"}"#,
            // Escapes in a slug, a date, the type, a key.
            #"{"type":"activity","member":"par\u0069s","date":"2014","title":"t"}"#,
            #"{"type":"activity","member":"paris","date":"201\u0034","title":"t"}"#,
            #"{"type":"activit\u0079","member":"paris","date":"2014","title":"t"}"#,
            #"{"type":"activity","memb\u0065r":"paris","date":"2014","title":"t"}"#,
        ] {
            #expect(fast(Array(text.utf8), .input) == nil, "\(text)")
        }
        // Those that stand for what free text may not hold are refused by both.
        for escape in [#"\n"#, #"\u0000"#, #"\u007f"#, #"\u0085"#] {
            let bytes = Array(#"{"type":"activity","member":"paris","date":"2014","title":"a\#(escape)b"}"#.utf8)
            #expect((try? general(bytes, .input).get()) == nil, "\(escape)")
        }
    }

    @Test("invalid UTF-8 and raw control characters inside strings never pass the fast path")
    func badBytes() {
        var bytes = Array(#"{"type":"activity","member":"paris","date":"2014","title":"ab"}"#.utf8)
        let at = bytes.count - 3
        for bad: [UInt8] in [[0xFF], [0xC3], [0x01], [0xED, 0xA0, 0x80], [0xC0, 0xAF]] {
            var copy = bytes
            copy.insert(contentsOf: bad, at: at)
            #expect(fast(copy, .input) == nil)
            #expect((try? general(copy, .input).get()) == nil)
        }
        bytes[at] = 0x7F  // DEL: JSON allows it, the ledger's text rules do not
        #expect(fast(bytes, .input) == nil)
    }

    @Test("random damage to real lines: the fast path accepts only what the general decoder accepts, identically")
    func mutations() throws {
        let lines = shippedLines
        try #require(!lines.isEmpty)
        var rng = SplitMix64(seed: 42)
        let alphabet = Array(#"{}[]:,"\ 0123456789-?~%/az"#.utf8) + [0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xFF]
        var accepted = 0
        for _ in 0..<20_000 {
            var line = lines[Int(rng.next() % UInt64(lines.count))]
            rng.damage(&line, edits: 3, alphabet: alphabet)
            // Checked and not kept, `by`, `source` and `note` decide the same.
            let lean = line.withUnsafeBufferPointer { PlainLineDecoder.decode($0, mode: .stored, keepingNotes: false) }
            guard let decoded = fast(line, .stored) else {
                #expect(lean == nil, "\(String(decoding: line, as: UTF8.self))")
                continue
            }
            #expect(lean != nil && lean?.by == nil && lean?.source == nil && lean?.note == nil)
            accepted += 1
            #expect(decoded == (try? general(line, .stored).get()), "\(String(decoding: line, as: UTF8.self))")
        }
        #expect(accepted > 0)
    }

    @Test("a byte that ends the quick scan of a string, at every place of a long one (across sixteen-byte blocks)")
    func everyPlace() {
        let inserts: [[UInt8]] = [Array("é".utf8), Array("€".utf8), [0xFF], [0xC3], [0x01], [0x7F], Array(#"\n"#.utf8),
                                  Array(#"\u00e9"#.utf8), Array(#"\""#.utf8), Array(#"\\"#.utf8), Array(#"\x"#.utf8)]
        var accepted = 0
        for at in 0...40 {
            for insert in inserts {
                for second in [nil, 20, 39] as [Int?] {
                    // Placed among whole characters, so that no insert splits another.
                    var pieces = Array(repeating: [UInt8(ascii: "a")], count: 40)
                    pieces.insert(insert, at: at)
                    if let second { pieces.insert(Array("é".utf8), at: second) }
                    let title = pieces.flatMap { $0 }
                    let line = Array(#"{"type":"activity","member":"paris","date":"2014","title":""#.utf8) + title + Array(#""}"#.utf8)
                    let general = try? general(line, .input).get()
                    let quick = fast(line, .input)
                    if let quick {
                        accepted += 1
                        #expect(quick == general, "\(String(decoding: line, as: UTF8.self))")
                    }
                }
            }
        }
        // Valid UTF-8 (é, €) and the escapes free text may hold (\u00e9, \", \\) take the fast
        // path at every place; the rest go to the general decoder.
        #expect(accepted == 41 * 3 * 5)
    }

    @Test("every type's name is read from bytes as its raw value; other words are no type")
    func typeNames() {
        func read(_ word: String) -> EventType? {
            let bytes = Array(word.utf8)
            return bytes.withUnsafeBufferPointer { PlainLineDecoder.eventType($0, 0..<bytes.count) }
        }
        for type in EventType.allCases {
            #expect(type.name.description == type.rawValue)
            #expect(read(type.rawValue) == type)
            #expect(read(type.rawValue + "s") == nil)
            #expect(read(String(type.rawValue.dropLast())) == nil)
            #expect(read(type.rawValue.capitalized) == nil)
        }
        #expect(read("") == nil && read("x") == nil && read("memberships") == nil)
    }
}
