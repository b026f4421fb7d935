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

    @Test("a byte-order mark is skipped at the very start of the file only; line numbers stay")
    func byteOrderMark() throws {
        let records = try CSVReader.records([0xEF, 0xBB, 0xBF] + Array("type,name\r\nmember,Montréal\r\n".utf8), file: "in.csv")
        #expect(records.map(\.fields) == [["type", "name"], ["member", "Montréal"]])
        #expect(records.map(\.line) == [1, 2])
        // Elsewhere U+FEFF is a character like any other.
        #expect(try read("a,\u{FEFF}b\n").map(\.fields) == [["a", "\u{FEFF}b"]])
        #expect(try read("\u{FEFF}").map(\.fields) == [], "a file that is only a byte-order mark holds no record")
    }

    @Test("the separator is read from the header row: a comma, else a semicolon, else a tab", arguments: [
        ("type,member\nx;y,z\n", ","),
        ("type;member\nx,y;z\n", ";"),
        ("type\tmember\nx\ty\n", "\t"),
        ("\"a;b\",c\n", ","),
        ("\"a,b\";c\n", ";"),
        ("type\n", ","),
    ] as [(String, Unicode.Scalar)])
    func separator(_ text: String, _ expected: Unicode.Scalar) throws {
        #expect(CSVReader.separator(of: Array(text.utf8)) == expected)
    }

    @Test("semicolon- and tab-separated records split at their separator, quotes as usual")
    func otherSeparators() throws {
        let semicolons = try CSVReader.records(Array("a;b\n\"x; y\";Bogotá\n".utf8), file: "in.csv", separator: ";")
        #expect(semicolons.map(\.fields) == [["a", "b"], ["x; y", "Bogotá"]])
        let tabs = try CSVReader.records(Array("a\tb\nx, y\t\"z\tw\"\n".utf8), file: "in.csv", separator: "\t")
        #expect(tabs.map(\.fields) == [["a", "b"], ["x, y", "z\tw"]])
    }

    @Test("a file in another encoding is bad data at the line of its first stray byte, with a hint")
    func encodings() {
        // Montréal in Latin-1 (é is E9) on line 3; a UTF-16 file starts with FF FE.
        for (bytes, line, fragment) in [(Array("type,name\nmember,Paris\nmember,Montr".utf8) + [0xE9, 0x61, 0x6C, 0x0A], 3, "not valid UTF-8"),
                                        ([0xFF, 0xFE, 0x74, 0x00], 1, "UTF-16")] {
            do {
                _ = try CSVReader.records(bytes, file: "in.csv")
                Issue.record("accepted \(bytes)")
            } catch {
                #expect(error.kind == .badData)
                #expect(error.line == line)
                #expect(error.message.contains(fragment), "\(error.message)")
                #expect(error.hint?.contains("UTF-8") == true)
            }
        }
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

    @Test("every bad row is a problem of its own, in row order; the good rows are read")
    func everyBadRow() throws {
        let csv = """
        type,member,network,date
        membership,paris,c40,2014-02-30
        membership,paris,c40,2015
        membrship,paris,c40,2016
        membership,paris,c40

        membership,paris,c40,2017,extra
        ,,,
        membership,Paris,c40,2018
        """
        let batch = try InputEvents.readCSV(Array(csv.utf8), file: "in.csv")
        #expect(batch.inputs.map(\.line) == [3])
        #expect(batch.problems.map(\.line) == [2, 4, 5, 7, 9])
        #expect(batch.problems.allSatisfy { $0.kind == .badData && $0.file == "in.csv" })
        #expect(batch.problems[0].message.contains("field 'date'"))
        #expect(batch.problems[1].message.contains("unknown event type 'membrship'"))
        #expect(batch.problems[3].message == "5 fields where the header has 4")
        #expect(batch.problems[4].message.contains("not a slug"))
        do {
            _ = try InputEvents.parseCSV(Array(csv.utf8), file: "in.csv")
            Issue.record("accepted bad rows")
        } catch {
            #expect(([error] + error.more).map(\.line) == [2, 4, 5, 7, 9], "parseCSV throws every problem")
        }
    }

    @Test("header names match whatever their letter case and surrounding spaces; semicolons and tabs are detected")
    func headers() throws {
        let expected = try InputEvents.parse(Array(#"{"type":"membership","member":"paris","network":"c40","date":"2015"}"#.utf8), file: "in.jsonl")
        for csv in ["Type,Member,Network,DATE,Managed-By\r\nmembership,paris,c40,2015,\r\n",
                    " type , member,network ,date\nmembership,paris,c40,2015\n",
                    "type;member;network;date\nmembership;paris;c40;2015\n",
                    "type\tmember\tnetwork\tdate\nmembership\tparis\tc40\t2015\n",
                    "\u{FEFF}type,member,network,date,,\nmembership,paris,c40,2015,,\n"] {
            let inputs = try InputEvents.parseCSV(Array(csv.utf8), file: "in.csv")
            #expect(inputs.count == 1, "\(csv)")
            let event = try #require(inputs.first).event
            #expect(EventEncoder.content(event) == EventEncoder.content(try #require(expected.first).event), "\(csv)")
        }
    }

    @Test("a header that cannot be read is every problem of it at once, at line 1, with a hint", arguments: [
        ("member,date\nx,2014\n", ["the header has no 'type' column"], "semicolons"),
        ("type,membre,Seq,notes\nx,y,z,w\n", ["unknown column 'membre' (did you mean 'member'?)", "the column 'Seq' is set by the ledger",
                                              "unknown column 'notes' (did you mean 'note'?)"], "export --log"),
        ("Type,type,ManagedBy,managed_by\nx,y,z,w\n", ["the column 'type' appears twice", "the column 'managedBy' appears twice"], "columns are"),
        ("type,\u{FEFF}member\nx,y\n", ["the column '\u{FEFF}member' holds a byte-order mark (U+FEFF), which only the very start of the file may hold"], "columns are"),
    ])
    func badHeaders(_ csv: String, _ messages: [String], _ hint: String) {
        do {
            _ = try InputEvents.readCSV(Array(csv.utf8), file: "in.csv")
            Issue.record("accepted \(csv)")
        } catch {
            let all = [error] + error.more
            #expect(all.map(\.message) == messages)
            #expect(all.allSatisfy { $0.line == 1 && $0.kind == .badData })
            #expect(error.hint?.contains(hint) == true, "\(error.hint ?? "no hint")")
        }
    }

    @Test("a column with no name may stand in the header as long as its cells are empty")
    func namelessColumns() throws {
        let csv = "type,,member,network,date\nmembership,,paris,c40,2015\nmembership,oops,paris,c40,2016\n"
        let batch = try InputEvents.readCSV(Array(csv.utf8), file: "in.csv")
        #expect(batch.inputs.map(\.line) == [2])
        #expect(batch.problems.map(\.line) == [3])
        #expect(batch.problems.first?.message == "a value in column 2, which has no name in the header")
    }

    @Test("cells escaped for spreadsheets are read back as the values recorded")
    func unescaping() throws {
        let csv = """
        type,id,member,name,kind,note
        member,'-m1,lyon,"'=HYPERLINK(""http://x"",""y"")",city,'@SUM(1)
        member,m2,oslo,''quoted,city,'plain
        member,m3,rome,'+1,city,''
        """
        let inputs = try InputEvents.parseCSV(Array(csv.utf8), file: "in.csv")
        #expect(inputs.map(\.event.id.rawValue) == ["-m1", "m2", "m3"])
        #expect(inputs.map(\.event.note) == ["@SUM(1)", "'plain", "'"])
        let names = inputs.map { String(decoding: EventEncoder.content($0.event), as: UTF8.self) }
        #expect(names[0].contains(#""name":"=HYPERLINK(\"http://x\",\"y\")""#), "\(names[0])")
        #expect(names[1].contains(#""name":"'quoted""#), "\(names[1])")
        #expect(names[2].contains(#""name":"+1""#), "\(names[2])")
    }
    @Test("a value a spreadsheet would run gets one more ' in front, and loses exactly that one when read", arguments: [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
        ("@SUM(1)", "'@SUM(1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("'quoted", "''quoted"),
        ("''", "'''"),
        ("'", "''"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("Montréal", "Montréal"),
        ("Île-de-France", "Île-de-France"),
        ("a=b", "a=b"),
        ("", ""),
    ])
    func spreadsheetCells(_ value: String, _ cell: String) {
        #expect(SpreadsheetCell.escaped(value) == cell)
        #expect(SpreadsheetCell.unescaped(cell) == value)
    }

    @Test("reading leaves alone a ' that stands before anything else")
    func plainApostrophes() {
        for cell in ["'plain", "'", "l'Île", "'1", "' =x"] {
            #expect(SpreadsheetCell.unescaped(cell) == cell)
        }
    }
}
