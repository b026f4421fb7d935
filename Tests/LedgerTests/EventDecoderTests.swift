import Foundation
import Testing
import TestSupport
@testable import Ledger

@Suite("Event decoding (SPEC §3 fields)")
struct EventDecoderTests {
    func decode(_ text: String, _ mode: EventDecoder.Mode = .input) throws -> Event {
        try EventDecoder.decode(try JSONReader.parse(text), mode: mode)
    }

    func message(_ text: String, _ mode: EventDecoder.Mode = .input) -> String? {
        do {
            _ = try decode(text, mode)
            return nil
        } catch let error as EventError {
            return error.message
        } catch {
            return "JSON: \(error)"
        }
    }

    @Test("a valid event of every type decodes, and re-encodes in canonical key order")
    func everyType() throws {
        let samples = [
            #"{"name":"x","type":"network","network":"c40","kind":"network","founded":"2005-10","managedBy":"C40","url":"https://c40.org","scope":"global","description":"d"}"#,
            #"{"type":"member","member":"paris","name":"Paris","kind":"city","country":"FR","population":2100000}"#,
            #"{"type":"rename","network":"nazca","name":"Global Climate Action","date":"2018-09"}"#,
            #"{"type":"merger","network":"a","into":"b","date":"2016-06-22"}"#,
            #"{"type":"closure","network":"a","date":"2019-07-31","successor":"b"}"#,
            #"{"type":"policy","network":"a","date":"2008","applies":"all","title":"t","rules":[{"within":12,"milestone":"plan"},{"milestone":"x","by":"2020-12-31"}],"every":[{"after":"plan","milestone":"report","months":24}],"badge":"compliant"}"#,
            #"{"type":"membership","member":"m","network":"n","date":"2007","role":"megacity"}"#,
            #"{"type":"signature","member":"m","network":"n","date":"2009?"}"#,
            #"{"type":"selection","member":"m","network":"n","date":"2014-12-03","cohort":"second"}"#,
            #"{"type":"withdrawal","member":"m","network":"n","date":"2020"}"#,
            #"{"type":"suspension","member":"m","network":"n","date":"2020"}"#,
            #"{"type":"reinstatement","member":"m","network":"n","date":"2020"}"#,
            #"{"type":"milestone","member":"m","network":"n","date":"2020","milestone":"plan"}"#,
            #"{"type":"recognition","member":"m","network":"n","date":"2014-09-23/2016-06-22","badge":"fully compliant"}"#,
            #"{"type":"activity","member":"m","date":"2007-10","title":"Plan Climat"}"#,
            #"{"type":"correction","target":"x","set":{"note":"n","date":"2009-02-10"},"reason":"r"}"#,
            #"{"type":"retraction","target":"x","reason":"r"}"#,
        ]
        for sample in samples {
            let event = try decode(sample)
            let order = EventSchema.fields(of: event.type).map(\.name)
            let keys = event.fields.map(\.key)
            #expect(keys == order.filter(keys.contains), "\(event.type) fields out of canonical order: \(keys)")
        }
        let policy = try decode(samples[5])
        let line = String(decoding: EventEncoder.content(policy), as: UTF8.self)
        #expect(line == #"{"id":"","type":"policy","network":"a","date":"2008","applies":"all","title":"t","rules":[{"milestone":"plan","within":12},{"milestone":"x","by":"2020-12-31"}],"every":[{"milestone":"report","months":24,"after":"plan"}],"badge":"compliant"}"#)
        let correction = try decode(samples[15])
        #expect(String(decoding: EventEncoder.content(correction), as: UTF8.self).contains(#""set":{"date":"2009-02-10","note":"n"}"#))
    }

    @Test("the canonical line puts the envelope first and source, note, prev last")
    func canonicalEnvelope() throws {
        let line = #"{"prev":"0000000000000000000000000000000000000000000000000000000000000000","note":"n","source":"s","date":"2009","network":"n","member":"m","by":"me","recorded":"2026-01-01T00:00:01Z","type":"signature","id":"a","seq":2}"#
        let event = try decode(line, .stored)
        #expect(String(decoding: EventEncoder.line(event), as: UTF8.self)
            == #"{"seq":2,"id":"a","type":"signature","recorded":"2026-01-01T00:00:01Z","by":"me","member":"m","network":"n","date":"2009","source":"s","note":"n","prev":"0000000000000000000000000000000000000000000000000000000000000000"}"#)
    }

