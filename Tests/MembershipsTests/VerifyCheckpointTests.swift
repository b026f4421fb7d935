import Foundation
import Testing
@testable import Ledger

/// `memberships verify --checkpoint FILE` (SPEC §10): a log that only grew still has the
/// root a checkpoint recorded; a log rewritten by hand — even with its whole chain
/// recomputed, which `verify` alone cannot see — does not, and the report says where.
@Suite("verify --checkpoint")
struct VerifyCheckpointTests {
    /// Writes the checkpoint of the first `size` lines (nil: all) to `workspace/name`.
    static func checkpoint(_ fixture: LedgerFixture, _ name: String, size: Int? = nil) throws -> String {
        let result = try fixture.run(["checkpoint"] + (size.map { ["--size", String($0)] } ?? []))
        try #require(result.succeeded, "\(result)")
        return try fixture.writeInput(name, Array(result.stdout.utf8))
    }

    @Test("a checkpoint holds on the log it was made of, and after appends")
    func holds() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Proofs.smallLedger(in: dir)
            let whole = try Self.checkpoint(fixture, "whole.txt")
            let early = try Self.checkpoint(fixture, "early.txt", size: 3)
            let result = try fixture.run(["verify", "--checkpoint", whole])
            #expect(result.succeeded && result.stderr.isEmpty, "\(result)")
            #expect(result.stdout.contains("checkpoint \(whole): the first 11 lines still have its root"), "\(result)")
            #expect(result.stdout.contains("ok: 11 events, chain intact"))

