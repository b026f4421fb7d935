import Foundation
import Testing
@testable import Ledger

/// Tampering and damage, from outside, with the real executable: `verify` names the first
/// line at fault (65); a snapshot is never trusted over the log (a view that meets a bad one
/// warns once and answers exactly as a full replay of the log); nothing is ever deleted.
/// A snapshot with a byte flipped, or from another ledger, is in `SnapshotCommandTests`
/// and `ReplaySnapshotTests`.
@Suite("Tampering and damage")
struct TamperTests {
    /// The views compared, as JSON at a fixed date.
    static let views: [[String]] = [["status"], ["members"], ["member", "paris"], ["timeline"]]

    /// A copy of `fixture`'s log in `workspace/plain`, with no snapshot: what a full replay says.
    static func plainCopy(of fixture: LedgerFixture) throws -> LedgerFixture {
        let plain = LedgerFixture(workspace: fixture.workspace, root: fixture.workspace + "/plain")
        try FileManager.default.createDirectory(atPath: plain.eventsPath, withIntermediateDirectories: true)
        try Data(try fixture.logBytes()).write(to: URL(fileURLWithPath: plain.logPath))
        return plain
    }

    /// Runs every view on `fixture` and on `plain`: the same output, and exactly one warning,
    /// naming `snapshot`, on `fixture`'s side.
    /// With `statusPartIntact`, `status` answers from the snapshot's status part, which was
    /// not touched, without a warning.
    static func expectFullReplay(_ fixture: LedgerFixture, _ plain: LedgerFixture, ignoring snapshot: String,
                                 statusPartIntact: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for view in views {
            let options = ["--as-of", "2030", "--format", "json"]
            let expected = try plain.run(view + options)
            let actual = try fixture.run(view + options)
            #expect(expected.succeeded && expected.stderr.isEmpty, "\(view) \(expected)", sourceLocation: sourceLocation)
            #expect(actual.succeeded && actual.stdout == expected.stdout, "\(view) \(actual)", sourceLocation: sourceLocation)
            let warnings = actual.stderr.split(separator: "\n")
            if statusPartIntact && view == ["status"] {
                #expect(warnings.isEmpty, "\(view) \(actual.stderr)", sourceLocation: sourceLocation)
                continue
            }
            #expect(warnings.count == 1 && warnings.first?.hasPrefix("memberships: warning: ignoring \(snapshot): ") == true,
                    "\(view) \(actual.stderr)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - The log

    /// The standard fixture and four more members: 8 lines, line k + 4 registering `mk`.
    static func eightLines(_ dir: String) throws -> LedgerFixture {
        let fixture = try LedgerFixture.make(in: dir)
        let members = (1...4).map { #"{"id":"m\#($0)","type":"member","member":"m\#($0)","name":"Member \#($0)","kind":"city"}"# }
        let appended = try fixture.run(["append"], stdin: Array(members.map { $0 + "\n" }.joined().utf8))
        try #require(appended.succeeded, "\(appended)")
        try #require(try fixture.lines().count == 8)
        return fixture
    }

    /// Damage done to the log, the first line `verify` must name, and what it must say there.
    static let damages: [(label: String, first: Int, says: String)] = [
        ("one byte changed inside a name on line 6", 7, "'prev' is not the SHA-256 of line 6"),
        ("one byte changed on line 6, which is no longer JSON", 6, "invalid JSON"),
        ("line 6 deleted", 6, "seq 7 where 6 was expected"),
        ("lines 6 and 7 swapped", 6, "seq 7 where 6 was expected"),
        ("a line appended by hand with a forged prev", 9, "'prev' is not the SHA-256 of line 8"),
    ]

    @Test("a damaged log: verify names the first bad line (65); nothing is deleted or changed by verify, the views or a refused append",
          arguments: 0..<5)
    func damagedLog(_ which: Int) throws {
        let damage = Self.damages[which]
        try withTemporaryDirectory { dir in
            let fixture = try Self.eightLines(dir)
            var lines = try fixture.lines()
            switch which {
            case 0:
                let text = String(decoding: lines[5], as: UTF8.self)
                try #require(text.contains("Member 2"))
                lines[5] = Array(text.replacingOccurrences(of: "Member 2", with: "Member X").utf8)
            case 1: lines[5][0] = UInt8(ascii: "x")
            case 2: lines.remove(at: 5)
            case 3: lines.swapAt(5, 6)
            default:
                // seq 9 and a well-formed event, but chained to line 7 instead of line 8.
                let prev = SHA256.hash(lines[6]).hex
                lines.append(Array(#"{"seq":9,"id":"forged","type":"member","recorded":"2030-01-01T00:00:00Z","member":"forged","name":"Forged","kind":"city","prev":"\#(prev)"}"#.utf8))
            }
            let damaged = Array(lines.map { $0 + [0x0A] }.joined())
            try Data(damaged).write(to: URL(fileURLWithPath: fixture.logPath))
            let files = try FileManager.default.contentsOfDirectory(atPath: fixture.eventsPath).sorted()

            let verify = try fixture.run(["verify"])
            #expect(verify.status == 65, "\(damage.label): \(verify)")
            let first = verify.stderr.split(separator: "\n").first.map(String.init) ?? ""
            #expect(first.hasPrefix("Events/ledger.jsonl:\(damage.first): ") && first.contains(damage.says),
                    "\(damage.label): the first problem is \(first)")
            let json = try fixture.run(["verify", "--format", "json"])
            let report = try JSONSerialization.jsonObject(with: Data(json.stdoutBytes)) as? [String: Any]
            let problems = report?["problems"] as? [[String: Any]] ?? []
            #expect(json.status == 65 && report?["ok"] as? Bool == false && problems.first?["line"] as? Int == damage.first,
                    "\(damage.label): \(json.stdout)")

            // Views read it (or refuse it, 65, for a line that is not an event); nothing changes.
            for view in [["status"], ["timeline"], ["members"]] {
                let result = try fixture.run(view + ["--format", "json"])
                #expect(!result.signaled && (result.status == 0 || result.status == 65), "\(damage.label) \(view): \(result)")
            }
            if which == 4 {
                // The next writer does not build on a line whose chain is forged.
                let append = try fixture.run(["append", "activity", "--member", "paris", "--date", "2016", "--title", "t"])
                #expect(append.status == 65 && append.stderr.hasPrefix("Events/ledger.jsonl:9: "), "\(append)")
            }
            #expect(try fixture.logBytes() == damaged, "\(damage.label): the log changed")
            #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.eventsPath).sorted() == files)
        }
    }

    // MARK: - Snapshots

    /// FNV-1a 64 in hex: the checksum format-3 snapshots carried.
    static func fnv1a(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }

    @Test("a snapshot whose body names another member, resealed with a fast checksum, is ignored with one warning")
    func forgedSnapshotBody() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let written = try fixture.run(["snapshot"])
            try #require(written.succeeded, "\(written)")
            let seq = try fixture.lines().count
            let name = "Snapshots/replay-\(seq).snapshot"
            let file = fixture.root + "/" + name
            let bytes = try LedgerFixture.readBytes(file)
            let newline = try #require(bytes.firstIndex(of: 0x0A))
            var header = String(decoding: bytes[..<newline], as: UTF8.self)
            var body = Array(bytes[(newline + 1)...])
            // The member's name, "Paris", as stored in the body: change it, same length.
            let paris = Array("Paris".utf8), forged = Array("Pwned".utf8)
            var found = 0
            var at = 0
            while at + paris.count <= body.count {
                if Array(body[at..<at + paris.count]) == paris {
                    body.replaceSubrange(at..<at + paris.count, with: forged)
                    found += 1
                }
                at += 1
            }
            try #require(found >= 1, "the body does not hold the name Paris")
            // Names are in the events part only: the status part keeps slugs, not names.
            let length = try #require(try JSONReader.parse(Array(header.utf8))["length"]?.int64Value.map(Int.init))
            let statusPart = try LedgerFixture.readBytes(file)[(newline + 1 + length)...]
            try #require(Array(body[length...]) == Array(statusPart), "the status part holds the name Paris")
            // Reseal as a forger can: a fast checksum (format 3's FNV-1a) recomputed in the
            // header; a SHA-256 seal cannot be kept.
            let value = try JSONReader.parse(Array(header.utf8))
            if let checksum = value["checksum"]?.stringValue {
                header = header.replacingOccurrences(of: #""checksum":"\#(checksum)""#, with: #""checksum":"\#(Self.fnv1a(body))""#)
            }
            try Data(Array(header.utf8) + [0x0A] + body).write(to: URL(fileURLWithPath: file))
            let plain = try Self.plainCopy(of: fixture)
            try Self.expectFullReplay(fixture, plain, ignoring: name, statusPartIntact: true)
            let member = try fixture.run(["member", "paris"])
            #expect(member.succeeded && member.stdout.contains("Paris") && !member.stdout.contains("Pwned"), "\(member)")
            #expect(FileManager.default.fileExists(atPath: file), "a view never deletes a snapshot")
        }
    }
}
