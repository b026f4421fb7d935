import Foundation
import Testing
@testable import Ledger
import Projections

#if canImport(Glibc)
import Glibc
#endif

/// `memberships snapshot` and the views' use of replay snapshots (SPEC §8): every view gives
/// the same result with or without a snapshot — at the head or older (tail decoding), with
/// `--known-at` before and after its position — and a snapshot that does not match is
/// ignored with one warning.
@Suite("Snapshot command")
struct SnapshotCommandTests {
    /// The worked example's log and the shipped ledger (read only; copied for every test).
    static let logs = [
        Package.root + "/Tests/ProjectionsTests/Fixtures/worked/ledger.jsonl",
        Package.root + "/Events/ledger.jsonl",
    ]

    /// The complete lines of a file, each with its `\n`.
    static func lines(_ path: String) throws -> [[UInt8]] {
        LedgerFixture.completeLines(try LedgerFixture.readBytes(path)).map { $0 + [0x0A] }
    }


    /// Appends raw bytes to a ledger's log.
    static func appendRaw(_ root: String, _ bytes: [UInt8]) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: root + "/Events/ledger.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }

    /// Two copies of `log`: `plain/` (no snapshot) and `snap/`, which holds a snapshot at seq
    /// `position`, written by the command before the rest of the lines were appended.
    static func pair(_ dir: String, log: String, position: Int) throws -> (plain: String, snap: String) {
        let all = try lines(log)
        let plain = dir + "/plain", snap = dir + "/snap"
        try LedgerFixture.makeLedger(plain, all[...])
        try LedgerFixture.makeLedger(snap, all.prefix(position))
        let written = try Binary.run(["--ledger", snap, "snapshot"])
        try #require(written.succeeded && written.stderr.isEmpty, "\(written)")
        try appendRaw(snap, Array(all[position...].joined()))
        #expect(try LedgerFixture.readBytes(plain + "/Events/ledger.jsonl") == LedgerFixture.readBytes(snap + "/Events/ledger.jsonl"))
        return (plain, snap)
    }

    /// Rewrites the logs of `roots` (copies of one log) from line `position` on: that line gets
    /// another note, and every later line the `prev` that chains to it.
    static func rewrite(_ roots: [String], from position: Int) throws {
        let bytes = try LedgerFixture.readBytes(roots[0] + "/Events/ledger.jsonl")
        let out = try LedgerFixture.rechained(bytes, noting: "rewritten", at: position)
        for root in roots { try Data(out).write(to: URL(fileURLWithPath: root + "/Events/ledger.jsonl")) }
    }

    /// Names the views can be asked about: every member and network, the pairs that have a
    /// commitment, and the events that were amended (or the first start when none was).
    struct Subjects {
        var members: [MemberID] = []
        var networks: [NetworkID] = []
        var pairs: [Pair] = []
        var amended: [EventID] = []

        init(_ events: [Event]) {
            for event in events {
                if event.type == .member, let m = event.member { members.append(m) }
                if event.type == .network, let n = event.network { networks.append(n) }
                if event.type.isStart, let p = event.pair, !pairs.contains(p) { pairs.append(p) }
                if let target = event.target, !amended.contains(target) { amended.append(target) }
            }
            if amended.isEmpty, let start = events.first(where: { $0.type.isStart }) { amended = [start.id] }
        }
    }

