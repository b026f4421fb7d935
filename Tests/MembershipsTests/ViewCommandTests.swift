import Foundation
import Testing
@testable import Ledger

/// The views through the command line (SPEC §6): the JSON envelope, the worked example's
/// exact outputs, text tables and CSV, and the errors for bad options and unknown names.
@Suite("View commands")
struct ViewCommandTests {
    /// A copy of the worked example's ledger in a temporary directory.
    func withWorked(_ body: (String) throws -> Void) throws {
        try withTemporaryDirectory { dir in
            try FileManager.default.createDirectory(atPath: dir + "/Events", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: dir + "/Snapshots", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Package.root + "/Tests/ProjectionsTests/Fixtures/worked/ledger.jsonl",
                                             toPath: dir + "/Events/ledger.jsonl")
            try body(dir)
        }
    }

    @Test("the worked example's commands print exactly the expected JSON (SPEC §9)")
    func workedExample() throws {
        let expected = try JSONReader.parse(try FileIO.readAll(
            Package.root + "/Tests/ProjectionsTests/Fixtures/worked/worked.expected.json"))
        guard case .array(let cases) = expected else { Issue.record("expected a list"); return }
        #expect(cases.count == 6)
        try withWorked { dir in
            for item in cases {
                let command = try #require(item["command"]?.stringValue)
                let words = command.split(separator: " ").map(String.init)
                let result = try Binary.run(["--ledger", dir] + words)
                #expect(result.succeeded, "\(command): \(result)")
                #expect(try JSONReader.parse(result.stdout) == item["output"], "\(command)")
            }
        }
    }

    @Test("every view's JSON has the envelope head, asOf, knownAt, rows, with head = the last line")
    func envelope() throws {
        try withWorked { dir in
            let lastLine = try #require(String(decoding: try FileIO.readAll(dir + "/Events/ledger.jsonl"), as: UTF8.self)
                .split(separator: "\n").last)
            let hash = SHA256.hash(Array(lastLine.utf8)).hex
            for view in [["timeline"], ["status"], ["network", "gcom"], ["networks"], ["member", "gdansk"], ["members"],
                         ["audit", "--event", "bdx-com"], ["audit", "--member", "gdansk", "--network", "gcom"]] {
                let result = try Binary.run(["--ledger", dir] + view + ["--as-of", "2017", "--known-at", "seq:12", "--format", "json"])
                #expect(result.succeeded, "\(view): \(result)")
                let json = try JSONReader.parse(result.stdout)
                guard case .object(let members) = json else { Issue.record("not an object"); continue }
                #expect(members.map(\.key) == ["head", "asOf", "knownAt", "rows"], "\(view)")
                #expect(json["head"]?["seq"] == .number("18"))
                #expect(json["head"]?["hash"]?.stringValue == hash)
                #expect(json["asOf"] == .string("2017-12-31"))
                #expect(json["knownAt"] == .string("seq:12"))
            }
            let noKnownAt = try JSONReader.parse(try Binary.run(["--ledger", dir, "status", "--format", "json"]).stdout)
            #expect(noKnownAt["knownAt"] == .null)
        }
    }

    @Test("timeline rows carry exactly the SPEC §6 keys, in order, then the note")
    func timelineKeys() throws {
        try withWorked { dir in
            let json = try JSONReader.parse(try Binary.run(["--ledger", dir, "timeline", "--format", "json"]).stdout)
            guard case .array(let rows)? = json["rows"], case .object(let first)? = rows.first else {
                Issue.record("no rows"); return
            }
            #expect(first.map(\.key) == ["seq", "id", "type", "date", "earliest", "latest", "certain", "member",
                                         "network", "summary", "corrected", "source", "note"])
            #expect(rows.count == 11, "the 11 dated events: 3 policies, 2 starts, 4 milestones, a suspension, a merger")
        }
    }

    @Test("text output: one header line with as-of, known-at and head, then a table aligned by display width")
    func text() throws {
        try withWorked { dir in
            let result = try Binary.run(["--ledger", dir, "network", "gcom", "--as-of", "2017-06-30"])
            #expect(result.succeeded)
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines[0].hasPrefix("as of 2017-06-30, as known now"))
            #expect(lines[0].contains("head seq 18 504c7ad1"))
            // "Gdańsk" has an accent: the column after it still lines up with its header.
            let header = try #require(lines.first { $0.hasPrefix("MEMBER") })
            let row = try #require(lines.first { $0.hasPrefix("gdansk") })
            let since = try #require(header.range(of: "SINCE")), date = try #require(row.range(of: "2014-11-03"))
            let column = header.distance(from: header.startIndex, to: since.lowerBound)
            let value = row.distance(from: row.startIndex, to: date.lowerBound)
            #expect(column == value)
        }
    }

    @Test("CSV follows RFC 4180: CRLF, quoted commas and quotes, nested values as JSON")
    func csv() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            try fixture.writeInput("e.jsonl", lines: [
                #"{"type":"activity","member":"paris","network":"c40","date":"2016","title":"a \"quoted\", comma","source":"x, y"}"#,
            ])
            #expect(try fixture.run(["append", "--file", dir + "/e.jsonl"]).succeeded)
            let result = try fixture.run(["timeline", "--format", "csv"])
            let text = result.stdout
            #expect(text.hasPrefix("seq,id,type,date,earliest,latest,certain,member,network,summary,corrected,source,note\r\n"))
            #expect(text.hasSuffix("\r\n"))
            #expect(text.contains("\"x, y\""))
            #expect(text.contains("\"\"quoted\"\""))
            let status = try fixture.run(["status", "--format", "csv"]).stdout
            #expect(status.contains(",true,[]\r\n"), "an empty rules list is the JSON [] in one cell: \(status)")
        }
    }

    @Test("control characters from the data never reach the terminal raw")
    func controlCharacters() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            // A tab is allowed in text; the text table shows it escaped.
            try fixture.writeInput("e.jsonl", lines: [#"{"type":"activity","member":"paris","date":"2016","title":"a\tb"}"#])
            #expect(try fixture.run(["append", "--file", dir + "/e.jsonl"]).succeeded)
            let result = try fixture.run(["timeline"])
            #expect(!result.stdoutBytes.contains(0x09))
            #expect(result.stdout.contains("a\\u{9}b"))
        }
    }

    @Test("bad --as-of or --known-at is a usage error (64); an unknown name is bad data (65) with a hint")
    func errors() throws {
        try withWorked { dir in
            for bad in [["--as-of", "2014-13"], ["--as-of", "2014?"], ["--as-of", "2014/2015"], ["--known-at", "yesterday"],
                        ["--known-at", "seq:x"], ["--format", "xml"]] {
                let result = try Binary.run(["--ledger", dir, "status"] + bad)
                #expect(result.status == 64, "\(bad): \(result)")
                #expect(result.stderr.hasPrefix("memberships: "), "\(bad): \(result.stderr)")
            }
            let member = try Binary.run(["--ledger", dir, "status", "--member", "gdnsk"])
            #expect(member.status == 65)
            #expect(member.stderr.contains("unknown member 'gdnsk' (did you mean 'gdansk'?)"))
            let network = try Binary.run(["--ledger", dir, "network", "gcon"])
            #expect(network.status == 65)
            #expect(network.stderr.contains("(did you mean 'gcom'?)"))
            let event = try Binary.run(["--ledger", dir, "audit", "--event", "bdx-cmo"])
            #expect(event.status == 65)
            let usage = try Binary.run(["--ledger", dir, "audit", "--member", "gdansk"])
            #expect(usage.status == 64)
        }
    }
}
