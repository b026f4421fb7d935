import Foundation
import Testing
@testable import Ledger
import Projections

/// `status` from a snapshot at the head (its status part: the status folded over every
/// date): the same output as a replay, for every as-of, format and filter; a damaged status
/// part is said once and replayed around; with `--known-at`, or lines after the snapshot,
/// the replay is used.
@Suite("Status from a snapshot at the head")
struct StatusSnapshotTests {
    /// `status` with each option set, on `plain` and on `snap`: the same exit code, stdout and
    /// stderr.
    static func expectSameStatus(_ plain: String, _ snap: String, member: String, network: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        var options: [[String]] = []
        for asOf in ["1990", "2005-06", "2015-12-12", "2016", "2020-06-30", "2030", "9999-12-31"] {
            for format in ["json", "text", "csv"] { options.append(["--as-of", asOf, "--format", format]) }
        }
        options.append([])  // today
        for filter in [["--member", member], ["--network", network], ["--member", member, "--network", network],
                       ["--member", member + "x"], ["--network", "no-such-network"]] {
            options.append(["--as-of", "2030", "--format", "json"] + filter)
            options.append(["--as-of", "2015", "--format", "text"] + filter)
        }
        for option in options {
            let expected = try Binary.run(["--ledger", plain, "status"] + option)
            let actual = try Binary.run(["--ledger", snap, "status"] + option)
            #expect(actual.status == expected.status && actual.stdout == expected.stdout && actual.stderr == expected.stderr,
                    "status \(option.joined(separator: " ")): \(actual) vs \(expected)", sourceLocation: sourceLocation)
        }
    }

    @Test("the worked example and the shipped ledger: status is the same with a snapshot at the head as without",
          arguments: SnapshotCommandTests.logs)
    func sameOutput(_ log: String) throws {
        try withTemporaryDirectory { dir in
            let count = try SnapshotCommandTests.lines(log).count
            let (plain, snap) = try SnapshotCommandTests.pair(dir, log: log, position: count)
            // The status part is there and is what status reads.
            #expect(FoldedStatus.atHead(LedgerStore(root: snap)) { Issue.record("warning: \($0)") } != nil)
            let (events, _) = try LedgerStore(root: plain).load()
            let subjects = SnapshotCommandTests.Subjects(events)
            let pair = try #require(subjects.pairs.first)
            try Self.expectSameStatus(plain, snap, member: pair.member.rawValue, network: pair.network.rawValue)
            // The worked example's expected outputs, from the status part.
            guard log == SnapshotCommandTests.logs[0] else { return }
            let expected = try JSONReader.parse(try FileIO.readAll(Package.root + "/Tests/ProjectionsTests/Fixtures/worked/worked.expected.json"))
            guard case .array(let cases) = expected else { Issue.record("expected a list"); return }
            for item in cases {
                let command = try #require(item["command"]?.stringValue)
                guard command.hasPrefix("status") else { continue }
                let result = try Binary.run(["--ledger", snap] + command.split(separator: " ").map(String.init))
                #expect(result.succeeded && result.stderr.isEmpty, "\(command): \(result)")
                #expect(try JSONReader.parse(result.stdout) == item["output"], "\(command)")
            }
        }
    }

    @Test("a damaged status part: one warning naming it, the replay's output, the snapshot left as it was",
          arguments: ["flipped byte", "resealed garbage"])
    func damagedStatusPart(_ damage: String) throws {
        try withTemporaryDirectory { dir in
            let (plain, snap, name) = try Self.shippedPair(dir)
            let file = snap + "/" + name
            let (original, newline, statusStart) = try Self.parts(file)
            var bytes = original
            var header = String(decoding: bytes[..<newline], as: UTF8.self)
            let why: String
            if damage == "flipped byte" {
                bytes[statusStart + (bytes.count - statusStart) / 2] ^= 0x01
                why = "its status part is damaged or was changed (its SHA-256 is not the one its header records)"
            } else {
                // Well sealed but not a folded status: only decoding can tell.
                let garbage = Array("not a folded status".utf8)
                let value = try JSONReader.parse(Array(header.utf8))
                let oldLength = try #require(value["statusLength"]?.int64Value), oldSeal = try #require(value["statusSha256"]?.stringValue)
                header = header.replacingOccurrences(of: #""statusLength":\#(oldLength)"#, with: #""statusLength":\#(garbage.count)"#)
                    .replacingOccurrences(of: oldSeal, with: ReplaySnapshot.seal(garbage[...]).hex)
                bytes = Array(header.utf8) + [0x0A] + Array(bytes[(newline + 1)..<statusStart]) + garbage
                why = "it does not decode"
            }
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            for format in ["json", "text"] {
                let options = ["status", "--as-of", "2030", "--format", format]
                let expected = try Binary.run(["--ledger", plain] + options)
                let actual = try Binary.run(["--ledger", snap] + options)
                #expect(actual.succeeded && actual.stdout == expected.stdout, "\(actual)")
                #expect(actual.stderr == "memberships: warning: ignoring the status part of \(name): \(why)\n", "\(actual.stderr)")
            }
            // Other views read the events part, which is intact: no warning.
            let timeline = try Binary.run(["--ledger", snap, "timeline", "--as-of", "2030", "--format", "json"])
            #expect(timeline.succeeded && timeline.stderr.isEmpty, "\(timeline)")
            #expect(try LedgerFixture.readBytes(file) == bytes, "a view never changes or deletes a snapshot")
        }
    }

    @Test("a status part changed so that it still decodes: what status prepared from it while the seal was computed is dropped, and the replay answers")
    func preparedThenDropped() throws {
        try withTemporaryDirectory { dir in
            let (plain, snap, name) = try Self.shippedPair(dir)
            let file = snap + "/" + name
            let (original, _, statusStart) = try Self.parts(file)
            var bytes = original
            // A member's slug renamed inside the status part (one letter): the part still
            // decodes, without that member, and its seal no longer matches.
            let (events, _) = try LedgerStore(root: plain).load()
            let part = bytes[statusStart...]
            let (member, found) = try #require(SnapshotCommandTests.Subjects(events).members.lazy.map { id in
                (id.rawValue, part.ranges(of: Array(id.rawValue.utf8)))
            }.first { $0.1.count == 1 })
            let at = found[0].lowerBound
            bytes[at] = bytes[at] == UInt8(ascii: "z") ? UInt8(ascii: "y") : UInt8(ascii: "z")
            let renamed = String(decoding: bytes[at..<at + member.utf8.count], as: UTF8.self)
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            let why = "ignoring the status part of \(name): its status part is damaged or was changed (its SHA-256 is not the one its header records)"
            // Prepared from the changed part, where the member is unknown, then dropped.
            var prepared: [Bool] = [], warnings: [String] = []
            let loaded = FoldedStatus.atHead(LedgerStore(root: snap), warn: { warnings.append($0) }) { folded in
                prepared.append((try? folded.checkMember(member)) == nil && (try? folded.checkMember(renamed)) != nil)
                return folded
            }
            #expect(loaded == nil && prepared == [true] && warnings == [why], "\(prepared) \(warnings)")
            // The command answers as the replay does: rows for the member, an error for the
            // renamed slug, each after the one warning.
            for filter in [member, renamed] {
                for format in ["json", "text"] {
                    let options = ["status", "--as-of", "2030", "--member", filter, "--format", format]
                    let expected = try Binary.run(["--ledger", plain] + options)
                    let actual = try Binary.run(["--ledger", snap] + options)
                    #expect(actual.status == expected.status && actual.stdout == expected.stdout, "\(actual) vs \(expected)")
                    #expect(actual.stderr == "memberships: warning: \(why)\n" + expected.stderr, "\(actual.stderr)")
                }
            }
            #expect(try Binary.run(["--ledger", plain, "status", "--member", member]).succeeded)
        }
    }

    /// The shipped ledger in `dir`, once plain and once with a snapshot at its head, and that
    /// snapshot's name in the ledger.
    static func shippedPair(_ dir: String) throws -> (plain: String, snap: String, name: String) {
        let log = SnapshotCommandTests.logs[1]
        let count = try SnapshotCommandTests.lines(log).count
        let (plain, snap) = try SnapshotCommandTests.pair(dir, log: log, position: count)
        return (plain, snap, "Snapshots/replay-\(count).snapshot")
    }

    /// A snapshot's bytes, where its header line ends and where its status part starts.
    static func parts(_ file: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (bytes: [UInt8], newline: Int, statusStart: Int) {
        let bytes = try LedgerFixture.readBytes(file)
        let newline = try #require(bytes.firstIndex(of: 0x0A), sourceLocation: sourceLocation)
        let length = try #require(try JSONReader.parse(Array(bytes[..<newline]))["length"]?.int64Value.map(Int.init),
                                  sourceLocation: sourceLocation)
        return (bytes, newline, newline + 1 + length)
    }

    @Test("with --known-at, or lines after the snapshot, status replays: same output, and a damaged status part is not read")
    func replaysWhenNotAtHead() throws {
        try withTemporaryDirectory { dir in
            let log = SnapshotCommandTests.logs[1]
            let count = try SnapshotCommandTests.lines(log).count
            for position in [count, count - 1] {
                let (plain, snap) = try SnapshotCommandTests.pair(dir + "/at-\(position)", log: log, position: position)
                let file = snap + "/Snapshots/replay-\(position).snapshot"
                var bytes = try LedgerFixture.readBytes(file)
                bytes[bytes.count - 1] ^= 0x01  // the last byte is in the status part
                try Data(bytes).write(to: URL(fileURLWithPath: file))
                let knownAts: [[String]] = position == count ? [["--known-at", "seq:\(count)"], ["--known-at", "seq:\(count - 3)"]] : [[]]
                for knownAt in knownAts {
                    let options = ["status", "--as-of", "2030", "--format", "json"] + knownAt
                    let expected = try Binary.run(["--ledger", plain] + options)
                    let actual = try Binary.run(["--ledger", snap] + options)
                    #expect(actual.succeeded && actual.stdout == expected.stdout && actual.stderr.isEmpty,
                            "at \(position) \(knownAt): \(actual)")
                }
            }
        }
    }

    @Test("the snapshot command writes a status part that status then uses, and a torn tail does not stop it")
    func tornTailStillAtHead() throws {
        try withTemporaryDirectory { dir in
            let log = SnapshotCommandTests.logs[0]
            let count = try SnapshotCommandTests.lines(log).count
            let (plain, snap) = try SnapshotCommandTests.pair(dir, log: log, position: count)
            let torn = Array(#"{"seq":99,"id":"torn","type":"activ"#.utf8)
            try SnapshotCommandTests.appendRaw(snap, torn)
            try SnapshotCommandTests.appendRaw(plain, torn)
            #expect(FoldedStatus.atHead(LedgerStore(root: snap)) { Issue.record("warning: \($0)") } != nil)
            let expected = try Binary.run(["--ledger", plain, "status", "--as-of", "2030", "--format", "json"])
            let actual = try Binary.run(["--ledger", snap, "status", "--as-of", "2030", "--format", "json"])
            #expect(actual.status == expected.status && actual.stdout == expected.stdout && actual.stderr == expected.stderr, "\(actual)")
        }
    }
}
