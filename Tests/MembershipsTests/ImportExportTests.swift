import Foundation
import Testing
@testable import Ledger

@Suite("import and export")
struct ImportExportTests {
    @Test("import FILE.csv appends a batch validated whole; a bad row writes nothing")
    func importCSV() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let good = try fixture.writeInput("cities.csv", Array("""
            type,id,member,name,kind,country
            member,m-lyon,lyon,Lyon,city,FR
            member,m-oslo,oslo,Oslo,city,NO

            """.utf8))
            let result = try fixture.run(["import", good])
            #expect(result.succeeded, "\(result)")
            #expect(result.head?.seq == 6)
            // Importing the same file again writes nothing (ids are idempotency keys).
            let before = try fixture.logBytes()
            #expect(try fixture.run(["import", good]).succeeded)
            #expect(try fixture.logBytes() == before)

            let bad = try fixture.writeInput("bad.csv", Array("""
            type,member,network,date
            membership,lyon,c40,2010
            membership,oslo,c41,2011

            """.utf8))
            let rejected = try fixture.run(["import", bad])
            #expect(rejected.status == 65)
            #expect(rejected.stderr.hasPrefix(bad + ":3: unknown network 'c41' (did you mean 'c40'?)"), "\(rejected.stderr)")
            #expect(try fixture.logBytes() == before)
        }
    }

    @Test("import FILE.jsonl is append --file; other extensions are a usage error")
    func importJSONL() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let path = try fixture.writeInput("e.jsonl", lines: [#"{"type":"activity","member":"paris","date":"2016","title":"t"}"#])
            #expect(try fixture.run(["import", path]).succeeded)
            let other = try fixture.writeInput("e.txt", lines: ["x"])
            #expect(try fixture.run(["import", other]).status == 64)
            #expect(try fixture.run(["import", dir + "/missing.csv"]).status == 66)
        }
    }

    @Test("export writes the timeline as CSV; --log every line with every field; --to writes a file")
    func export() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let timeline = try fixture.run(["export"])
            #expect(timeline.succeeded)
            // The timeline's columns, and its one dated event (the membership of 2005), as CSV.
            let exported = try CSVReader.records(timeline.stdoutBytes, file: "stdout").map(\.fields)
            try #require(exported.count == 2, "\(timeline.stdout)")
            #expect(exported[0] == ["seq", "id", "type", "date", "earliest", "latest", "certain", "member", "network",
                                    "summary", "corrected", "source", "note"])
            #expect(exported[1].count == 13 && exported[1][9].contains("Paris") && exported[1][9].contains("C40 Cities"))
            #expect(exported[1].enumerated().filter { $0.offset != 9 }.map(\.element)
                    == ["4", "paris-c40", "membership", "2005", "2005-01-01", "2005-12-31", "true", "paris", "c40", "false", "", ""])
            let target = dir + "/log.csv"
            let written = try fixture.run(["export", "--log", "--to", target])
            #expect(written.succeeded, "\(written)")
            let records = try CSVReader.records(try FileIO.readAll(target), file: target)
            #expect(records.count == 5, "a header and the 4 lines of the log")
            #expect(records[0].fields.prefix(5) == ["seq", "id", "type", "recorded", "by"])
            #expect(records[0].fields.suffix(3) == ["source", "note", "prev"])
            let lines = try fixture.lines()
            let prevColumn = records[0].fields.count - 1
            for (record, line) in zip(records.dropFirst().dropFirst(), lines) {
                #expect(record.fields[prevColumn] == SHA256.hash(line).hex, "each prev is the hash of the line before")
            }
            #expect(try fixture.run(["export", "--log", "--member", "paris"]).status == 64)
        }
    }

    @Test("export --to FILE starts with a UTF-8 byte-order mark (for spreadsheets); CSV on stdout does not (for programs)")
    func byteOrderMark() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            for arguments in [["export"], ["export", "--log"], ["timeline", "--format", "csv"], ["status", "--format", "csv"]] {
                let printed = try fixture.run(arguments)
                #expect(printed.succeeded, "\(printed)")
                #expect(!printed.stdoutBytes.isEmpty && !printed.stdoutBytes.starts(with: bom), "\(arguments)")
            }
            for (arguments, file) in [(["export"], "timeline.csv"), (["export", "--log"], "log.csv")] {
                let target = dir + "/" + file
                let written = try fixture.run(arguments + ["--to", target])
                #expect(written.succeeded, "\(written)")
                let bytes = try LedgerFixture.readBytes(target)
                #expect(bytes.starts(with: bom + Array("seq,id,type,".utf8)), "\(file)")
                #expect(Array(bytes.dropFirst(3)) == (try fixture.run(arguments)).stdoutBytes, "the same CSV after the mark")
            }
        }
    }

    @Test("export → import gives back exactly the values recorded, hostile ones included: every line is already present")
    func roundTrip() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let added = try fixture.writeInput("hostile.jsonl", lines: hostileMembers.enumerated().map { index, name in
                let id = index == 0 ? "-first" : "m\(index)"
                return #"{"id":"\#(id)","type":"member","member":"m\#(index)","name":\#(jsonString(name)),"kind":"city","note":\#(jsonString(name))}"#
            })
            #expect(try fixture.run(["import", added]).succeeded)
            let exported = dir + "/log.csv"
            #expect(try fixture.run(["export", "--log", "--to", exported]).succeeded)
            // The columns the ledger sets go (an import rejects them); every other cell stays as written.
            let records = try CSVReader.records(try LedgerFixture.readBytes(exported), file: exported)
            let header = try #require(records.first).fields
            let kept = header.indices.filter { !["seq", "recorded", "prev"].contains(header[$0]) }
            let rewritten = records.map { record in
                kept.map { "\"" + record.fields[$0].split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" }
                    .joined(separator: ",") + "\r\n"
            }.joined()
            #expect(rewritten.contains("\"'-first\""), "the id starting with '-' was escaped in the export")
            let back = try fixture.writeInput("back.csv", [0xEF, 0xBB, 0xBF] + Array(rewritten.utf8))
            let before = try fixture.logBytes()
            let imported = try fixture.run(["import", back])
            #expect(imported.succeeded, "\(imported)")
            let lines = imported.stdout.split(separator: "\n")
            #expect(lines.filter { $0.hasPrefix("already present: seq ") }.count == before.filter { $0 == 0x0A }.count, "\(imported)")
            #expect(!imported.stdout.contains("appended"))
            #expect(try fixture.logBytes() == before)
        }
    }

    @Test("import FILE.jsonl and append --file report every bad line at once, decoding and rules, in line order")
    func everyBadLine() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let path = try fixture.writeInput("e.jsonl", lines: [
                #"{"type":"membership","member":"lyon","network":"c40","date":"2010"}"#,
                #"{"type":"activity","member":"paris","date":"2016","title":"t"}"#,
                #"{"type":"membership","member":"paris","network":"c40","date":"2014-13"}"#,
                #"not json"#,
            ])
            let before = try fixture.logBytes()
            let rejected = try fixture.run(["import", path])
            #expect(rejected.status == 65)
            let lines = rejected.stderr.split(separator: "\n").map(String.init)
            #expect(lines.count == 4, "\(rejected)")
            #expect(lines.first?.hasPrefix(path + ":1: unknown member 'lyon'") == true, "\(rejected)")
            #expect(lines.dropFirst().first?.hasPrefix(path + ":3: field 'date'") == true, "\(rejected)")
            #expect(lines.dropFirst(2).first?.hasPrefix(path + ":4: ") == true, "\(rejected)")
            #expect(lines.last == "memberships: 3 problems found; nothing was written")
            #expect(try fixture.logBytes() == before)
            let appended = try fixture.run(["append", "--file", path])
            #expect(appended.status == 65)
            #expect(appended.stderr == rejected.stderr, "append --file reports as import does")
            #expect(try fixture.logBytes() == before)
        }
    }

    @Test("more than 100 bad rows: the first 100 are shown, and how many more")
    func manyBadRows() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let rows = (1...130).map { "membership,paris,c40,2014-02-\($0 % 2 == 0 ? "30" : "31")" }
            let path = try fixture.writeInput("many.csv", Array((["type,member,network,date"] + rows).joined(separator: "\n").utf8))
            let before = try fixture.logBytes()
            let rejected = try fixture.run(["import", path])
            #expect(rejected.status == 65)
            let lines = rejected.stderr.split(separator: "\n")
            let shown = lines.filter { $0.hasPrefix(path + ":") }
            #expect(shown.count == 100)
            #expect(shown.first?.hasPrefix(path + ":2: ") == true)
            #expect(shown.last?.hasPrefix(path + ":101: ") == true)
            #expect(lines.last == "memberships: 130 problems found (30 more not shown); nothing was written")
            #expect(try fixture.logBytes() == before)
        }
    }
}