    /// Every view of `events` through the Projections API, as JSON text, for a few as-of days.
    static func views(_ replay: Replay, _ events: [Event]) -> [String] {
        let subjects = Subjects(events)
        var out: [JSONValue] = []
        for year in [2005, 2015, 2016, 2020, 2030] {
            let day = Day(year: year, month: 12, day: 31)!
            out.append(.array(replay.status(asOf: day, member: nil, network: nil).map(\.json)))
            out.append(.array(replay.timeline(asOf: day, member: nil, network: nil, from: nil, to: nil).map(\.json)))
            out.append(.array(replay.networks(asOf: day).map(\.json)))
            out.append(.array(replay.members(asOf: day).map(\.json)))
            for n in subjects.networks { out.append(replay.network(n, asOf: day).json) }
            for m in subjects.members { out.append(replay.member(m, asOf: day).json) }
        }
        for p in subjects.pairs {
            out.append(.array(AuditTrail.rows(replay: replay, member: p.member, network: p.network).map(\.json)))
        }
        for id in subjects.amended {
            out.append(.array((try? AuditTrail.rows(replay: replay, event: id))?.map(\.json) ?? []))
        }
        return out.map { String(decoding: JSONWriter.encode($0), as: UTF8.self) }
    }

    /// The `--known-at` values around a snapshot at `position` in a log of `count` lines.
    static func knownAts(position: Int, count: Int, events: [Event]) -> [(String, KnownAt)] {
        var values: [(String, KnownAt)] = []
        for n in Set([1, position - 1, position, position + 1, count]).sorted() where n >= 1 && n <= count {
            values.append(("seq:\(n)", .seq(n)))
        }
        if let recorded = events[max(0, position - 2)].recorded {
            values.append((recorded.recordedText, .instant(recorded)))
        }
        return values
    }

    // MARK: - Views: identical with or without a snapshot

