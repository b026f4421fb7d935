import Foundation
import Testing
import Ledger

/// SPEC §10, the writer's last head: a line edited by hand after it was acknowledged is
/// never built on (and `verify` names it); a log replaced by another ledger's is built on
/// once it verifies.
@Suite("The writer's last head")
struct LastHeadTests {
    static let next = #"{"type":"member","member":"lyon","name":"Lyon","kind":"city"}"# + "\n"

    /// The log with the last line's `name` (of the member registered last) changed by hand.
    static func editLastLine(_ fixture: LedgerFixture, from old: String, to new: String) throws {
        var text = String(decoding: try fixture.logBytes(), as: UTF8.self)
        let lastStart = text.dropLast().lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        let edited = text[lastStart...].replacingOccurrences(of: old, with: new)
        text.replaceSubrange(lastStart..., with: edited)
        try Data(text.utf8).write(to: URL(fileURLWithPath: fixture.logPath))
    }

    @Test("the last line edited by hand: the next append refuses (65, naming it) and writes nothing; verify reports it")
    func editedLastLine() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir, standard: false)
            let member = #"{"id":"mem-paris","type":"member","member":"paris","name":"Paris","kind":"city"}"# + "\n"
            #expect(try fixture.run(["append"], stdin: Array(member.utf8)).succeeded)
            try Self.editLastLine(fixture, from: #""name":"Paris""#, to: #""name":"Lutèce""#)
            let before = try fixture.logBytes()
            let append = try fixture.run(["append"], stdin: Array(Self.next.utf8))
            #expect(append.status == 65, "\(append)")
            #expect(append.stderr.contains("Events/ledger.jsonl:2:") && append.stderr.contains("edited by hand"), "\(append)")
            #expect(try fixture.logBytes() == before)
            let verify = try fixture.run(["verify"])
            #expect(verify.status == 65)
            #expect(verify.stderr.contains("edited by hand") || verify.stdout.contains("edited by hand"), "\(verify)")
        }
    }

    @Test("the log replaced by another ledger's (a checkout, a pull): the writer rebuilds and goes on")
    func replacedLog() throws {
        try withTemporaryDirectory { dir in
            for side in ["/a", "/b"] { try FileManager.default.createDirectory(atPath: dir + side, withIntermediateDirectories: true) }
            let ours = try LedgerFixture.make(in: dir + "/a")
            let theirs = try LedgerFixture.make(in: dir + "/b")
            #expect(try theirs.run(["append"], stdin: Array(Self.next.utf8)).succeeded)
            // Our ledger's log becomes theirs, as `git checkout` would leave it.
            try Data(try theirs.logBytes()).write(to: URL(fileURLWithPath: ours.logPath))
            let line = #"{"type":"member","member":"nice","name":"Nice","kind":"city"}"# + "\n"
            let append = try ours.run(["append"], stdin: Array(line.utf8))
            #expect(append.succeeded, "\(append)")
            #expect(try ours.run(["verify"]).succeeded)
        }
    }

    @Test("a replacing log that does not verify is not built on")
    func replacedByBrokenLog() throws {
        try withTemporaryDirectory { dir in
            for side in ["/a", "/b"] { try FileManager.default.createDirectory(atPath: dir + side, withIntermediateDirectories: true) }
            let ours = try LedgerFixture.make(in: dir + "/a")
            let theirs = try LedgerFixture.make(in: dir + "/b")
            #expect(try theirs.run(["append"], stdin: Array(Self.next.utf8)).succeeded)
            // Theirs, with a line in the middle changed: its chain is broken.
            var text = String(decoding: try theirs.logBytes(), as: UTF8.self)
            text = text.replacingOccurrences(of: #""name":"Paris""#, with: #""name":"Paname""#)
            try Data(text.utf8).write(to: URL(fileURLWithPath: ours.logPath))
            let before = try ours.logBytes()
            let line = #"{"type":"member","member":"nice","name":"Nice","kind":"city"}"# + "\n"
            let append = try ours.run(["append"], stdin: Array(line.utf8))
            #expect(append.status == 65, "\(append)")
            #expect(append.stderr.contains("does not verify"), "\(append)")
            #expect(try ours.logBytes() == before)
        }
    }
}
