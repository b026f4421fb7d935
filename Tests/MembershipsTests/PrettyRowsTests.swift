import Foundation
import Testing
import TestSupport
import Ledger
@testable import Projections
@testable import MembershipsCLI

/// The direct writers of status and timeline rows give exactly the bytes of the general
/// pretty printer over the rows' JSON, so `--format json` is one format whichever way it goes.
@Suite("Rows written straight to JSON")
struct PrettyRowsTests {
    static let logs = ["/Tests/ProjectionsTests/Fixtures/worked/ledger.jsonl", "/Events/ledger.jsonl"]

    @Test("timeline rows, every row of two ledgers at several days", arguments: logs)
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
    /// `status --format json` writes judged rows straight out, their strings copied from
    /// literals made once: the general printer's bytes for their `StatusRow`s, from a replay
    /// and from a folded status, fresh (strings interned) or read back (strings in place).
    @Test("judged rows written straight out give their status rows' bytes, every row of two ledgers, every filter",
          arguments: logs)
    func judgedSameBytes(_ log: String) throws {
        let (events, _) = try LogReader.events(in: Array(try Data(contentsOf: URL(fileURLWithPath: Conformance.packageRoot + log))), file: log)
        let replay = Replay(events: events, knownAt: nil)
        let folded = FoldedStatus(replay)
        let decoded = try #require(FoldedStatus.decoded(folded.encoded()[...]))
        let someRow = try #require(folded.statusRows(asOf: Day(year: 2030, month: 1, day: 1)!, member: nil, network: nil).first)
        var rows = 0
        /// The judged rows written straight out against their status rows.
        func expectSame(_ judged: JudgedRows<some RandomAccessCollection<JudgedRow>>, _ expected: [StatusRow], day: Day) {
            #expect(judged.rows.count == expected.count)
            func written(_ row: JudgedRow, _ statusRow: StatusRow, _ how: String) {
                var row = row
                var direct: [UInt8] = [], general: [UInt8] = []
                var sink = ByteSink { direct += $0 }
                PrettyRows.write(&row, runs: StatusRowRuns(indent: 2), names: judged.names, texts: judged.texts, into: &sink)
                sink.drain()
                JSONText.write(statusRow.json, indent: 2, into: &general)
                #expect(String(decoding: direct, as: UTF8.self) == String(decoding: general, as: UTF8.self),
                        "\(statusRow.member) \(statusRow.network) as of \(day), \(how)")
            }
            for (row, statusRow) in zip(judged.rows, expected) {
                written(row, statusRow, "read")
                rows += 1
            }
            // Judged in place, into one row kept from row to row as the command's writer keeps
            // it: nothing of the row before may stay (its rules, badge, reason).
            var row = JudgedRow.blank
            for (k, statusRow) in expected.enumerated() {
                judged.fill(k, &row)
                written(row, statusRow, "judged in place")
            }
        }
        for year in [2000, 2010, 2015, 2016, 2020, 2030] {
            let day = Day(year: year, month: 6, day: 30)!
            for (member, network) in [(nil, nil), (someRow.member, nil), (nil, someRow.network)] as [(MemberID?, NetworkID?)] {
                // From the replay, and from the folded status fresh and read back.
                expectSame(replay.judgedRows(asOf: day, member: member, network: network),
                           replay.status(asOf: day, member: member, network: network), day: day)
                for status in [folded, decoded] {
                    expectSame(status.judgedRows(asOf: day, member: member, network: network),
                               Array(status.statusRows(asOf: day, member: member, network: network)), day: day)
                }
            }
        }
        #expect(rows > 20)
    }

    /// A judged row is written as runs made once for its indentation (`StatusRowRuns`): each
    /// run's choice (via, status, basis, certain, met, the three flags), none to eight rules
    /// (past those held in the row itself), every kind of badge, strings that need escapes,
    /// at several indentations, against the general printer; with short strings (the row's
    /// room reckoned from the longest) and with one badge so long that each row's literals are
    /// measured one by one (`PrettyRows.boundedRoom`). Debug builds check that no row writes
    /// past its room.
    @Test("judged rows written as runs give the general printer's bytes for every choice a run makes, at every indentation",
          arguments: [false, true])
    func runsSameBytes(longBadge: Bool) {
        let badge = longBadge ? String(repeating: "badge of honour ", count: 600) : "badge of honour"
        let strings = ["paris", "c40", "2016-04-20", "Zürich \"quoted\"", "2020", badge, "x"]
        let texts = ["plan", "inventory", "report with \\ backslash", "Gold badge"]
        let names = JSONLiterals(strings), literals = JSONLiterals(texts)
        // The longest literal, quotes and escapes included; long enough, in the second case,
        // that a row's bound would pass `boundedRoom`.
        #expect(names.longest == strings.map { text -> Int in
            var out: [UInt8] = []
            JSONWriter.writeString(text, into: &out)
            return out.count
        }.max())
        #expect((3 * names.longest > PrettyRows.boundedRoom) == longBadge)
        let lookup = StringTable(strings: strings)
        let vias: [EventType?] = [.membership, .signature, .selection, nil, .milestone]
        let statuses: [CommitmentStatus] = [.ended, .suspended, .compliant, .noObligations, .overdue, .onTrack]
        let bases: [JudgedRow.Basis?] = [.recognition, .rules, nil]
        let badges: [JudgedRow.Badge] = [.none, .name(5), .text(3)]
        var cases = 0
        for indent in [0, 1, 2, 5] {
            let runs = StatusRowRuns(indent: indent)
            for n in 0..<60 {
                var rules = JudgedRow.Rules()
                for k in 0..<(n % 9) {
                    // The flags' eight combinations and both kinds of metOn, in turn.
                    let bits = (n + k) % 8
                    // Due dates with their year, month and day packed as judging packs them,
                    // and unpacked (the writer works them out), in turn.
                    let due = Day(ordinal: Int32(16_000 + 97 * k + n))
                    rules.append(JudgedRow.Rule(milestone: Int32(k % 3), due: due, duePacked: k % 2 == 0 ? Day.packed(due.civil) : 0,
                                                metOn: (n + k) % 3 == 0 ? Interner.none : Int32(k % 2 == 0 ? 2 : 4),
                                                met: (n + k) % 2 == 0, late: bits & 4 != 0, overdue: bits & 2 != 0,
                                                recurring: bits & 1 != 0))
                }
                var row = JudgedRow(member: Int32(n % 2 == 0 ? 0 : 3), network: 1, via: vias[n % vias.count], since: Int32(n % 3 == 0 ? 2 : 4),
                                    status: statuses[n % statuses.count], reason: n % 4 == 0 ? nil : ["merged", "a \"why\""][n % 2],
                                    basis: bases[n % bases.count], badge: badges[(n / 3) % badges.count], certain: n % 5 != 0,
                                    rules: rules)
                var direct: [UInt8] = [], general: [UInt8] = []
                var sink = ByteSink { direct += $0 }
                PrettyRows.write(&row, runs: runs, names: names, texts: literals, into: &sink)
                sink.drain()
                JSONText.write(StatusRow(row, texts: texts, names: lookup).json, indent: indent, into: &general)
                #expect(String(decoding: direct, as: UTF8.self) == String(decoding: general, as: UTF8.self), "row \(n) at \(indent)")
                cases += 1
            }
        }
        #expect(cases == 240)
    }

    /// Rows are turned into bytes in pieces on every core when there are many: the bytes must
    /// be those of the one-thread writer, at every piece boundary.
    @Test("rows written in pieces on every core give the one-thread bytes",
          arguments: [0, 1, RowPieces.rowsPerPiece, RowPieces.rowsPerPiece + 1, RowPieces.rowsPerPiece * 40 + 7])
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
        JSONText.streamInPieces(members, rowsKey: "rows", rows: AllRows(rows), writeRow: write) { pieces += $0 }
        #expect(pieces == one)
        // And both are the general printer's bytes, with a final newline.
        var general: [UInt8] = []
        JSONText.write(.object(members + [JSONMember("rows", .array(rows))]), indent: 0, into: &general)
        #expect(one == general + [0x0A])
    }
}

