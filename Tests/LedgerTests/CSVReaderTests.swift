import Testing
@testable import Ledger

@Suite("CSV input (RFC 4180)")
struct CSVReaderTests {
    func read(_ text: String) throws(LedgerError) -> [CSVReader.Record] {
        try CSVReader.records(Array(text.utf8), file: "in.csv")
    }

    @Test("quoted fields hold commas, doubled quotes and line breaks; CRLF and LF both end records")
    func quoting() throws {
        let records = try read("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\"\"\n")
        #expect(records.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["last", "", ""]])
        #expect(records.map(\.line) == [1, 2, 4], "a record's line is where it starts")
    }

    @Test("blank lines are skipped; a last record without a line break counts; accents are kept")
    func edges() throws {
        #expect(try read("a\n\nb").map(\.fields) == [["a"], ["b"]])
        #expect(try read("Gdańsk,東京").map(\.fields) == [["Gdańsk", "東京"]])
    }

    @Test("malformed CSV is bad data at its line", arguments: [
        ("a,\"open\n", "not closed", 1),
        ("a\nb\"c\n", "quote inside an unquoted field", 2),
        ("\"a\"b\n", "text after a closing quote", 1),
    ])
    func malformed(_ text: String, _ fragment: String, _ line: Int) {
        do {
            _ = try read(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.kind == .badData)
            #expect(error.message.contains(fragment))
            #expect(error.line == line)
        }
    }

    @Test("CSV rows become events: empty cells are absent, JSON columns parsed, bad rows named by line")
    func events() throws {
        let csv = """
        type,id,member,network,date,name,kind,rules,title,source
        network,n1,,c40,,C40,network,,,"a, source"
        policy,p1,,c40,2016-12-01,,,"[{""milestone"":""plan"",""by"":""2020-12-31""}]",Deadline 2020,
        """
        let inputs = try InputEvents.parseCSV(Array(csv.utf8), file: "in.csv")
        #expect(inputs.count == 2)
        #expect(inputs[0].event.source == "a, source")
        #expect(inputs[0].event.member == nil)
        #expect(inputs[1].line == 3)
        #expect(String(decoding: EventEncoder.content(inputs[1].event), as: UTF8.self)
            == #"{"id":"p1","type":"policy","network":"c40","date":"2016-12-01","title":"Deadline 2020","rules":[{"milestone":"plan","by":"2020-12-31"}]}"#)
        let bad = "type,member,network,date\nsignature,paris,c40,2014-02-30\n"
        do {
            _ = try InputEvents.parseCSV(Array(bad.utf8), file: "in.csv")
            Issue.record("accepted a bad date")
        } catch {
            #expect(error.line == 2 && error.message.contains("field 'date'"))
        }
        #expect(throws: LedgerError.self) { try InputEvents.parseCSV(Array("member,date\nx,2014\n".utf8), file: "in.csv") }
        #expect(throws: LedgerError.self) { try InputEvents.parseCSV(Array("type,type\nx,y\n".utf8), file: "in.csv") }
        #expect(throws: LedgerError.self) { try InputEvents.parseCSV(Array("type,member\nmember\n".utf8), file: "in.csv") }
    }
}
