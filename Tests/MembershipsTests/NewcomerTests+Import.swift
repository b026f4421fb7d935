import Foundation
import Testing
@testable import Ledger

/// What someone new to the tool meets when they bring a spreadsheet: the built
/// `memberships` run on files as spreadsheets write them.
@Suite("Newcomer: import")
struct NewcomerImportTests {
    @Test("a CSV with four bad rows: all four reported in one run, in row order, and nothing written")
    func fourBadRows() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            // Rows 2 and 4 break a rule (checked against the ledger); rows 3 and 5 are not events at all.
            let path = try fixture.writeInput("cities.csv", Array("""
            type,member,network,date,name,kind
            membership,paris,c41,2010,,
            membership,paris,c40,2014-02-30,,
            membership,lyon,c40,2011,,
            membership,paris,c40
            member,oslo,,,Oslo,city

            """.utf8))
            let before = try fixture.logBytes()
            let rejected = try fixture.run(["import", path])
            #expect(rejected.status == 65, "\(rejected)")
            let lines = rejected.stderr.split(separator: "\n").map(String.init)
            let expected = [
                path + ":2: unknown network 'c41' (did you mean 'c40'?)",
                path + ":3: field 'date': '2014-02-30'",
                path + ":4: unknown member 'lyon'",
                path + ":5: 3 fields where the header has 6",
            ]
            #expect(lines.count == expected.count + 1, "\(rejected)")
            for (line, start) in zip(lines, expected) {
                #expect(line.hasPrefix(start), "\(line) should start with \(start)")
            }
            #expect(lines.last == "memberships: 4 problems found; nothing was written")
            #expect(try fixture.logBytes() == before, "the good row 6 is not written either")
            #expect(rejected.stdout.isEmpty)
        }
    }

    @Test("a header written Type,Member,… imports like type,member,…")
    func headerCase() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let path = try fixture.writeInput("members.csv", Array("Type,ID,Member,Name,Kind,Country\nmember,m-lyon,lyon,Lyon,city,FR\n".utf8))
            let imported = try fixture.run(["import", path])
            #expect(imported.succeeded, "\(imported)")
            try fixture.expectReceipt(imported)
            let last = try #require(try fixture.objects().last)
            #expect(last["id"] as? String == "m-lyon")
            #expect(last["member"] as? String == "lyon")
            #expect(last["country"] as? String == "FR")
        }
    }

    @Test("a file separated by semicolons or tabs, as spreadsheets write in many languages, imports")
    func otherSeparators() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let semicolons = try fixture.writeInput("fr.csv", Array("type;id;member;name;kind;country\r\nmember;m-lyon;lyon;\"Lyon; Rhône\";city;FR\r\n".utf8))
            let tabs = try fixture.writeInput("tabs.csv", Array("type\tid\tmember\tname\tkind\tcountry\nmember\tm-oslo\toslo\tOslo, Norway\tcity\tNO\n".utf8))
            for path in [semicolons, tabs] {
                let imported = try fixture.run(["import", path])
                #expect(imported.succeeded, "\(imported)")
            }
            let names = try fixture.objects().suffix(2).map { $0["name"] as? String }
            #expect(names == ["Lyon; Rhône", "Oslo, Norway"])
        }
    }

    @Test("a CSV saved by Excel (byte-order mark, CRLF, quoted cells, accents) imports as written")
    func excelFile() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let text = "type,id,member,name,kind,country,note\r\n"
                + "member,m-montreal,montreal,Montréal,city,CA,\r\n"
                + "member,m-bogota,bogota,Bogotá,city,CO,\"capital, Colombia\"\r\n"
                + "member,m-idf,ile-de-france,Île-de-France,region,FR,\r\n"
            let path = try fixture.writeInput("Excel.csv", [0xEF, 0xBB, 0xBF] + Array(text.utf8))
            let imported = try fixture.run(["import", path])
            #expect(imported.succeeded, "\(imported)")
            let added = try fixture.objects().suffix(3)
            #expect(added.map { $0["type"] as? String } == ["member", "member", "member"], "the mark is not part of the first column's name")
            #expect(added.map { $0["name"] as? String } == ["Montréal", "Bogotá", "Île-de-France"])
            #expect(added.map { $0["note"] as? String } == [nil, "capital, Colombia", nil])

            // Only a CSV file may start with the mark: JSON lines, like the log, may not.
            let jsonl = try fixture.writeInput("e.jsonl", [0xEF, 0xBB, 0xBF] + Array(#"{"type":"activity","member":"paris","date":"2016","title":"t"}"#.utf8) + [0x0A])
            let before = try fixture.logBytes()
            let rejected = try fixture.run(["import", jsonl])
            #expect(rejected.status == 65)
            #expect(rejected.stderr.contains("byte-order mark"))
            #expect(try fixture.logBytes() == before)
        }
    }

    @Test("export: a cell a spreadsheet would run as a formula starts with ', in every CSV the tool writes")
    func formulaCells() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            var lines = hostileMembers.enumerated().map { index, name in
                #"{"id":"m\#(index)","type":"member","member":"m\#(index)","name":\#(jsonString(name)),"kind":"city"}"#
            }
            lines.append(#"{"id":"-j","type":"membership","member":"m0","network":"c40","date":"2015","source":"@SUM(1)"}"#)
            #expect(try fixture.run(["import", try fixture.writeInput("hostile.jsonl", lines: lines)]).succeeded)

            // The log: the names as a spreadsheet must get them, and back as recorded by the README's rule.
            let file = dir + "/log.csv"
            #expect(try fixture.run(["export", "--log", "--to", file]).succeeded)
            let log = try CSVReader.records(try LedgerFixture.readBytes(file), file: file)
            let header = try #require(log.first).fields
            let id = try #require(header.firstIndex(of: "id")), name = try #require(header.firstIndex(of: "name"))
            let members = log.filter { $0.fields[id].hasPrefix("m") && Int($0.fields[id].dropFirst()) != nil }
            let cells = members.map { $0.fields[name] }
            #expect(cells == hostileCells)
            #expect(cells.map(recordedValue) == hostileMembers)
            let joined = try #require(log.last)
            #expect(joined.fields[id] == "'-j")
            #expect(joined.fields[try #require(header.firstIndex(of: "source"))] == "'@SUM(1)")

            // The views: the timeline's summary starts with the member's name; members lists the names.
            let timeline = try fixture.run(["export", "--member", "m0"])
            #expect(timeline.stdout.contains(",m0,c40,'=cmd|' /C calc'!A0 joins C40 Cities,false,'@SUM(1),\r\n"), "\(timeline)")
            let views = [try fixture.run(["export"]), try fixture.run(["timeline", "--format", "csv"]),
                         try fixture.run(["members", "--format", "csv"]), try fixture.run(["status", "--format", "csv"]),
                         try fixture.run(["export", "--log"])]
            for view in views {
                #expect(view.succeeded, "\(view)")
                let records = try CSVReader.records(view.stdoutBytes, file: "stdout")
                for cell in records.flatMap(\.fields) {
                    let first = cell.unicodeScalars.first
                    #expect(first.map { !"=+-@\t\r".unicodeScalars.contains($0) } ?? true, "a cell a spreadsheet would run: \(cell)")
                }
            }
            let listed = try #require(views.dropFirst(2).first)
            #expect(listed.stdout.contains("m1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",city"), "\(listed)")
        }
    }
}
