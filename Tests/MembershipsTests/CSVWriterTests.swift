import Foundation
import Testing
import Ledger
@testable import Projections
@testable import MembershipsCLI

/// The CSV the tool writes, read back by its own reader: RFC 4180 quoting, scalar by scalar.
@Suite("CSV writer")
struct CSVWriterTests {
    @Test("a quote followed by a combining mark is doubled like any quote (found by the csv fuzz target)", arguments: [
        "o\"\u{0486}",                  // quote + combining Cyrillic psili: one Character
        "say \"\u{0301}hi\u{0301}\", then",   // quote + combining acute, and a comma
        "\"\u{0308}\"\u{0308}",
        "Bogotá, \"D.C.\"",
    ])
    func quoteWithCombiningMark(_ value: String) throws {
        let line = CSV.field(value) + "," + CSV.field("next") + "\r\n"
        let records = try CSVReader.records(Array(line.utf8), file: "t.csv")
        #expect(records.count == 1)
        #expect(records.first?.fields == [value, "next"], "\(line)")
    }

    @Test("the exact form: quoted, every quote doubled, nothing else changed")
    func exactForm() {
        #expect(CSV.field("a\"\u{0486}b") == "\"a\"\"\u{0486}b\"")
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field("a,b") == "\"a,b\"")
    }

    @Test("a cell starting with U+FEFF is quoted: first in a file, it reads back whole, not as a byte-order mark (found by the csv fuzz target)")
    func leadingByteOrderMark() throws {
        #expect(CSV.field("\u{FEFF}") == "\"\u{FEFF}\"")
        #expect(CSV.field("\u{FEFF}Paris") == "\"\u{FEFF}Paris\"")
        #expect(CSV.field("Paris\u{FEFF}") == "Paris\u{FEFF}", "only a leading one can be taken for a mark")
        for value in ["\u{FEFF}", "\u{FEFF}Paris", "\u{FEFF}\u{FEFF}x"] {
            let file = CSV.field(value) + "," + CSV.field("t7") + "\r\n"
            #expect(try CSVReader.records(Array(file.utf8), file: "t.csv").map(\.fields) == [[value, "t7"]], "\(file)")
        }
        // A file that does start with a mark still has it dropped.
        let marked = CSV.byteOrderMark + Array("a,b\r\n".utf8)
        #expect(try CSVReader.records(marked, file: "t.csv").map(\.fields) == [["a", "b"]])
    }

    @Test("the inputs the csv fuzz target found: every record, written back by the tool's writer, reads as the same fields")
    func fuzzRegressions() throws {
        let folder = Package.root + "/Tests/Fuzz/regressions/csv"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(!files.isEmpty, "no inputs in \(folder)")
        for file in files {
            let records = try CSVReader.records(try LedgerFixture.readBytes(folder + "/" + file), file: file)
            for record in records {
                let line = record.fields.map(CSV.field).joined(separator: ",") + "\r\n"
                let again = try CSVReader.records(Array(line.utf8), file: "again.csv")
                #expect(again.map(\.fields) == [record.fields], "\(file): \(line)")
            }
        }
    }

    @Test("a status row's rules cell is their JSON array, byte for byte, escapes and nulls included")
    func rulesCell() throws {
        let day = Day(year: 2021, month: 3, day: 4)!
        let rules = [
            RuleRow(milestone: "inventory", due: day, met: true, metOn: "2020-XX", late: false, overdue: false, recurring: true),
            RuleRow(milestone: "plan \"net-zero\", 2050\n\u{1}é", due: day.addingDays(400), met: false, metOn: nil,
                    late: true, overdue: true, recurring: false),
        ]
        for list in [[], [rules[0]], rules] {
            let expected = CSV.cell(JSONValue.array(list.map(\.json)))
            #expect(CSV.cell(list) == expected)
            // Read back through the CSV reader, as a spreadsheet would.
            let line = CSV.field(CSV.cell(list)) + "\r\n"
            #expect(try CSVReader.records(Array(line.utf8), file: "t.csv").map(\.fields) == [[expected]])
        }
    }

    @Test("a field is quoted and escaped by its bytes exactly as by its scalars",
          arguments: ["", "plain", "=1+1", "'=x", "-", "\t", "\r\n", "\u{FEFF}", "\u{FEFF}=", "=\u{FEFF}", "a,b", "\"",
                      "\"\u{0301}", "é,\"ü\"", "@home\n", "+33 1", "x\ry"])
    func fieldByBytes(_ value: String) {
        // The rule in scalars: the spreadsheet escape, then quotes when a comma, quote or
        // line break is in it or U+FEFF starts it, quotes doubled.
        let text = SpreadsheetCell.escaped(value)
        let quote = text.unicodeScalars.first == "\u{FEFF}" || text.unicodeScalars.contains { ",\"\n\r".unicodeScalars.contains($0) }
        var expected = ""
        for scalar in text.unicodeScalars { expected.unicodeScalars.append(contentsOf: scalar == "\"" ? ["\"", "\""] : [scalar]) }
        if quote { expected = "\"" + expected + "\"" }
        #expect(CSV.field(value) == expected)
    }
}
