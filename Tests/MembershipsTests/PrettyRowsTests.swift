import Foundation
import Testing
import TestSupport
import Ledger
import Projections
@testable import memberships

/// The direct writers of status and timeline rows give exactly the bytes of the general
/// pretty printer over the rows' JSON, so `--format json` is one format whichever way it goes.
@Suite("Rows written straight to JSON")
struct PrettyRowsTests {
    static let logs = ["/Tests/ProjectionsTests/Fixtures/worked/ledger.jsonl", "/Events/ledger.jsonl"]

    @Test("status and timeline rows, every row of two ledgers at several days", arguments: logs)
    func sameBytes(_ log: String) throws {
        let (events, _) = try LogReader.events(in: Array(try Data(contentsOf: URL(fileURLWithPath: Conformance.packageRoot + log))), file: log)
        let replay = Replay(events: events, knownAt: nil)
        var rows = 0
        /// The direct writer's bytes and the general printer's, for one row.
        func both<Row>(_ row: Row, _ direct: (Row, Int, inout ByteSink) -> Void, _ json: JSONValue) -> ([UInt8], [UInt8]) {
            var bytes: [UInt8] = [], general: [UInt8] = []
            var sink = ByteSink { bytes += $0 }
            direct(row, 2, &sink)
            sink.drain()
            JSONText.write(json, indent: 2, into: &general)
            return (bytes, general)
        }
        for year in [2000, 2010, 2015, 2016, 2020, 2030] {
            let day = Day(year: year, month: 6, day: 30)!
            for row in replay.status(asOf: day, member: nil, network: nil) {
                let (direct, general) = both(row, PrettyRows.write, row.json)
                #expect(direct == general)
                rows += 1
            }
            for row in replay.timeline(asOf: day, member: nil, network: nil, from: nil, to: nil) {
                let (direct, general) = both(row, PrettyRows.write, row.json)
                #expect(direct == general)
                rows += 1
            }
        }
        #expect(rows > 20)
    }
}

extension PrettyRowsTests {
    /// Rows are turned into bytes in pieces on every core when there are many: the bytes must
    /// be those of the one-thread writer, at every piece boundary.
    @Test("rows written in pieces on every core give the one-thread bytes",
          arguments: [0, 1, JSONText.rowsPerPiece, JSONText.rowsPerPiece + 1, JSONText.rowsPerPiece * 40 + 7])
    func piecesSameBytes(count: Int) {
        let members = [JSONMember("head", .object([JSONMember("seq", .number("3"))])), JSONMember("knownAt", .null)]
        // Rows that differ, so a piece out of order or written twice would show.
        let rows = (0..<count).map { i in
            JSONValue.object([JSONMember("n", .number(String(i))), JSONMember("text", .string("row \(i) é \"q\""))])
        }
        let write: @Sendable (JSONValue, Int, inout ByteSink) -> Void = { row, indent, sink in
            var out: [UInt8] = []
            JSONText.write(row, indent: indent, into: &out)
            sink.bytes(out)
        }
        var one: [UInt8] = [], pieces: [UInt8] = []
        JSONText.stream(members, rowsKey: "rows", rows: rows, writeRow: write) { one += $0 }
        JSONText.streamInPieces(members, rowsKey: "rows", rows: rows, writeRow: write) { pieces += $0 }
        #expect(pieces == one)
        // And both are the general printer's bytes, with a final newline.
        var general: [UInt8] = []
        JSONText.write(.object(members + [JSONMember("rows", .array(rows))]), indent: 0, into: &general)
        #expect(one == general + [0x0A])
    }
}

extension PrettyRowsTests {
    /// The sink's shortcuts (a string copied while checked, a key in two stores, `true`,
    /// `false` and `null` in one) give the general writer's bytes, escapes included.
    @Test("strings, keys and words in the sink give the general writer's bytes")
    func sinkPieces() {
        let strings = ["", "a", "paris", "mexico-city-pact-8", "Zürich", "São Paulo 🌍", "quote \" here", "back\\slash",
                       "new\nline", "tab\t", "\u{1}", "\u{7F}", String(repeating: "long-name-", count: 40)]
        for text in strings {
            var direct: [UInt8] = [], general: [UInt8] = []
            var sink = ByteSink { direct += $0 }
            sink.jsonString(text)
            sink.drain()
            JSONWriter.writeString(text, into: &general)
            #expect(direct == general, "\(text.debugDescription)")
        }
        for (first, levels) in [(true, 0), (false, 1), (true, 4), (false, 5), (false, 9)] {
            for name in ["a", "met", "milestone", "recurring", "twelve-bytes"] {
                var direct: [UInt8] = []
                var sink = ByteSink { direct += $0 }
                switch name {
                case "a": sink.key(JSONKey("a"), first: first, levels: levels)
                case "met": sink.key(JSONKey("met"), first: first, levels: levels)
                case "milestone": sink.key(JSONKey("milestone"), first: first, levels: levels)
                case "recurring": sink.key(JSONKey("recurring"), first: first, levels: levels)
                default: sink.key(JSONKey("twelve-bytes"), first: first, levels: levels)
                }
                sink.bool(true); sink.byte(UInt8(ascii: "|")); sink.bool(false); sink.byte(UInt8(ascii: "|")); sink.null()
                sink.drain()
                let expected = (first ? "" : ",") + "\n" + String(repeating: "  ", count: levels) + "\"\(name)\": true|false|null"
                #expect(direct == Array(expected.utf8), "\(name) at \(levels)")
            }
        }
    }
}