    @Test("Projections API: every view is identical with a snapshot at the head or older, for every --known-at",
          arguments: logs)
    func projectionsIdentical(_ log: String) throws {
        try withTemporaryDirectory { dir in
            let count = try Self.lines(log).count
            for position in [count, count / 2, 1] {
                let (plain, snap) = try Self.pair(dir + "/at-\(position)", log: log, position: position)
                let (events, head) = try LedgerStore(root: plain).load()
                for (text, knownAt) in [("none", nil)] + Self.knownAts(position: position, count: count, events: events).map({ ($0.0, Optional($0.1)) }) {
                    var seq: Int?
                    if case .seq(let n) = knownAt { seq = n }
                    var warnings: [String] = []
                    let loaded = try LedgerStore(root: snap).loadForViews(knownAtSeq: seq) { warnings.append($0) }
                    #expect(warnings.isEmpty)
                    // The snapshot is really used (else both sides would be one code path).
                    #expect(loaded.snapshot == ((seq ?? Int.max) >= position ? position : nil), "\(text)")
                    #expect(loaded.head == head)
                    #expect(loaded.log.facts.count == events.count)
                    let fromSnapshot = Replay(log: loaded.log, source: loaded.source, knownAt: knownAt)
                    #expect(Self.views(fromSnapshot, events) == Self.views(Replay(events: events, knownAt: knownAt), events),
                            "\(log) snapshot at \(position), known at \(text)")
                }
            }
        }
    }

    /// The CLI views compared: `--format json` output of `plain` and `snap` for every view.
    static func compareCLI(_ plain: String, _ snap: String, knownAts: [String?],
                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (events, _) = try LedgerStore(root: plain).load()
        let subjects = Subjects(events)
        var commands: [[String]] = [["status"], ["timeline"], ["networks"], ["members"],
                                    ["network", subjects.networks[0].rawValue], ["member", subjects.members[0].rawValue],
                                    ["audit", "--event", subjects.amended[0].rawValue]]
        if let p = subjects.pairs.first {
            commands.append(["audit", "--member", p.member.rawValue, "--network", p.network.rawValue])
        }
        for command in commands {
            for knownAt in knownAts {
                let options = ["--as-of", "2030", "--format", "json"] + (knownAt.map { ["--known-at", $0] } ?? [])
                let expected = try Binary.run(["--ledger", plain] + command + options)
                let actual = try Binary.run(["--ledger", snap] + command + options)
                // Before an event was recorded, `audit --event` rightly fails (65) — alike in both.
                #expect(expected.succeeded || knownAt != nil, "\(command) \(expected)", sourceLocation: sourceLocation)
                #expect(actual.status == expected.status && actual.stdout == expected.stdout && actual.stderr == expected.stderr,
                        "\(command) known at \(knownAt ?? "-"): \(actual)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("CLI --format json: every view is identical with a snapshot older than the head, --known-at before and after it",
          arguments: logs)
    func cliIdentical(_ log: String) throws {
        try withTemporaryDirectory { dir in
            let count = try Self.lines(log).count
            let position = count / 2
            let (plain, snap) = try Self.pair(dir, log: log, position: position)
            try Self.compareCLI(plain, snap, knownAts: [nil, "seq:\(position - 1)", "seq:\(position + 1)"])
            guard log == Self.logs[0] else { return }
            // The worked example, with a snapshot, against its outputs worked out by hand.
            let expected = try JSONReader.parse(try FileIO.readAll(Package.root + "/Tests/ProjectionsTests/Fixtures/worked/worked.expected.json"))
            guard case .array(let cases) = expected else { Issue.record("expected a list"); return }
            #expect(cases.count == 6)
            for item in cases {
                let command = try #require(item["command"]?.stringValue)
                let result = try Binary.run(["--ledger", snap] + command.split(separator: " ").map(String.init))
                #expect(result.succeeded && result.stderr.isEmpty, "\(command): \(result)")
                #expect(try JSONReader.parse(result.stdout) == item["output"], "\(command)")
            }
        }
    }

    @Test("CLI: a snapshot that does not match is ignored with one warning, kept, and the output is unchanged",
          arguments: ["flipped byte", "truncated", "from another ledger", "log rewritten"])
    func cliMismatch(_ damage: String) throws {
        try withTemporaryDirectory { dir in
            let log = Self.logs[1]
            let count = try Self.lines(log).count
            let position = count / 2
            let (plain, snap) = try Self.pair(dir, log: log, position: position)
            var name = "replay-\(position).snapshot"
            let file = snap + "/Snapshots/" + name
            var bytes = try LedgerFixture.readBytes(file)
            var why = "it does not match the log"
            switch damage {
            case "flipped byte":
                // In the events part (a snapshot behind the head: views read that part only).
                let newline = try #require(bytes.firstIndex(of: 0x0A))
                let length = try #require(try JSONReader.parse(bytes[..<newline])["length"]?.int64Value)
                bytes[newline + 1 + Int(length) / 2] ^= 0x01
                try Data(bytes).write(to: URL(fileURLWithPath: file))
                why = "its events part is damaged or was changed (its SHA-256 is not the one its header records)"
            case "truncated":
                bytes.removeLast(1000)
                try Data(bytes).write(to: URL(fileURLWithPath: file))
                why = "cut short"
            case "from another ledger":
                // The worked example's snapshot at seq 10, instead of this ledger's own.
                let (_, other) = try Self.pair(dir + "/other", log: Self.logs[0], position: 10)
                name = "replay-10.snapshot"
                bytes = try LedgerFixture.readBytes(other + "/Snapshots/" + name)
                try FileManager.default.removeItem(atPath: file)
                try Data(bytes).write(to: URL(fileURLWithPath: snap + "/Snapshots/" + name))
            default:
                // Another history from line `position` on (a valid chain): the same in both copies.
                try Self.rewrite([plain, snap], from: position)
            }
            for command in [["status"], ["timeline"], ["members"]] {
                let options = ["--as-of", "2030", "--format", "json"]
                let expected = try Binary.run(["--ledger", plain] + command + options)
                let actual = try Binary.run(["--ledger", snap] + command + options)
                #expect(actual.succeeded && actual.stdout == expected.stdout, "\(actual)")
                let warnings = actual.stderr.split(separator: "\n")
                #expect(warnings.count == 1, "\(actual.stderr)")
                #expect(warnings.first?.hasPrefix("memberships: warning: ignoring Snapshots/\(name): ") == true, "\(actual.stderr)")
                #expect(warnings.first?.contains(why) == true, "\(actual.stderr)")
                #expect(try LedgerFixture.readBytes(snap + "/Snapshots/\(name)") == bytes, "a view never changes or deletes a snapshot")
            }
        }
    }

    // MARK: - The command

    /// The head of the output `wrote Snapshots/replay-N.snapshot` / `head: seq N <hash>`,
    /// when that is the whole output and names the right file.
    static func receipt(_ result: RunResult) -> (seq: Int, hash: String)? {
        guard let head = result.head,
              result.stdout == "wrote Snapshots/replay-\(head.seq).snapshot\nhead: seq \(head.seq) \(head.hash)\n"
        else { return nil }
        return head
    }

    @Test("snapshot prints the head and the file, written at the head; views then use it")
    func writesAtHead() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let result = try fixture.run(["snapshot"])
            #expect(result.succeeded && result.stderr.isEmpty, "\(result)")
            let lines = try fixture.lines()
            let head = (seq: lines.count, hash: SHA256.hash(lines[lines.count - 1]).hex)
            #expect(result.stdout == "wrote Snapshots/replay-\(head.seq).snapshot\nhead: seq \(head.seq) \(head.hash)\n")
            let file = fixture.root + "/Snapshots/replay-\(head.seq).snapshot"
            let bytes = try LedgerFixture.readBytes(file)
            let header = try JSONReader.parse(bytes.split(separator: 0x0A, maxSplits: 1)[0])
            guard case .object(let members) = header else { Issue.record("no header"); return }
            #expect(members.map(\.key) == ["format", "kind", "seq", "hash", "offset", "length", "sha256", "statusLength", "statusSha256"])
            #expect(header["kind"] == .string("replay") && header["format"] == .number("5"))
            // Each part's seal: the SHA-256 of the SHA-256s of its 1 MiB pieces (here, one).
            let body = Array(bytes.split(separator: 0x0A, maxSplits: 1, omittingEmptySubsequences: false)[1])
            let length = try #require(header["length"]?.int64Value.map(Int.init))
            let events = Array(body[..<length]), statusPart = Array(body[length...])
            try #require(!events.isEmpty && events.count <= 1 << 20 && !statusPart.isEmpty && statusPart.count <= 1 << 20)
            #expect(header["sha256"] == .string(SHA256.hash(SHA256.hash(events).bytes).hex))
            #expect(header["statusLength"] == .number(String(statusPart.count)))
            #expect(header["statusSha256"] == .string(SHA256.hash(SHA256.hash(statusPart).bytes).hex))
            #expect(header["seq"] == .number(String(head.seq)) && header["hash"] == .string(head.hash))
            #expect(header["offset"] == .number(String(try fixture.logBytes().count)))
            let status = try fixture.run(["status", "--format", "json"])
            #expect(status.succeeded && status.stderr.isEmpty, "\(status)")
        }
    }

    @Test("the same log gives the same snapshot, byte for byte, process after process", arguments: logs)
    func reproducible(_ log: String) throws {
        try withTemporaryDirectory { dir in
            let all = try Self.lines(log)
            // Each process hashes with its own seed, so a dictionary's order differs between
            // them: what the snapshot holds must not follow one.
            var files: [[UInt8]] = []
            for k in 0..<3 {
                let root = dir + "/l\(k)"
                try LedgerFixture.makeLedger(root, all[...])
                let written = try Binary.run(["--ledger", root, "snapshot"])
                try #require(written.succeeded, "\(written)")
                files.append(try LedgerFixture.readBytes(root + "/Snapshots/replay-\(all.count).snapshot"))
            }
            #expect(!files[0].isEmpty)
            #expect(files[1] == files[0] && files[2] == files[0])
        }
    }

    @Test("snapshot on a torn tail takes only the complete lines, and repairs nothing")
    func tornTail() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let complete = try fixture.lines()
            let torn = Array(#"{"seq":5,"id":"x","type":"member","recor"#.utf8)
            try Self.appendRaw(fixture.root, torn)
            let before = try fixture.logBytes()
            let result = try fixture.run(["snapshot"])
            #expect(result.succeeded, "\(result)")
            #expect(Self.receipt(result)?.seq == complete.count)
            #expect(Self.receipt(result)?.hash == SHA256.hash(complete.last!).hex)
            #expect(try fixture.logBytes() == before)
            #expect(try fixture.tornFiles().isEmpty)
            let header = try JSONReader.parse(try LedgerFixture.readBytes(fixture.root + "/Snapshots/replay-\(complete.count).snapshot")
                .split(separator: 0x0A, maxSplits: 1)[0])
            #expect(header["offset"] == .number(String(before.count - torn.count)))
            let status = try fixture.run(["status", "--format", "json"])
            #expect(status.succeeded && status.stderr.isEmpty, "\(status)")
        }
    }

    @Test("snapshot creates Snapshots/ when it is missing, and keeps the 3 newest")
    func createsFolderKeepsThree() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            try FileManager.default.removeItem(atPath: fixture.root + "/Snapshots")
            #expect(try fixture.run(["snapshot"]).succeeded)
            var seqs: [Int] = []
            for i in 1...4 {
                let added = try fixture.run(["append", "activity", "--member", "paris", "--date", "2020", "--title", "a\(i)"])
                #expect(added.succeeded, "\(added)")
                let written = try fixture.run(["snapshot"])
                seqs.append(try #require(Self.receipt(written)?.seq))
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: fixture.root + "/Snapshots")
                .filter { $0.hasPrefix("replay-") }.sorted()
            #expect(names == seqs.suffix(3).map { "replay-\($0).snapshot" }.sorted())
        }
    }

    @Test("snapshot takes no lock: it runs while a writer holds it")
    func noLock() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let fd = open(fixture.logPath, O_RDWR)
            try #require(fd >= 0)
            defer { close(fd) }
            try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)
            let environment = ["MEMBERSHIPS_LOCK_TIMEOUT": "0.2"]
            let blocked = try fixture.run(["append", "activity", "--member", "paris", "--date", "2020", "--title", "x"],
                                          environment: environment)
            #expect(blocked.status == 75, "the lock is held: \(blocked)")
            let result = try fixture.run(["snapshot"], environment: environment)
            #expect(result.succeeded, "\(result)")
        }
    }

    @Test("exit status: 66 without a ledger, 74 when the snapshot cannot be written, 64 for extra words")
    func exitStatus() throws {
        try withTemporaryDirectory { dir in
            let missing = try Binary.run(["--ledger", dir + "/nothing", "snapshot"])
            #expect(missing.status == 66, "\(missing)")
            #expect(missing.stdout.isEmpty)

            let fixture = try LedgerFixture.make(in: dir)
            try FileManager.default.removeItem(atPath: fixture.root + "/Snapshots")
            try Data("not a folder".utf8).write(to: URL(fileURLWithPath: fixture.root + "/Snapshots"))
            let blocked = try fixture.run(["snapshot"])
            #expect(blocked.status == 74, "\(blocked)")
            #expect(blocked.stderr.hasPrefix("memberships: cannot "), "\(blocked)")
            let view = try fixture.run(["status"])
            #expect(view.succeeded && view.stderr.isEmpty, "views read on without snapshots: \(view)")

            let extra = try fixture.run(["snapshot", "now"])
            #expect(extra.status == 64, "\(extra)")
        }
    }

    @Test("help lists snapshot, and 'help snapshot' shows its usage and an example")
    func help() throws {
        let overview = try Binary.run(["--help"])
        #expect(overview.stdout.contains("  snapshot                        write a snapshot of replayed state at the head\n"))
        let help = try Binary.run(["help", "snapshot"])
        #expect(help.succeeded && help.stdout.hasPrefix("usage: memberships snapshot"), "\(help)")
        #expect(help.stdout.contains("example:"))
    }
}
