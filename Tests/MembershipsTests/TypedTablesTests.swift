import Foundation
import Testing
import TestSupport
import Ledger
@testable import Projections
@testable import MembershipsCLI

/// Text tables and CSV written from typed rows, a piece at a time: aligned over every row
/// whichever piece holds the widest cell, and the CSV values each row's JSON holds.
@Suite("Tables and CSV from typed rows")
struct TypedTablesTests {
    /// The table as laid out all at once: each column as wide as its widest cell (made
    /// safe), then two spaces; the last cell of a line unpadded.
    static func reference(_ headers: [String], _ rows: [[String]]) -> String {
        let lines = [headers] + rows.map { $0.map(Console.safe) }
        var widths = [Int](repeating: 0, count: headers.count)
        for line in lines { for (k, cell) in line.enumerated() { widths[k] = max(widths[k], DisplayWidth.of(cell)) } }
        return lines.map { line in
            line.enumerated().map { k, cell in
                k == line.count - 1 ? cell : cell + String(repeating: " ", count: widths[k] - DisplayWidth.of(cell) + 2)
            }.joined()
        }.joined(separator: "\n")
    }

    @Test("many pieces: every line aligned over all rows (the widest cells in the last piece), marks counted over all")
    func manyPieces() {
        var random = SplitMix64(seed: 5)
        let words = ["Montréal", "東京", "Zürich", "a\u{301}b", "x", "tab\there", "", "São Paulo", "C40 Cities"]
        let count = 3 * Parallel.piece + 17
        var rows: [[String]] = (0..<count).map { _ in
            (0..<4).map { _ in words[Int(random.next() % UInt64(words.count))] + String(random.next() % 1000) }
        }
        rows[count - 1][1] = String(repeating: "東", count: 30)
        rows[count - 2][3] = "the last cell is never padded, however long it is"
        var out: [UInt8] = []
        let marks = TextTable.write(headers: ["A", "B", "C", "D"], rows: rows, line: { cells in
            TextTable.Line(cells, marks: (cells[0].hasPrefix("x") ? 1 : 0) | (cells[2].isEmpty ? 4 : 0))
        }) { out += $0 }
        #expect(String(decoding: out, as: UTF8.self) == Self.reference(["A", "B", "C", "D"], rows))
        #expect(marks[0] == rows.filter { $0[0].hasPrefix("x") }.count)
        #expect(marks[1] == 0)
        #expect(marks[2] == rows.filter { $0[2].isEmpty }.count)
        #expect(marks[0] > 0)
    }

    /// Rows at some positions only: none in the first pieces, then every seventh, then none
    /// in the last ones (as a timeline whose lines could not be read back).
    struct Sparse: PieceRows {
        let positions = 4000
        func rows(in range: Range<Int>) -> [Int] { range.filter { $0 >= 1100 && $0 < 3300 && $0 % 7 == 3 } }
    }

    @Test("rows made a piece at a time, some positions giving none: JSON, text and CSV as from the rows there are")
    func sparsePieces() {
        let source = Sparse(), rows = source.rows(in: 0..<source.positions)
        let write: @Sendable (Int, Int, inout ByteSink) -> Void = { row, indent, sink in
            var out: [UInt8] = []
            JSONText.write(.object([JSONMember("n", .number(String(row)))]), indent: indent, into: &out)
            sink.bytes(out)
        }
        let members = [JSONMember("asOf", .string("2020-01-01"))]
        var pieces: [UInt8] = [], whole: [UInt8] = []
        JSONText.streamInPieces(members, rowsKey: "rows", rows: source, writeRow: write) { pieces += $0 }
        JSONText.stream(members, rowsKey: "rows", rows: rows, writeRow: write) { whole += $0 }
        #expect(String(decoding: pieces, as: UTF8.self) == String(decoding: whole, as: UTF8.self))
        #expect((try? JSONReader.parse(pieces)) != nil)
        var empty: [UInt8] = [], none: [UInt8] = []
        struct Nothing: PieceRows {
            let positions = 2000
            func rows(in range: Range<Int>) -> [Int] { [] }
        }
        JSONText.streamInPieces(members, rowsKey: "rows", rows: Nothing(), writeRow: write) { empty += $0 }
        JSONText.stream(members, rowsKey: "rows", rows: [Int](), writeRow: write) { none += $0 }
        #expect(empty == none)

        let line: @Sendable (Int) -> TextTable.Line = { TextTable.Line([String(repeating: "x", count: $0 % 13), String($0)], marks: 1) }
        var sparseText: [UInt8] = [], text: [UInt8] = []
        let marks = TextTable.write(headers: ["A", "B"], rows: source, line: line) { sparseText += $0 }
        TextTable.write(headers: ["A", "B"], rows: rows, line: line) { text += $0 }
        #expect(sparseText == text)
        #expect(marks[0] == rows.count)
        var sparseCSV: [UInt8] = [], csv: [UInt8] = []
        CSV.write(columns: ["n"], rows: source, cells: { [String($0)] }) { sparseCSV += $0 }
        CSV.write(columns: ["n"], rows: rows, cells: { [String($0)] }) { csv += $0 }
        #expect(sparseCSV == csv)
    }

