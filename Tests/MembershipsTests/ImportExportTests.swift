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
                                    "summary", "corrected", "source"])
            #expect(exported[1].count == 12 && exported[1][9].contains("Paris") && exported[1][9].contains("C40 Cities"))
            #expect(exported[1].enumerated().filter { $0.offset != 9 }.map(\.element)
                    == ["4", "paris-c40", "membership", "2005", "2005-01-01", "2005-12-31", "true", "paris", "c40", "false", ""])
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
}
