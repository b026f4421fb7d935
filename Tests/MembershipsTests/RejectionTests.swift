import Foundation
import Testing
import TestSupport
@testable import Ledger

/// Bad input to `append`: each is refused with the right exit status, a message on stderr
/// naming the problem — `FILE:LINE: message` for a file — and the log left byte for byte
/// as it was (SPEC §3 rules, §6 exit codes, §7 "a rejected batch leaves the log unchanged").
@Suite("append rejects bad input and leaves the log unchanged")
struct RejectionTests {
    /// A ledger with network `c40`, member `paris` and Paris's C40 membership (`paris-c40`).
    private static func fixture(_ dir: String) throws -> LedgerFixture { try LedgerFixture.make(in: dir) }

    /// Appends `bytes` from a file named `input.jsonl` and checks the rejection:
    /// exit status, `FILE:LINE: ` prefix, each fragment in the message, no raw control
    /// bytes on stderr, nothing on stdout that claims a write, and the log unchanged.
    @discardableResult
    private static func expectRejected(_ bytes: [UInt8], in fixture: LedgerFixture, status: Int32 = 65,
                                       line: Int? = 1, mentioning fragments: [String] = [],
                                       sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        try expectRejected(bytes, in: fixture, statuses: [status], line: line, mentioning: fragments,
                           sourceLocation: sourceLocation)
    }