    @Test("a table with no rows is its header line")
    func noRows() {
        var out: [UInt8] = []
        TextTable.write(headers: ["ONE", "TWO"], rows: [[String]](), line: { TextTable.Line($0) }) { out += $0 }
        #expect(String(decoding: out, as: UTF8.self) == "ONE  TWO")
    }

    @Test("CSV from typed rows: the header and each row's values as its JSON holds them, every row of two ledgers",
          arguments: PrettyRowsTests.logs)
    func csvAsJSON(_ log: String) throws {
        let (events, _) = try LogReader.events(in: Array(try Data(contentsOf: URL(fileURLWithPath: Conformance.packageRoot + log))), file: log)
        let replay = Replay(events: events, knownAt: nil)
        var compared = 0
        for year in [2000, 2015, 2020, 2030] {
            let day = Day(year: year, month: 6, day: 30)!
            let timeline = replay.timeline(asOf: day, member: nil, network: nil, from: nil, to: nil)
            let status = Array(replay.statusRows(asOf: day, member: nil, network: nil))
            for row in timeline {
                #expect(TimelineCommand.csv(row) == TimelineCommand.columns.map { CSV.cell(row.json[$0] ?? .null) })
            }
            for row in status {
                #expect(StatusCommand.csv(row) == StatusCommand.columns.map { CSV.cell(row.json[$0] ?? .null) })
            }
            let members = replay.members(asOf: day), networks = replay.networks(asOf: day)
            for row in members {
                #expect(MemberCommand.csv(row) == MemberCommand.columns.map { CSV.cell(row.json[$0] ?? .null) })
            }
            for row in networks {
                #expect(NetworkCommand.csv(row) == NetworkCommand.columns.map { CSV.cell(row.json[$0] ?? .null) })
            }
            compared += timeline.count + status.count + members.count + networks.count
            // The whole output: what the rows' JSON gives, read back by key.
            var typed: [UInt8] = []
            CSV.write(columns: StatusCommand.columns, rows: status, cells: StatusCommand.csv) { typed += $0 }
            var byKey: [UInt8] = []
            let columns = StatusCommand.columns
            CSV.write(columns: columns, rows: status.map(\.json), cells: { row in columns.map { CSV.cell(row[$0] ?? .null) } }) {
                byKey += $0
            }
            #expect(typed == byKey)
        }
        #expect(compared > 20)
        // The audit trail of every commitment, corrections' changes included.
        var audited = 0
        for row in replay.status(asOf: Day(year: 2030, month: 1, day: 1)!, member: nil, network: nil) {
            for audit in AuditTrail.rows(replay: replay, member: row.member, network: row.network) {
                #expect(AuditCommand.csv(audit) == AuditCommand.columns.map { CSV.cell(audit.json[$0] ?? .null) })
                audited += audit.changes.isEmpty ? 0 : 1
            }
        }
        #expect(audited > 0, "\(log): no correction's changes were compared")
    }
}