/// Free text a spreadsheet would run, or that looks like the escape, and accented names.
let hostileMembers = ["=cmd|' /C calc'!A0", #"=HYPERLINK("http://x","y")"#, "@SUM(1)", "+1", "-1", "'quoted", "''",
                      "\tTab", "Montréal", "Bogotá", "Île-de-France", "l'Île", "'"]

/// What a cell of the tool's CSV holds for each of `hostileMembers`, written out by hand.
let hostileCells = ["'=cmd|' /C calc'!A0", #"'=HYPERLINK("http://x","y")"#, "'@SUM(1)", "'+1", "'-1", "''quoted", "'''",
                    "'\tTab", "Montréal", "Bogotá", "Île-de-France", "l'Île", "''"]

/// The README's rule for a program reading the tool's CSV: remove one leading `'` where it
/// stands before `=`, `+`, `-`, `@`, a tab, a carriage return or another `'`.
func recordedValue(_ cell: String) -> String {
    let scalars = Array(cell.unicodeScalars)
    guard scalars.count >= 2, scalars[0] == "'", "=+-@\t\r'".unicodeScalars.contains(scalars[1]) else { return cell }
    return String(String.UnicodeScalarView(scalars.dropFirst()))
}

/// `text` as a JSON string (Foundation's encoder: independent of the ledger's writer).
func jsonString(_ text: String) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])) ?? Data()
    return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
}