    /// The same, accepting any of `statuses`.
    @discardableResult
    private static func expectRejected(_ bytes: [UInt8], in fixture: LedgerFixture, statuses: Set<Int32>,
                                       line: Int? = 1, mentioning fragments: [String] = [],
                                       sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let before = try fixture.logBytes()
        let path = try fixture.writeInput("input.jsonl", bytes)
        let result = try fixture.run(["append", "--file", path], sourceLocation: sourceLocation)
        #expect(!result.signaled && statuses.contains(result.status), "expected exit \(statuses.sorted()): \(result)",
                sourceLocation: sourceLocation)
        if let line {
            #expect(result.stderr.hasPrefix("\(path):\(line): "), "expected '\(path):\(line): message', got: \(result.stderr)",
                    sourceLocation: sourceLocation)
        }
        for fragment in fragments {
            #expect(result.stderr.contains(fragment), "stderr lacks \"\(fragment)\": \(result.stderr)",
                    sourceLocation: sourceLocation)
        }
        #expect(rawControlBytes(result.stderrBytes).isEmpty, "raw control bytes on stderr: \(rawControlBytes(result.stderrBytes))",
                sourceLocation: sourceLocation)
        #expect(!result.stdout.contains("appended"), "stdout claims a write: \(result.stdout)", sourceLocation: sourceLocation)
        #expect(try fixture.logBytes() == before, "the log changed", sourceLocation: sourceLocation)
        return result
    }

    @discardableResult
    private static func expectRejected(line text: String, in fixture: LedgerFixture, status: Int32 = 65,
                                       mentioning fragments: [String] = [],
                                       sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        try expectRejected(Array((text + "\n").utf8), in: fixture, status: status, line: 1, mentioning: fragments,
                           sourceLocation: sourceLocation)
    }

    // MARK: - Not an event at all

    @Test("a line that is JSON but not an object",
          arguments: [#"["type","member"]"#, #""member""#, "42", "null", "true"])
    func nonObject(_ line: String) throws {
        try withTemporaryDirectory { dir in
            try Self.expectRejected(line: line, in: try Self.fixture(dir), mentioning: ["must be a JSON object"])
        }
    }

    @Test("every JSONTestSuite n_ file, given as event input", .enabled(if: Conformance.enabled))
    func jsonTestSuite() throws {
        let folder = try #require(Conformance.folder) + "/JSONTestSuite/test_parsing"
        var isDirectory: ObjCBool = false
        try #require(FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue,
                     "JSONTestSuite missing at \(folder)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasPrefix("n_") && $0.hasSuffix(".json") }
            .sorted()
        #expect(names.count == 188)
        try withTemporaryDirectory { dir in
            let fixture = try Self.fixture(dir)
            let before = try fixture.logBytes()
            for name in names {
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
                let path = folder + "/" + name
                let result = try fixture.run(["append", "--file", path])
                if Self.isBlank(bytes) {
                    // No event at all (n_structure_no_data, n_single_space): rejected, and the
                    // exit status is checked by `noEventAtAll`.
                    #expect(!result.succeeded, "\(name) (no event) was accepted: \(result)")
                } else if bytes.contains(0x0A) {
                    // Several lines: the batch is rejected as a whole.
                    #expect(!result.succeeded, "\(name) (multi-line) was accepted: \(result)")
                } else {
                    #expect(!result.signaled && result.status == 65, "\(name): expected exit 65: \(result)")
                    #expect(result.stderr.hasPrefix(path + ":1: "), "\(name): expected 'FILE:1: message': \(result.stderr)")
                }
                #expect(rawControlBytes(result.stderrBytes).isEmpty, "\(name): raw control bytes on stderr")
                #expect(try fixture.logBytes() == before, "\(name) changed the log")
            }
        }
    }

    /// Input that holds no event: only spaces, tabs, CRs and newlines (the lines `append` skips).
    static func isBlank(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
    }

    @Test("input that holds no event at all (empty, or blank lines only) is bad data: 65, log unchanged")
    func noEventAtAll() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Self.fixture(dir)
            // As in JSONTestSuite's n_structure_no_data.json and n_single_space.json.
            for bytes: [UInt8] in [[], [0x20], [0x0A, 0x0A], [0x20, 0x0D, 0x0A]] {
                try Self.expectRejected(bytes, in: fixture, line: nil)
                let before = try fixture.logBytes()
                let result = try fixture.run(["append"], stdin: bytes)
                #expect(result.status == 65, "stdin \(bytes): \(result)")
                #expect(try fixture.logBytes() == before)
            }
        }
    }

    // MARK: - Fields

    @Test("a missing field")
    func missingField() throws {
        try withTemporaryDirectory { dir in
            try Self.expectRejected(line: #"{"type":"membership","member":"paris","network":"c40"}"#,
                                    in: try Self.fixture(dir), mentioning: ["missing field 'date'"])
        }
    }

    @Test("a field of the wrong JSON type",
          arguments: [(#"{"type":"member","member":5,"name":"X","kind":"city"}"#, "field 'member' must be a string"),
                      (#"{"type":"member","member":"lyon","name":"Lyon","kind":"city","population":"513000"}"#, "field 'population'"),
                      (#"{"type":"member","member":"lyon","name":"Lyon","kind":"city","population":-1}"#, "field 'population'"),
                      (#"{"type":"policy","network":"c40","date":"2011","title":"T","rules":{"milestone":"plan"}}"#, "field 'rules' must be an array")])
    func mistypedField(_ line: String, _ fragment: String) throws {
        try withTemporaryDirectory { dir in
            try Self.expectRejected(line: line, in: try Self.fixture(dir), mentioning: [fragment])
        }
    }

    @Test("an unknown type, with a did-you-mean hint")
    func unknownType() throws {
        try withTemporaryDirectory { dir in
            try Self.expectRejected(line: #"{"type":"membershp","member":"paris","network":"c40","date":"2006"}"#,
                                    in: try Self.fixture(dir),
                                    mentioning: ["unknown event type 'membershp'", "did you mean 'membership'?"])
        }
    }

    @Test("an unknown field, with a did-you-mean hint")
    func unknownField() throws {
        try withTemporaryDirectory { dir in
            try Self.expectRejected(line: #"{"type":"membership","member":"paris","network":"c40","date":"2006","rol":"megacity"}"#,
                                    in: try Self.fixture(dir), mentioning: ["unknown field 'rol'", "did you mean 'role'?"])
        }
    }

    @Test("seq, recorded or prev supplied by the client",
          arguments: [#""seq":5"#, #""recorded":"2026-01-01T00:00:00Z""#, #""prev":"0000000000000000000000000000000000000000000000000000000000000000""#])
    func ledgerFields(_ member: String) throws {
        let key = String(member.dropFirst().prefix { $0 != "\"" })
        try withTemporaryDirectory { dir in
            try Self.expectRejected(line: #"{"type":"activity","member":"paris","date":"2015","title":"t","# + member + "}",
                                    in: try Self.fixture(dir), mentioning: ["'\(key)'", "set by the ledger"])
        }
    }

    @Test("an invalid date",
          arguments: [("2014-02-30", "2014-02-30"), ("2014-13", "2014-13"), ("20145", "20145"),
                      ("2016/2014", "'2016' is after its end '2014'"), ("2014/..", "2014/.."),
                      ("2014-02-29", "2014-02-29"), ("999", "999"), ("2014-6", "2014-6"), ("2014/", "2014/")])
    func invalidDate(_ date: String, _ fragment: String) throws {
        try withTemporaryDirectory { dir in
            try Self.expectRejected(line: #"{"type":"activity","member":"paris","date":""# + date + #"","title":"t"}"#,
                                    in: try Self.fixture(dir), mentioning: ["field 'date'", fragment])
        }
    }

    @Test("a slug with capitals or spaces", arguments: ["Lyon", "saint etienne", "-lyon", "lyon_2"])
    func badSlug(_ slug: String) throws {
        try withTemporaryDirectory { dir in
            try Self.expectRejected(line: #"{"type":"member","member":""# + slug + #"","name":"X","kind":"city"}"#,
                                    in: try Self.fixture(dir), mentioning: ["field 'member'", "'\(slug)' is not a slug"])
        }
    }

    @Test("a 3,000-byte note (the limit is 2,000 bytes of UTF-8)")
    func longNote() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Self.fixture(dir)
            let note = String(repeating: "é", count: 1500)  // 1,500 characters, 3,000 bytes
            try Self.expectRejected(line: #"{"type":"activity","member":"paris","date":"2015","title":"t","note":""# + note + #""}"#,
                                    in: fixture, mentioning: ["field 'note'", "3000 bytes", "2000"])
            // 2,000 bytes exactly is fine.
            let fits = String(repeating: "é", count: 1000)
            let path = try fixture.writeInput("fits.jsonl", lines: [#"{"type":"activity","member":"paris","date":"2015","title":"t","note":""# + fits + #""}"#])
            #expect(try fixture.run(["append", "--file", path]).succeeded)
        }
    }

    // MARK: - Names and commitments

    @Test("a commitment for an unregistered member or network, with a did-you-mean hint",
          arguments: [(#""member":"pariss","network":"c40""#, "unknown member 'pariss' (did you mean 'paris'?)"),
                      (#""member":"paris","network":"c41""#, "unknown network 'c41' (did you mean 'c40'?)"),
                      (#""member":"tokyo","network":"c40""#, "unknown member 'tokyo'")])
    func unregistered(_ names: String, _ message: String) throws {
        try withTemporaryDirectory { dir in
            try Self.expectRejected(line: #"{"type":"signature","# + names + #","date":"2009"}"#,
                                    in: try Self.fixture(dir), mentioning: [message])
        }
    }

    @Test("the same, given as flags: memberships: message, exit 65, log unchanged")
    func unregisteredFromFlags() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Self.fixture(dir)
            let before = try fixture.logBytes()
            let result = try fixture.run(["append", "membership", "--member", "paris", "--network", "c41", "--date", "2005"])
            #expect(result.status == 65, "\(result)")
            #expect(result.stderr.hasPrefix("memberships: unknown network 'c41' (did you mean 'c40'?)"), "\(result.stderr)")
            #expect(try fixture.logBytes() == before)
        }
    }

    @Test("a milestone with no open commitment")
    func milestoneWithoutCommitment() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Self.fixture(dir)
            let setup = try fixture.writeInput("setup.jsonl", lines: [
                #"{"type":"network","network":"covenant","name":"Covenant of Mayors","kind":"pact"}"#,
            ])
            #expect(try fixture.run(["append", "--file", setup]).succeeded)
            // No commitment at all in that network…
            try Self.expectRejected(line: #"{"type":"milestone","member":"paris","network":"covenant","date":"2010","milestone":"plan"}"#,
                                    in: fixture, mentioning: ["no commitment", "covenant"])
            // …and one before Paris joined C40 (2005).
            try Self.expectRejected(line: #"{"type":"milestone","member":"paris","network":"c40","date":"2004","milestone":"plan"}"#,
                                    in: fixture, mentioning: ["no commitment"])
        }
    }

    // MARK: - Amendments

    @Test("a correction of an event that does not exist")
    func correctionOfMissing() throws {
        try withTemporaryDirectory { dir in
            try Self.expectRejected(line: #"{"type":"correction","target":"paris-c4O","set":{"date":"2006"},"reason":"typo"}"#,
                                    in: try Self.fixture(dir), mentioning: ["field 'target'", "paris-c4O"])
        }
    }

    @Test("a correction, or a second retraction, of a retracted event")
    func correctionOfRetracted() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Self.fixture(dir)
            let setup = try fixture.writeInput("setup.jsonl", lines: [
                #"{"id":"act","type":"activity","member":"paris","date":"2015","title":"COP21"}"#,
                #"{"id":"act-retracted","type":"retraction","target":"act","reason":"not a commitment"}"#,
            ])
            #expect(try fixture.run(["append", "--file", setup]).succeeded)
            try Self.expectRejected(line: #"{"type":"correction","target":"act","set":{"title":"COP 21"},"reason":"spelling"}"#,
                                    in: fixture, mentioning: ["'act'", "retracted"])
            try Self.expectRejected(line: #"{"type":"retraction","target":"act","reason":"again"}"#,
                                    in: fixture, mentioning: ["'act'", "retracted"])
        }
    }

    // MARK: - Idempotency and conflicts

    @Test("an id reused with other content is a conflict (75); the same content is a success that writes nothing")
    func reusedID() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Self.fixture(dir)
            // Other content: a different date.
            try Self.expectRejected(line: #"{"id":"paris-c40","type":"membership","member":"paris","network":"c40","date":"2006"}"#,
                                    in: fixture, status: 75, mentioning: ["'paris-c40'", "other content"])
            // Other content: a `by` the first did not have (SPEC: idempotency compares `by` too).
            try Self.expectRejected(line: #"{"id":"paris-c40","type":"membership","member":"paris","network":"c40","date":"2005","by":"clerk"}"#,
                                    in: fixture, status: 75, mentioning: ["'paris-c40'"])
            // Same content, keys in another order: exit 0, nothing written, the existing seq reported.
            let before = try fixture.logBytes()
            let same = try fixture.writeInput("same.jsonl", lines: [
                #"{"date":"2005","network":"c40","member":"paris","type":"membership","id":"paris-c40"}"#,
            ])
            let result = try fixture.run(["append", "--file", same])
            #expect(result.succeeded, "\(result)")
            #expect(result.stdout.contains("seq 4"), "\(result.stdout)")
            #expect(!result.stdout.contains("appended"), "\(result.stdout)")
            try fixture.expectReceipt(result)
            #expect(try fixture.logBytes() == before)
            // A batch mixing a repeat and a conflict is rejected whole.
            try Self.expectRejected(Array((LedgerFixture.standardLines[2] + "\n"
                                           + #"{"id":"net-c40","type":"network","network":"c40","name":"C40","kind":"network"}"# + "\n").utf8),
                                    in: fixture, status: 75, line: 2, mentioning: ["'net-c40'"])
        }
    }

    @Test("an id reused with content that differs only in source, or only in note, is a conflict (75), not a repeat",
          arguments: [
              #"{"id":"cited","type":"activity","member":"paris","date":"2015","title":"t","source":"Délibération 2","note":"first"}"#,
              #"{"id":"cited","type":"activity","member":"paris","date":"2015","title":"t","source":"Délibération 1","note":"second"}"#,
              #"{"id":"cited","type":"activity","member":"paris","date":"2015","title":"t","note":"first"}"#,
              #"{"id":"cited","type":"activity","member":"paris","date":"2015","title":"t","source":"Délibération 1"}"#,
          ])
    func reusedIDSourceOrNote(_ line: String) throws {
        try withTemporaryDirectory { dir in
            let fixture = try Self.fixture(dir)
            let original = #"{"id":"cited","type":"activity","member":"paris","date":"2015","title":"t","source":"Délibération 1","note":"first"}"#
            let first = try fixture.run(["append"], stdin: Array((original + "\n").utf8))
            try #require(first.succeeded, "\(first)")
            try Self.expectRejected(line: line, in: fixture, status: 75, mentioning: ["'cited'", "other content"])
            // The very same event again is a repeat: exit 0, nothing written.
            let before = try fixture.logBytes()
            let again = try fixture.run(["append"], stdin: Array((original + "\n").utf8))
            #expect(again.succeeded && again.head?.seq == 5, "\(again)")
            #expect(try fixture.logBytes() == before)
        }
    }

    @Test("--expect-seq behind (or ahead of) the head is a conflict (75); at the head it appends")
    func expectSeq() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Self.fixture(dir)
            let before = try fixture.logBytes()
            let path = try fixture.writeInput("one.jsonl", lines: [#"{"type":"activity","member":"paris","date":"2015","title":"t"}"#])
            for seq in ["3", "5", "0"] {
                let result = try fixture.run(["append", "--file", path, "--expect-seq", seq])
                #expect(result.status == 75, "--expect-seq \(seq): \(result)")
                #expect(result.stderr.contains("seq 4"), "\(result.stderr)")
                #expect(try fixture.logBytes() == before)
            }
            let result = try fixture.run(["append", "--file", path, "--expect-seq", "4"])
            #expect(result.succeeded, "\(result)")
            try fixture.expectReceipt(result)
            #expect(result.head?.seq == 5)
        }
    }

    // MARK: - Batches

    @Test("a batch of 600 events whose 500th is bad: nothing written, the message names line 500")
    func badEventInBigBatch() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Self.fixture(dir)
            var lines: [String] = []
            for i in 1...600 {
                if i == 500 {
                    lines.append(#"{"id":"e500","type":"activity","member":"pariss","date":"2015","title":"t"}"#)
                } else {
                    lines.append(#"{"id":"e\#(i)","type":"activity","member":"paris","date":"2015","title":"event \#(i)"}"#)
                }
            }
            try Self.expectRejected(Array(lines.map { $0 + "\n" }.joined().utf8), in: fixture, line: 500,
                                    mentioning: ["unknown member 'pariss'"])
            // A line-level (schema) fault at 500 is reported the same way.
            lines[499] = #"{"id":"e500","type":"activity","member":"paris","date":"2015-02-30","title":"t"}"#
            try Self.expectRejected(Array(lines.map { $0 + "\n" }.joined().utf8), in: fixture, line: 500,
                                    mentioning: ["2015-02-30"])
            // Two events of one batch with one id and other content: the second is at fault
            // (a broken rule, 65, or a reused id, 75).
            lines[499] = #"{"id":"e1","type":"activity","member":"paris","date":"2015","title":"event 1 again"}"#
            try Self.expectRejected(Array(lines.map { $0 + "\n" }.joined().utf8), in: fixture, statuses: [65, 75], line: 500,
                                    mentioning: ["'e1'"])
        }
    }

    // MARK: - Bytes

    @Test("invalid UTF-8 bytes in a line")
    func invalidUTF8() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Self.fixture(dir)
            let good = LedgerFixture.standardLines[2] + "\n"
            let bad: [UInt8] = Array(#"{"type":"activity","member":"paris","date":"2015","title":"caf"#.utf8) + [0xE9]
                + Array(#""}"#.utf8) + [0x0A]
            try Self.expectRejected(Array(good.utf8) + bad, in: fixture, line: 2, mentioning: ["UTF-8"])
            // An overlong encoding of '/' and a lone continuation byte.
            try Self.expectRejected(Array(#"{"type":"activity","member":"paris","date":"2015","title":""#.utf8) + [0xC0, 0xAF]
                                    + Array("\"}\n".utf8), in: fixture, line: 1, mentioning: ["UTF-8"])
            try Self.expectRejected(Array(#"{"type":"activity","member":"paris","date":"2015","title":""#.utf8) + [0x80]
                                    + Array("\"}\n".utf8), in: fixture, line: 1, mentioning: ["UTF-8"])
        }
    }

    @Test("a UTF-8 byte-order mark at the start of the input, from a file or stdin")
    func byteOrderMark() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Self.fixture(dir)
            let line = Array((#"{"type":"activity","member":"paris","date":"2015","title":"t"}"# + "\n").utf8)
            try Self.expectRejected([0xEF, 0xBB, 0xBF] + line, in: fixture, line: 1, mentioning: ["byte-order mark"])
            let before = try fixture.logBytes()
            let result = try fixture.run(["append"], stdin: [0xEF, 0xBB, 0xBF] + line)
            #expect(result.status == 65, "\(result)")
            #expect(result.stderr.hasPrefix("<stdin>:1: "), "\(result.stderr)")
            #expect(result.stderr.contains("byte-order mark"))
            #expect(try fixture.logBytes() == before)
        }
    }

    @Test("bad input on stdin is reported as <stdin>:LINE: message")
    func stdinLocation() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Self.fixture(dir)
            let before = try fixture.logBytes()
            let input = #"{"type":"activity","member":"paris","date":"2015","title":"t"}"# + "\n"
                + #"{"type":"activity","member":"paris","date":"2014-13","title":"t"}"# + "\n"
            let result = try fixture.run(["append"], stdin: Array(input.utf8))
            #expect(result.status == 65, "\(result)")
            #expect(result.stderr.hasPrefix("<stdin>:2: "), "\(result.stderr)")
            #expect(result.stderr.contains("2014-13"))
            #expect(try fixture.logBytes() == before)
        }
    }

    // MARK: - Control characters

    @Test("a control character in data is rejected, and the message shows it escaped, never raw")
    func controlCharacters() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Self.fixture(dir)
            // ESC in a note, as a JSON escape.
            let result = try Self.expectRejected(line: #"{"type":"activity","member":"paris","date":"2015","title":"t","note":"a\u001bb"}"#,
                                                 in: fixture, mentioning: ["field 'note'"])
            #expect(result.stderr.contains("U+001B") || result.stderr.contains("\\u{1b}") || result.stderr.contains("\\u001b"),
                    "the message should show the escape: \(result.stderr)")
            #expect(!result.stderrBytes.contains(0x1B))
            // Control characters echoed back from other fields are escaped too.
            for line in [#"{"type":"activ\u001b[31mity","member":"paris","date":"2015","title":"t"}"#,
                         #"{"type":"activity","member":"paris","date":"2015","title":"t","no\u001bte":"x"}"#,
                         #"{"id":"a\u009bb","type":"activity","member":"paris","date":"2015","title":"t"}"#,
                         #"{"type":"activity","member":"par\u0007is","date":"2015","title":"t"}"#,
                         #"{"type":"activity","member":"paris","date":"2015\r","title":"t"}"#] {
                let result = try Self.expectRejected(line: line, in: fixture)
                #expect(!result.stderrBytes.contains(0x1B) && !result.stderrBytes.contains(0x07) && !result.stderrBytes.contains(0x0D),
                        "\(line)")
            }
            // A raw (unescaped) control byte in the input is invalid JSON, and is not echoed either.
            try Self.expectRejected(Array(#"{"type":"activity","member":"paris","date":"2015","title":"a"#.utf8) + [0x1B]
                                    + Array("b\"}\n".utf8), in: fixture)
        }
    }

    @Test("a tab in a name is allowed, stored escaped, and never printed raw")
    func tabAllowed() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Self.fixture(dir)
            let result = try fixture.run(["append", "member", "--member", "lyon", "--name", "Lyon\tMétropole", "--kind", "metropolis"])
            #expect(result.succeeded, "\(result)")
            try fixture.expectReceipt(result)
            let last = String(decoding: try #require(try fixture.lines().last), as: UTF8.self)
            #expect(last.contains(#""name":"Lyon\tMétropole""#), "\(last)")
            #expect(rawControlBytes(result.stdoutBytes).isEmpty)
            let verify = try fixture.run(["verify"])
            #expect(verify.succeeded, "\(verify)")
        }
    }

    // MARK: - With validation snapshots

    /// Files in `Snapshots/` that the writer keeps for itself.
    private static func validationSnapshots(_ fixture: LedgerFixture) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: fixture.root + "/Snapshots")
            .filter { $0.hasPrefix("validation-") && $0.hasSuffix(".snapshot") }
            .map { fixture.root + "/Snapshots/" + $0 }
    }

    /// The rejections that depend on what came before, checked again.
    private static func expectHistoryRules(_ fixture: LedgerFixture, environment: [String: String],
                                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        func rejected(_ line: String, _ status: Int32, _ fragment: String) throws {
            let before = try fixture.logBytes()
            let result = try fixture.run(["append"], stdin: Array((line + "\n").utf8), environment: environment,
                                         sourceLocation: sourceLocation)
            #expect(result.status == status, "\(line): \(result)", sourceLocation: sourceLocation)
            #expect(result.stderr.contains(fragment), "\(line): \(result.stderr)", sourceLocation: sourceLocation)
            #expect(try fixture.logBytes() == before, "\(line) changed the log", sourceLocation: sourceLocation)
        }
        try rejected(#"{"type":"signature","member":"pariss","network":"c40","date":"2009"}"#, 65,
                     "unknown member 'pariss' (did you mean 'paris'?)")
        try rejected(#"{"type":"signature","member":"paris","network":"c41","date":"2009"}"#, 65,
                     "unknown network 'c41' (did you mean 'c40'?)")
        try rejected(#"{"type":"member","member":"paris","name":"Paris","kind":"city"}"#, 65, "already registered")
        try rejected(#"{"id":"paris-c40","type":"membership","member":"paris","network":"c40","date":"2006"}"#, 75, "'paris-c40'")
        try rejected(#"{"type":"milestone","member":"paris","network":"c40","date":"2004","milestone":"plan"}"#, 65, "no commitment")
        try rejected(#"{"type":"correction","target":"act","set":{"title":"COP 21"},"reason":"spelling"}"#, 65, "retracted")
        try rejected(#"{"type":"retraction","target":"act-retracted","reason":"again"}"#, 65, "'act-retracted'")
        // The same content again: a success that writes nothing.
        let before = try fixture.logBytes()
        let same = try fixture.run(["append"], stdin: Array((LedgerFixture.standardLines[2] + "\n").utf8),
                                   environment: environment, sourceLocation: sourceLocation)
        #expect(same.succeeded, "\(same)", sourceLocation: sourceLocation)
        #expect(try fixture.logBytes() == before, sourceLocation: sourceLocation)
    }

    @Test("the rules hold when the writer resumes from its validation snapshot, or from a corrupt one")
    func rulesWithSnapshots() throws {
        try withTemporaryDirectory { dir in
            // A snapshot after every write.
            let every = ["MEMBERSHIPS_SNAPSHOT_INTERVAL": "1"]
            let fixture = LedgerFixture(workspace: dir, root: dir + "/ledger")
            #expect(try Binary.run(["init", fixture.root, "--name", "Snapshots"]).succeeded)
            let setup = LedgerFixture.standardLines + [
                #"{"id":"act","type":"activity","member":"paris","date":"2015","title":"COP21"}"#,
                #"{"id":"act-retracted","type":"retraction","target":"act","reason":"not a commitment"}"#,
            ]
            var beforeRetraction: [UInt8] = []
            for line in setup {
                if line == setup.last { beforeRetraction = try fixture.logBytes() }
                let result = try fixture.run(["append"], stdin: Array((line + "\n").utf8), environment: every)
                try #require(result.succeeded, "\(result)")
            }
            try #require(try !Self.validationSnapshots(fixture).isEmpty, "no validation snapshot was written")
            try Self.expectHistoryRules(fixture, environment: every)

            // Corrupt snapshots are ignored, never trusted.
            let snapshot = try #require(try Self.validationSnapshots(fixture).first)
            let good = try LedgerFixture.readBytes(snapshot)
            let corruptions: [(String, [UInt8])] = [
                ("garbage", Array("not a snapshot\n".utf8)),
                ("cut in half", Array(good.prefix(good.count / 2))),
                ("last byte dropped", Array(good.dropLast())),
                ("last byte changed", Array(good.dropLast()) + [good.last! ^ 0xFF]),
                ("empty", []),
            ]
            for (label, bytes) in corruptions {
                for path in try Self.validationSnapshots(fixture) { try FileManager.default.removeItem(atPath: path) }
                try Data(bytes).write(to: URL(fileURLWithPath: snapshot))
                try Self.expectHistoryRules(fixture, environment: [:])
                #expect(try fixture.run(["verify"]).succeeded, "\(label)")
            }
            // A snapshot of a longer log is not trusted either: restore the log from a backup
            // taken before the retraction, with the snapshot (which knows of it) left behind.
            for path in try Self.validationSnapshots(fixture) { try FileManager.default.removeItem(atPath: path) }
            let retracted = try fixture.run(["append", "activity", "--id", "later", "--member", "paris", "--date", "2016",
                                             "--title", "t"], environment: every)
            #expect(retracted.succeeded, "\(retracted)")
            try #require(try !Self.validationSnapshots(fixture).isEmpty)
            try Data(beforeRetraction).write(to: URL(fileURLWithPath: fixture.logPath))
            let correction = try fixture.run(["append"], stdin: Array((#"{"type":"correction","target":"act","set":{"title":"COP 21"},"reason":"spelling"}"# + "\n").utf8),
                                             environment: every)
            #expect(correction.succeeded, "the restored log has 'act' unretracted: \(correction)")
            #expect(try fixture.run(["verify"]).succeeded)
        }
    }
}