extension PrettyRowsTests {
    /// Bytes a `RoomWriter` writes in `room` bytes reckoned as the row writers reckon it.
    private func written(room: Int, _ body: (inout RoomWriter) -> Void) -> [UInt8] {
        var bytes: [UInt8] = []
        var sink = ByteSink { bytes += $0 }
        sink.write(room: room, body)
        sink.drain()
        return bytes
    }

    /// The room writer's shortcuts (a string copied while checked, a key in two stores,
    /// `true`, `false` and `null` in one, a day from its ordinal) give the general writer's
    /// bytes, escapes included, within the room reckoned for them.
    @Test("strings, keys, words and days in the room writer give the general writer's bytes")
    func roomWriterPieces() {
        let strings = ["", "a", "paris", "mexico-city-pact-8", "Zürich", "São Paulo 🌍", "quote \" here", "back\\slash",
                       "new\nline", "tab\t", "\u{1}\u{1F}", "\u{7F}", String(repeating: "\u{2}", count: 40),
                       String(repeating: "long-name-", count: 40)]
        for text in strings {
            var general: [UInt8] = []
            JSONWriter.writeString(text, into: &general)
            #expect(written(room: RoomWriter.stringRoom(text)) { $0.string(text) } == general, "\(text.debugDescription)")
        }
        // Strings are copied eight bytes at a time: an escape at every place of every length
        // from 0 to 24, so each word and the overlapping last one are each seen to catch it.
        for length in 0...24 {
            for place in 0..<max(length, 1) {
                for escape in ["\"", "\\", "\n", "\u{1F}", "é", "\u{7F}"] where length > 0 || escape == "\"" {
                    var characters = Array(repeating: "x", count: length)
                    if length > 0 { characters[place] = escape }
                    let text = characters.joined()
                    var general: [UInt8] = []
                    JSONWriter.writeString(text, into: &general)
                    #expect(written(room: RoomWriter.stringRoom(text)) { $0.string(text) } == general, "\(text.debugDescription)")
                }
            }
        }
        // The eight-byte test, against the byte-by-byte one, for every byte in every lane.
        for lane in 0..<8 {
            for byte in 0...255 {
                let word = UInt64(0x6161_6161_6161_6161) & ~(UInt64(0xFF) << (8 * lane)) | UInt64(byte) << (8 * lane)
                let escaped = byte < 0x20 || byte == 0x22 || byte == 0x5C
                #expect(RoomWriter.needsEscape(word) == escaped, "byte \(byte) in lane \(lane)")
            }
        }
        #expect(written(room: RoomWriter.stringRoom(nil)) { $0.optional(nil) } == Array("null".utf8))
        // Literals made once, copied within their length and the slack, long or short.
        let texts = ["", "a", "paris", "exactly-16-bytes", "seventeen-bytes!!", "quote \" here", "Zürich", "long-name-" + String(repeating: "x", count: 40)]
        let literals = JSONLiterals(texts)
        for (k, text) in texts.enumerated() {
            var general: [UInt8] = []
            JSONWriter.writeString(text, into: &general)
            let length = RoomWriter.length(Int32(k), in: literals)
            #expect(length == general.count)
            #expect(written(room: length + RoomWriter.literalSlack) { $0.literal(Int32(k), in: literals) } == general, "\(text)")
        }
        for (first, levels) in [(true, 0), (false, 1), (true, 4), (false, 5), (false, 9)] {
            let room = 4 * RoomWriter.keyRoom(levels: levels + 1) + 3 * RoomWriter.valueRoom
            let bytes = written(room: room) { w in
                w.levels = levels
                w.open(UInt8(ascii: "{"))
                if !first { w.key(JSONKey("a")); w.integer(-12) }
                w.key(JSONKey("twelve-bytes")); w.bool(true)
                w.key(JSONKey("met")); w.bool(false)
                w.key(JSONKey("milestone")); w.null()
                w.close(UInt8(ascii: "}"))
            }
            let inner = String(repeating: "  ", count: levels + 1)
            let expected = "{" + (first ? "" : "\n\(inner)\"a\": -12,") + "\n\(inner)\"twelve-bytes\": true,\n\(inner)\"met\": false,"
                + "\n\(inner)\"milestone\": null\n" + String(repeating: "  ", count: levels) + "}"
            #expect(bytes == Array(expected.utf8), "at \(levels)")
        }
        // Days as the general writer gives their text, four-digit years or not.
        for text in ["0000-01-01", "1970-01-01", "2000-02-29", "2024-12-31", "9999-12-31"] {
            let day = Day(year: Int(text.prefix(4))!, month: Int(text.dropFirst(5).prefix(2))!, day: Int(text.suffix(2))!)!
            #expect(written(room: RoomWriter.valueRoom) { $0.day(day) } == Array("\"\(text)\"".utf8))
        }
        // Two digits by multiplying, for every number that can be asked; and every day of
        // three centuries (each month's days, leap days, every year's pair of digits).
        for n in 0..<100 {
            let digits = RoomWriter.digits(UInt64(n))
            #expect([UInt8(digits & 0xFF), UInt8(digits >> 8)] == Array((n < 10 ? "0\(n)" : "\(n)").utf8), "\(n)")
        }
        for ordinal in Day(year: 1900, month: 1, day: 1)!.ordinal...Day(year: 2199, month: 12, day: 31)!.ordinal {
            let day = Day(ordinal: ordinal)
            var general: [UInt8] = []
            JSONWriter.writeString(day.description, into: &general)
            let bytes = written(room: RoomWriter.valueRoom) { $0.day(day) }
            if bytes != general { Issue.record("\(day): \(String(decoding: bytes, as: UTF8.self))") }
        }
        for day in [Day(year: -1, month: 3, day: 1)!, Day(year: 10_000, month: 1, day: 1)!, Day(ordinal: Int32.max), Day(ordinal: Int32.min)] {
            var general: [UInt8] = []
            JSONWriter.writeString(day.description, into: &general)
            #expect(written(room: RoomWriter.valueRoom) { $0.day(day) } == general, "\(day)")
        }
    }
}