    @Test("a line up to its prev, then the digest and closing, is the whole canonical line (every line of the shipped and worked ledgers)")
    func lineBeforePrev() throws {
        var checked = 0
        for path in ["/Events/ledger.jsonl", "/Tests/ProjectionsTests/Fixtures/worked/ledger.jsonl"] {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Conformance.packageRoot + path)))
            for line in bytes.split(separator: 0x0A) {
                let event = try EventDecoder.decodeLine(Array(line), mode: .stored)
                let prev = try #require(event.prev)
                let rebuilt = EventEncoder.lineBeforePrev(event) + Array(prev.hex.utf8) + Array(#""}"#.utf8)
                #expect(rebuilt == EventEncoder.line(event), "\(path) seq \(event.seq)")
                #expect(rebuilt == Array(line), "\(path) seq \(event.seq): the shipped line is canonical")
                checked += 1
            }
        }
        #expect(checked > 80)
    }

    @Test("bad events are rejected with a message naming the field", arguments: [
        (#"[1]"#, "must be a JSON object"),
        (#"{"member":"m"}"#, "missing field 'type'"),
        (#"{"type":"signatur","member":"m","network":"n","date":"2009"}"#, "did you mean 'signature'"),
        (#"{"type":"signature","network":"n","date":"2009"}"#, "missing field 'member'"),
        (#"{"type":"signature","member":5,"network":"n","date":"2009"}"#, "field 'member' must be a string"),
        (#"{"type":"signature","member":"m","network":"n","date":"2009","colour":"red"}"#, "unknown field 'colour'"),
        (#"{"type":"signature","member":"m","network":"n","date":"2009","seq":3}"#, "'seq' is set by the ledger"),
        (#"{"type":"signature","member":"m","network":"n","date":"2009","recorded":"2026-01-01T00:00:00Z"}"#, "'recorded' is set by the ledger"),
        (#"{"type":"signature","member":"m","network":"n","date":"2009","prev":"00"}"#, "'prev' is set by the ledger"),
        (#"{"type":"signature","member":"m","network":"n","date":"2014-02-30"}"#, "field 'date'"),
        (#"{"type":"signature","member":"m","network":"n","date":"2014-13"}"#, "field 'date'"),
        (#"{"type":"signature","member":"m","network":"n","date":"20145"}"#, "field 'date'"),
        (#"{"type":"signature","member":"m","network":"n","date":"2016/2014"}"#, "field 'date'"),
        (#"{"type":"signature","member":"m","network":"n","date":"2014/.."}"#, "field 'date'"),
        (#"{"type":"signature","member":"Paris","network":"n","date":"2009"}"#, "is not a slug"),
        (#"{"type":"signature","member":"new york","network":"n","date":"2009"}"#, "is not a slug"),
        (#"{"type":"signature","member":"m","network":"n","date":"2009","note":"a\u0007b"}"#, "control character U+0007"),
        (#"{"type":"member","member":"m","name":"M","kind":"village"}"#, "not one of city"),
        (#"{"type":"member","member":"m","name":"M","kind":"city","country":"fr"}"#, "ISO 3166-1"),
        (#"{"type":"member","member":"m","name":"M","kind":"city","population":-1}"#, "non-negative integer"),
        (#"{"type":"member","member":"m","name":"M","kind":"city","population":1.5}"#, "non-negative integer"),
        (#"{"type":"ledger","format":2,"name":"x"}"#, "field 'format' must be 1"),
        (#"{"type":"policy","network":"n","date":"2008","title":"t","rules":[{"milestone":"plan"}]}"#, "exactly one of 'within'"),
        (#"{"type":"policy","network":"n","date":"2008","title":"t","rules":[{"milestone":"plan","within":0}]}"#, "from 1 to 1200"),
        (#"{"type":"policy","network":"n","date":"2008","title":"t","rules":[],"every":[{"milestone":"r","months":1201,"after":"plan"}]}"#, "from 1 to 1200"),
        (#"{"type":"correction","target":"x","set":{"colour":"red"},"reason":"r"}"#, "unknown key 'colour'"),
        (#"{"type":"correction","target":"x","set":{"date":null},"reason":"r"}"#, "cannot be set to null"),
        (#"{"type":"correction","target":"x","set":{},"reason":"r"}"#, "at least one field"),
        (#"{"type":"rename","network":"a","member":"b","name":"x","date":"2018"}"#, "exactly one of 'network' or 'member'"),
        (#"{"type":"signature","member":"m","network":"n","date":"2009","member":"m"}"#, "duplicate field 'member'"),
        (#"{"id":"has space","type":"signature","member":"m","network":"n","date":"2009"}"#, "not a valid id"),
    ])
    func rejections(_ input: String, _ expected: String) {
        let found = message(input)
        #expect(found?.contains(expected) == true, "got \(found ?? "no error")")
    }

    @Test("text fields hold at most 2,000 bytes of UTF-8")
    func textLimit() {
        let ok = String(repeating: "é", count: 1000)  // 2,000 bytes
        #expect(message(#"{"type":"signature","member":"m","network":"n","date":"2009","note":"\#(ok)"}"#) == nil)
        let long = String(repeating: "a", count: 3000)
        #expect(message(#"{"type":"signature","member":"m","network":"n","date":"2009","note":"\#(long)"}"#)?
            .contains("3000 bytes") == true)
    }

    @Test("a stored line needs seq, id, recorded and prev; input lines need none")
    func storedEnvelope() {
        #expect(message(#"{"id":"a","type":"member","member":"m","name":"M","kind":"city","recorded":"2026-01-01T00:00:00Z","prev":"0000000000000000000000000000000000000000000000000000000000000000"}"#, .stored)?.contains("'seq'") == true)
        #expect(message(#"{"seq":1,"id":"a","type":"member","member":"m","name":"M","kind":"city","recorded":"2026-01-01T00:00:00+01:00","prev":"0000000000000000000000000000000000000000000000000000000000000000"}"#, .stored)?.contains("'recorded'") == true)
        #expect(message(#"{"type":"member","member":"m","name":"M","kind":"city"}"#) == nil)
    }
}