            let appended = try fixture.run(["append", "network", "--network", "late", "--name", "Late", "--kind", "network"])
            try #require(appended.succeeded, "\(appended)")
            let after = try fixture.run(["verify", "--checkpoint", whole, "--checkpoint", early])
            #expect(after.succeeded, "\(after)")
            #expect(after.stdout.contains("ok: 12 events, chain intact"))
        }
    }

    @Test("a line edited by hand with the chain after it recomputed: verify alone passes, verify --checkpoint fails with 65")
    func rewrite() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Proofs.smallLedger(in: dir)
            let whole = try Self.checkpoint(fixture, "whole.txt")
            let five = try Self.checkpoint(fixture, "five.txt", size: 5)
            let six = try Self.checkpoint(fixture, "six.txt", size: 6)
            let before = try fixture.lines()
            try Proofs.rewrite(fixture, line: 6)
            let after = try fixture.lines()
            #expect(before.prefix(5) == after.prefix(5) && before[5] != after[5] && before[10] != after[10])

            let plain = try fixture.run(["verify"])
            #expect(plain.succeeded, "the recomputed chain verifies: \(plain)")

            // One checkpoint: the size, and that it cannot say more.
            let alone = try fixture.run(["verify", "--checkpoint", whole])
            #expect(alone.status == 65, "\(alone)")
            #expect(alone.stderr.contains("Events/ledger.jsonl:1: checkpoint \(whole): the first 11 lines no longer have the root the checkpoint recorded"), "\(alone.stderr)")
            #expect(alone.stderr.contains("the first line that differs is one of lines 1–11"), "\(alone.stderr)")
            #expect(alone.stderr.contains("1 problem found"))
            #expect(!alone.stdout.contains("ok:"))

            // One that still holds below narrows the range; with one that fails just after it, the line itself.
            let narrowed = try fixture.run(["verify", "--checkpoint", whole, "--checkpoint", five])
            #expect(narrowed.status == 65, "\(narrowed)")
            #expect(narrowed.stdout.contains("checkpoint \(five): the first 5 lines still have its root"))
            #expect(narrowed.stderr.contains("Events/ledger.jsonl:6: checkpoint \(whole): "), "\(narrowed.stderr)")
            #expect(narrowed.stderr.contains("the first line that differs is one of lines 6–11 (lines 1–5 still have the root of the checkpoint of size 5)"), "\(narrowed.stderr)")
            let exact = try fixture.run(["verify", "--checkpoint", whole, "--checkpoint", five, "--checkpoint", six])
            #expect(exact.status == 65, "\(exact)")
            #expect(exact.stderr.contains("Events/ledger.jsonl:6: checkpoint \(whole): "), "\(exact.stderr)")
            #expect(exact.stderr.contains("line 6 differs from what the checkpoint's tree implies (lines 1–5 still have the root of the checkpoint of size 5)"), "\(exact.stderr)")
            #expect(exact.stderr.contains("2 problems found"), "\(exact.stderr)")

            let json = try fixture.run(["verify", "--checkpoint", six, "--checkpoint", five, "--format", "json"])
            #expect(json.status == 65, "\(json)")
            let report = try Proofs.object(json.stdout)
            #expect(report["ok"] as? Bool == false)
            let problems = try #require(report["problems"] as? [[String: Any]])
            #expect(problems.count == 1 && problems.first?["line"] as? Int == 6, "\(problems)")
            let checkpoints = try #require(report["checkpoints"] as? [[String: Any]])
            #expect(checkpoints.map { $0["holds"] as? Bool } == [false, true])
            #expect(checkpoints.map { $0["size"] as? Int } == [6, 5])
            #expect(checkpoints[0]["computed"] as? String == Proofs.hex(Proofs.root(after.prefix(6))))
            #expect(checkpoints[0]["root"] as? String == Proofs.hex(Proofs.root(before.prefix(6))))
            #expect(Set(checkpoints[0].keys) == ["file", "origin", "size", "root", "holds", "computed", "signed"])

            // Plain verify's JSON is as before: no "checkpoints" key.
            let plainJSON = try Proofs.object(try fixture.run(["verify", "--format", "json"]).stdout)
            #expect(Set(plainJSON.keys) == ["ok", "events", "head", "problems"])
        }
    }

    @Test("a hand edit that leaves the chain broken shows in both reports, in line order")
    func handEdit() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Proofs.smallLedger(in: dir)
            let whole = try Self.checkpoint(fixture, "whole.txt")
            let three = try Self.checkpoint(fixture, "three.txt", size: 3)
            var bytes = try fixture.logBytes()
            let needle = Array("Network 4".utf8)
            let at = try #require((0...(bytes.count - needle.count)).first { Array(bytes[$0..<($0 + needle.count)]) == needle })
            bytes[at + 8] = UInt8(ascii: "5")  // line 8, net-n4: "Network 5"
            try Data(bytes).write(to: URL(fileURLWithPath: fixture.logPath))
            let result = try fixture.run(["verify", "--checkpoint", whole, "--checkpoint", three])
            #expect(result.status == 65, "\(result)")
            let errors = result.stderr.split(separator: "\n").map(String.init)
            #expect(errors.count == 3, "\(errors)")
            #expect(errors[0].hasPrefix("Events/ledger.jsonl:4: checkpoint \(whole): "), "\(errors)")
            #expect(errors[0].contains("one of lines 4–11"), "\(errors)")
            #expect(errors[1].hasPrefix("Events/ledger.jsonl:9: hash chain broken"), "\(errors)")
            #expect(errors[2] == "2 problems found")
        }
    }

    @Test("a checkpoint of more lines than the log has, or of another ledger, fails with 65")
    func otherFailures() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Proofs.smallLedger(in: dir)
            let whole = try Self.checkpoint(fixture, "whole.txt")
            let shipped = try fixture.writeInput("shipped.txt", Array(try Binary.run(["--ledger", Package.root, "checkpoint", "--size", "3"]).stdout.utf8))
            var bytes = try fixture.logBytes()
            let lines = try fixture.lines()
            bytes.removeLast(lines[10].count + 1)
            try Data(bytes).write(to: URL(fileURLWithPath: fixture.logPath))

            let cut = try fixture.run(["verify", "--checkpoint", whole])
            #expect(cut.status == 65, "\(cut)")
            #expect(cut.stderr.contains("Events/ledger.jsonl:11: checkpoint \(whole): the checkpoint covers 11 lines, but the log has only 10 complete lines: line 11 is gone"), "\(cut.stderr)")
            let foreign = try fixture.run(["verify", "--checkpoint", shipped])
            #expect(foreign.status == 65, "\(foreign)")
            #expect(foreign.stderr.contains("the checkpoint is of another ledger"), "\(foreign.stderr)")
        }
    }
}
