import Foundation
import Testing
@testable import Ledger

/// Tampering and damage, from outside, with the real executable: a snapshot is never
/// trusted over the log (a view that meets a bad one warns once and answers exactly as a
/// full replay of the log), and nothing is ever deleted.
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
    static func expectFullReplay(_ fixture: LedgerFixture, _ plain: LedgerFixture, ignoring snapshot: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        for view in views {
            let options = ["--as-of", "2030", "--format", "json"]
            let expected = try plain.run(view + options)
            let actual = try fixture.run(view + options)
            #expect(expected.succeeded && expected.stderr.isEmpty, "\(view) \(expected)", sourceLocation: sourceLocation)
            #expect(actual.succeeded && actual.stdout == expected.stdout, "\(view) \(actual)", sourceLocation: sourceLocation)
            let warnings = actual.stderr.split(separator: "\n")
            #expect(warnings.count == 1 && warnings.first?.hasPrefix("memberships: warning: ignoring \(snapshot): ") == true,
                    "\(view) \(actual.stderr)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - Snapshots

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
            // Reseal as a forger can: a fast checksum recomputed in the header; a SHA-256 cannot be kept.
            let value = try JSONReader.parse(Array(header.utf8))
            if let checksum = value["checksum"]?.stringValue {
                header = header.replacingOccurrences(of: #""checksum":"\#(checksum)""#,
                                                     with: #""checksum":"\#(FNV1a.hex(body[...]))""#)
            }
            try Data(Array(header.utf8) + [0x0A] + body).write(to: URL(fileURLWithPath: file))
            let plain = try Self.plainCopy(of: fixture)
            try Self.expectFullReplay(fixture, plain, ignoring: name)
            let member = try fixture.run(["member", "paris"])
            #expect(member.succeeded && member.stdout.contains("Paris") && !member.stdout.contains("Pwned"), "\(member)")
            #expect(FileManager.default.fileExists(atPath: file), "a view never deletes a snapshot")
        }
    }
}
