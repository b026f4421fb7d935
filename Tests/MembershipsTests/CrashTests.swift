import Foundation
import Testing
import TestSupport
@testable import Ledger

#if canImport(Glibc)
import Glibc
#endif

/// Crashes mid-write (SPEC §7): an acknowledged event survives any crash; a torn tail —
/// a last line without `\n`, never acknowledged — is moved to `Events/ledger.jsonl.torn-<UTC>`
/// by the next writer or by `repair`, never deleted, and the log is cut back to its last
/// complete line.
@Suite("crashes and torn tails", .serialized)
struct CrashTests {
    // MARK: - A torn tail made by hand

    /// What a crash can leave after the last complete line.
    static let tornTails: [(label: String, bytes: [UInt8])] = [
        ("half a line", Array(#"{"seq":5,"id":"half","type":"activ"#.utf8)),
        ("a whole event but its newline", Array(#"{"seq":5,"id":"whole","type":"activity","recorded":"2026-01-01T00:00:00Z","member":"paris","date":"2015","title":"t","prev":"0000000000000000000000000000000000000000000000000000000000000000"}"#.utf8)),
        ("bytes that are not UTF-8, with a CR", [0x7B, 0x22, 0xFF, 0xFE, 0x0D, 0x00, 0x1B]),
    ]

    /// Appends `bytes` to the log without a newline, as a writer killed mid-line would.
    private static func tear(_ fixture: LedgerFixture, _ bytes: [UInt8]) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: fixture.logPath))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
    }

    /// Checks that `verify` sees the torn tail as a problem but reads the complete lines
    /// (and only them) as events: exit 65, head at the last complete line.
    private static func expectVerifyReportsTornTail(_ fixture: LedgerFixture, completeLines: Int,
                                                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try fixture.run(["verify", "--format", "json"])
        #expect(result.status == 65, "\(result)", sourceLocation: sourceLocation)
        let json = try JSONReader.parse(result.stdout)
        #expect(json["ok"] == .bool(false), sourceLocation: sourceLocation)
        #expect(json["events"]?.int64Value == Int64(completeLines), sourceLocation: sourceLocation)
        #expect(json["head"]?["seq"]?.int64Value == Int64(completeLines), sourceLocation: sourceLocation)
        #expect(json["head"]?["hash"]?.stringValue == SHA256.hash(try fixture.lines().last!).hex, sourceLocation: sourceLocation)
        guard case .array(let problems)? = json["problems"] else {
            Issue.record("no problems array", sourceLocation: sourceLocation); return
        }
        #expect(problems.contains { $0["line"]?.int64Value == Int64(completeLines + 1)
                    && ($0["message"]?.stringValue ?? "").contains("torn") },
                "\(result.stdout)", sourceLocation: sourceLocation)
    }

    @Test("the next append moves a torn tail aside, says so, keeps its bytes, and appends after the last complete line",
          arguments: 0..<3)
    func tornTailThenAppend(_ which: Int) throws {
        let torn = Self.tornTails[which].bytes
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let before = try fixture.logBytes()
            try Self.tear(fixture, torn)
            try Self.expectVerifyReportsTornTail(fixture, completeLines: 4)

            let result = try fixture.run(["append", "activity", "--id", "after-crash", "--member", "paris",
                                          "--date", "2015", "--title", "after the crash"])
            #expect(result.succeeded, "\(Self.tornTails[which].label): \(result)")
            #expect(result.stderr.contains("torn") || result.stderr.contains("no newline"), "\(result.stderr)")
            #expect(result.stderr.contains("ledger.jsonl.torn-"), "the notice names the quarantine file: \(result.stderr)")
            #expect(result.stderr.contains("\(torn.count) bytes"), "\(result.stderr)")
            #expect(rawControlBytes(result.stderrBytes).isEmpty)

            let quarantined = try fixture.tornFiles()
            try #require(quarantined.count == 1, "\(quarantined)")
            #expect(try LedgerFixture.readBytes(quarantined[0]) == torn,
                    "the quarantine file holds exactly the torn bytes")
            let after = try fixture.logBytes()
            #expect(Array(after.prefix(before.count)) == before, "the complete lines are untouched")
            let lines = try fixture.lines()
            #expect(lines.count == 5)
            #expect(Array(after.dropFirst(before.count)) == lines[4] + [0x0A], "nothing but the new line follows")
            let objects = try fixture.objects()
            #expect(objects[4]["id"] as? String == "after-crash")
            #expect(objects[4]["seq"] as? Int == 5)
            #expect(objects[4]["prev"] as? String == SHA256.hash(lines[3]).hex)
            try fixture.expectReceipt(result)
            let verify = try fixture.run(["verify"])
            #expect(verify.succeeded, "\(verify)")
        }
    }

    @Test("repair moves a torn tail aside and cuts the log back; a second crash gets its own file",
          arguments: 0..<3)
    func tornTailThenRepair(_ which: Int) throws {
        let torn = Self.tornTails[which].bytes
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let before = try fixture.logBytes()
            try Self.tear(fixture, torn)

            let result = try fixture.run(["repair"])
            #expect(result.succeeded, "\(Self.tornTails[which].label): \(result)")
            #expect(result.stderr.contains("ledger.jsonl.torn-"), "\(result.stderr)")
            #expect(rawControlBytes(result.stderrBytes).isEmpty)
            try fixture.expectReceipt(result)
            #expect(try fixture.logBytes() == before, "the log is back to its last complete line")
            let first = try fixture.tornFiles()
            try #require(first.count == 1, "\(first)")
            #expect(try LedgerFixture.readBytes(first[0]) == torn)
            #expect(try fixture.run(["verify"]).succeeded)

            // Nothing more to do.
            let again = try fixture.run(["repair"])
            #expect(again.succeeded, "\(again)")
            #expect(again.stdout.contains("nothing to repair"), "\(again.stdout)")
            #expect(try fixture.tornFiles() == first)

            // Another crash, within the same second: the first quarantine file is kept.
            let second: [UInt8] = Array("{\"second\":".utf8)
            try Self.tear(fixture, second)
            let repaired = try fixture.run(["repair"])
            #expect(repaired.succeeded, "\(repaired)")
            let both = try fixture.tornFiles()
            try #require(both.count == 2, "\(both)")
            let contents = try both.map { try LedgerFixture.readBytes($0) }
            #expect(contents.contains(torn) && contents.contains(second))
            #expect(try fixture.logBytes() == before)
        }
    }

    @Test("a writer whose batch is then rejected still moves the torn tail aside; the complete lines stay as they were")
    func tornTailThenRejectedAppend() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let before = try fixture.logBytes()
            let torn = Self.tornTails[0].bytes
            try Self.tear(fixture, torn)
            let result = try fixture.run(["append", "activity", "--member", "pariss", "--date", "2015", "--title", "t"])
            #expect(result.status == 65, "\(result)")
            #expect(result.stderr.contains("ledger.jsonl.torn-"), "\(result.stderr)")
            #expect(result.stderr.contains("unknown member 'pariss'"), "\(result.stderr)")
            #expect(try fixture.logBytes() == before)
            let quarantined = try fixture.tornFiles()
            try #require(quarantined.count == 1)
            #expect(try LedgerFixture.readBytes(quarantined[0]) == torn)
            #expect(try fixture.run(["verify"]).succeeded)
        }
    }

    @Test("a log made only of a torn genesis is repaired to an empty log, not deleted")
    func tornGenesis() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir, standard: false)
            let genesis = try fixture.logBytes()
            try Data(genesis.dropLast()).write(to: URL(fileURLWithPath: fixture.logPath))
            let result = try fixture.run(["repair"])
            #expect(result.succeeded, "\(result)")
            let quarantined = try fixture.tornFiles()
            try #require(quarantined.count == 1)
            #expect(try LedgerFixture.readBytes(quarantined[0]) == Array(genesis.dropLast()))
            #expect(FileManager.default.fileExists(atPath: fixture.logPath))
        }
    }

    // MARK: - A write cut short (the MEMBERSHIPS_FAULT hook of debug builds)

    /// The batch the cut writes: three activities, ids `f1`…`f3`, whose stored lines (seq 5–7
    /// after the standard fixture's 4) all have the same length.
    static let cutBatch = (1...3).map { #"{"id":"f\#($0)","type":"activity","member":"paris","date":"2015","title":"cut \#($0)"}"# }

    /// The length of each stored line of `cutBatch`, with its `\n`, worked out from the
    /// canonical form (SPEC §2, §3): envelope, the activity's fields, `prev`.
    static let cutLineLength = (#"{"seq":5,"id":"f1","type":"activity","recorded":"2026-01-01T00:00:00Z","member":"paris","date":"2015","title":"cut 1","prev":""#
        + String(repeating: "0", count: 64) + #""}"#).utf8.count + 1

    /// Where the write is cut: (label, N of `partial-write:N`).
    static let cuts: [(String, Int)] = [
        ("nothing written", 0), ("one byte", 1), ("inside the first line", 60), ("exactly one line", cutLineLength),
        ("a line and ten bytes", cutLineLength + 10), ("exactly two lines", 2 * cutLineLength), ("all but the last newline", -1),
    ]

    @Test("a writer killed after writing part of its batch leaves exactly those bytes; the torn part is moved aside whole, the complete lines stay, and the batch retried with its ids completes it",
          arguments: 0..<7)
    func cutWrite(_ which: Int) throws {
        let (label, n) = Self.cuts[which]
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let before = try fixture.logBytes()
            try #require(try fixture.lines().count == 4)
            let input = try fixture.writeInput("cut.jsonl", lines: Self.cutBatch)
            let killed = try fixture.run(["append", "--file", input], environment: ["MEMBERSHIPS_FAULT": "partial-write:\(n)"])
            #expect(killed.signaled && killed.status == SIGKILL, "\(label): \(killed)")
            #expect(killed.stdout.isEmpty, "\(label): nothing is acknowledged: \(killed.stdout)")

            // Exactly the first bytes of the batch were written after the complete lines.
            let after = try fixture.logBytes()
            #expect(samePrefix(after, before, count: before.count), "\(label): the lines before changed")
            let tail = Array(after.dropFirst(before.count))
            #expect(tail.count == (n >= 0 ? n : 3 * Self.cutLineLength + n), "\(label): \(tail.count) bytes written")
            let end = (tail.lastIndex(of: 0x0A) ?? -1) + 1
            let complete = LedgerFixture.completeLines(Array(tail[..<end])), torn = Array(tail[end...])
            if n > 0 && n % Self.cutLineLength == 0 { #expect(torn.isEmpty && complete.count == n / Self.cutLineLength, "\(label)") }

            // verify names the torn line; readers see the complete lines only, never the torn one.
            let verify = try fixture.run(["verify", "--format", "json"])
            #expect(verify.status == (torn.isEmpty ? 0 : 65), "\(label): \(verify)")
            if !torn.isEmpty {
                #expect(verify.stdout.contains("\"line\": \(4 + complete.count + 1)") && verify.stdout.contains("torn tail"), "\(verify.stdout)")
            }
            let timeline = try fixture.run(["timeline", "--as-of", "2030", "--format", "json"])
            #expect(timeline.succeeded, "\(label): \(timeline)")
            let ids = try JSONSerialization.jsonObject(with: Data(timeline.stdoutBytes)) as? [String: Any]
            let rows = (ids?["rows"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(rows.sorted() == (["paris-c40"] + (0..<complete.count).map { "f\($0 + 1)" }).sorted(), "\(label): \(rows)")

            // Recovery: `repair` for half the cuts, the next writer (the retry) for the others.
            var retry: RunResult
            if which % 2 == 0 {
                let repair = try fixture.run(["repair"])
                #expect(repair.succeeded, "\(label): \(repair)")
                #expect(repair.stderr.contains("ledger.jsonl.torn-") == !torn.isEmpty, "\(label): \(repair.stderr)")
                #expect(try fixture.logBytes() == before + Array(tail[..<end]), "\(label): cut back to the last complete line")
                retry = try fixture.run(["append", "--file", input])
                #expect(!retry.stderr.contains("torn"), "\(label): \(retry.stderr)")
            } else {
                retry = try fixture.run(["append", "--file", input])
                #expect(retry.stderr.contains("ledger.jsonl.torn-") == !torn.isEmpty, "\(label): \(retry.stderr)")
            }
            if !torn.isEmpty {
                #expect(retry.stderr.contains("\(torn.count) bytes") || which % 2 == 0, "\(label): \(retry.stderr)")
            }
            let quarantined = try fixture.tornFiles()
            #expect(try quarantined.map { try LedgerFixture.readBytes($0) } == (torn.isEmpty ? [] : [torn]),
                    "\(label): the torn bytes are kept, whole, in one file")

            // The retry: the lines that made it are repeats, the rest is appended; each id once.
            #expect(retry.succeeded, "\(label): \(retry)")
            try fixture.expectReceipt(retry)
            #expect(retry.stdout.components(separatedBy: "already present").count - 1 == complete.count, "\(label): \(retry.stdout)")
            #expect(retry.stdout.components(separatedBy: "appended seq").count - 1 == 3 - complete.count, "\(label): \(retry.stdout)")
            let objects = try fixture.objects()
            #expect(objects.compactMap { $0["id"] as? String }.suffix(3) == ["f1", "f2", "f3"], "\(label)")
            #expect(objects.count == 7)
            #expect(try fixture.run(["verify"]).succeeded, "\(label)")
        }
    }

    // MARK: - Writers killed with SIGKILL

    static let seed: UInt64 = 0x4C45_4447_4552_2137
    static let rounds = 30
    static let batchSize = 1500

    /// A batch of `batchSize` activities with ids `r<round>-e<i>`.
    private static func batch(round: Int) -> [UInt8] {
        var text = ""
        text.reserveCapacity(batchSize * 120)
        for i in 1...batchSize {
            text += #"{"id":"r\#(round)-e\#(i)","type":"activity","member":"paris","date":"2015","title":"round \#(round), event \#(i)"}"#
            text += "\n"
        }
        return Array(text.utf8)
    }

    @Test("SIGKILL mid-batch, 30 seeded rounds: every acknowledged event survives, torn tails are kept, the log verifies")
    func killedWriters() throws {
        try withTemporaryDirectory { dir in try Self.killedWriters(in: dir) }
    }

    // A method rather than a closure body, like ConcurrencyTests.eightWriters (Swift 6.3.1's
    // region-isolation pass crashed on a long test body written inside the closure).
    private static func killedWriters(in dir: String) throws {
        var random = SplitMix64(seed: seed)
        let fixture = try LedgerFixture.make(in: dir, standard: false)
        let member = try fixture.run(["append", "member", "--id", "mem-paris", "--member", "paris", "--name", "Paris",
                                      "--kind", "city"])
        try #require(member.succeeded, "\(member)")

        /// Every id whose append was acknowledged, and every receipt printed.
        var acknowledged: [String] = []
        var receipts: [(seq: Int, hash: String)] = []
        var tornSeen: [[UInt8]] = []
        var killed = 0
        var checked = 0

        // Round 0 is not killed: it measures how long a batch takes, to spread the kills over it.
        let calibration = try fixture.writeInput("batch-0.jsonl", batch(round: 0))
        let started = Date()
        let first = try fixture.run(["append", "--file", calibration])
        let duration = Date().timeIntervalSince(started)
        try #require(first.succeeded, "\(first)")
        acknowledged += (1...batchSize).map { "r0-e\($0)" }
        receipts.append(try #require(first.head))
        // Kill at 0 … 125% of a whole batch's time (at least 0 … 50 ms).
        let maxDelay = max(0.05, duration * 1.25)

        for round in 1...rounds {
            let path = try fixture.writeInput("batch-\(round).jsonl", batch(round: round))
            let delay = Double(random.next() % 1_000_001) / 1_000_000 * maxDelay
            let writer = try Binary.start(["--ledger", fixture.root, "append", "--file", path], directory: dir)
            usleep(useconds_t(delay * 1_000_000))
            if writer.process.isRunning { writer.send(SIGKILL) }
            let result = try writer.wait()
            if result.succeeded {
                // Finished before the kill: acknowledged, so it must survive.
                acknowledged += (1...batchSize).map { "r\(round)-e\($0)" }
                if let head = result.head { receipts.append(head) } else { Issue.record("round \(round): exit 0 without a receipt") }
            } else {
                #expect(result.signaled && result.status == SIGKILL, "round \(round): the writer failed on its own: \(result)")
                killed += 1
            }

            // What the crash left: complete lines that all parse, and perhaps a torn tail.
            let bytes = try fixture.logBytes()
            let end = (bytes.lastIndex(of: 0x0A) ?? -1) + 1
            let torn = Array(bytes[end...])
            // (Lines before `checked` were checked in an earlier round.)
            for line in LedgerFixture.completeLines(Array(bytes[min(checked, end)..<end])) {
                guard (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] != nil else {
                    Issue.record("round \(round): a line after byte \(checked) is not a complete JSON object"); break
                }
            }

            // An acknowledged single append in between.
            let single = try fixture.run(["append", "activity", "--id", "single-\(round)", "--member", "paris",
                                          "--date", "2016", "--title", "between rounds \(round)"])
            #expect(single.succeeded, "round \(round): the append after the crash failed: \(single)")
            if single.succeeded {
                acknowledged.append("single-\(round)")
                try fixture.expectReceipt(single)
                if let head = single.head { receipts.append(head) }
            }
            if torn.isEmpty {
                #expect(!single.stderr.contains("torn"), "round \(round): a torn tail reported where there was none: \(single.stderr)")
            } else {
                tornSeen.append(torn)
                #expect(single.stderr.contains("ledger.jsonl.torn-"), "round \(round): the torn tail was not reported: \(single.stderr)")
                let contents = try fixture.tornFiles().map { try LedgerFixture.readBytes($0) }
                #expect(contents.contains(torn), "round \(round): no quarantine file holds the \(torn.count) torn bytes")
            }
            let now = try fixture.logBytes()
            #expect(now.last == 0x0A, "round \(round): the log does not end with a complete line")
            #expect(samePrefix(now, bytes, count: end), "round \(round): complete lines changed")
            checked = now.count
        }

        // A final repair (nothing left to do) and a clean verify.
        let repair = try fixture.run(["repair"])
        #expect(repair.succeeded, "\(repair)")
        let verify = try fixture.run(["verify"])
        #expect(verify.succeeded, "\(verify.stderr.prefix(2000))")

        let lines = try fixture.lines()
        let objects = try fixture.objects()
        #expect(objects.map { $0["seq"] as? Int } == Array(1...lines.count).map { Optional($0) }, "seq is contiguous")
        var counts: [String: Int] = [:]
        for object in objects { if let id = object["id"] as? String { counts[id, default: 0] += 1 } }
        let missing = acknowledged.filter { counts[$0] == nil }
        #expect(missing.isEmpty, "\(missing.count) acknowledged events are missing, e.g. \(missing.prefix(5))")
        #expect(counts.values.allSatisfy { $0 == 1 }, "an id appears twice")
        // Each receipt still commits to the log: line `seq` hashes to the printed hash.
        for receipt in receipts {
            guard receipt.seq >= 1 && receipt.seq <= lines.count else {
                Issue.record("receipt seq \(receipt.seq) is past the log's \(lines.count) lines"); continue
            }
            #expect(SHA256.hash(lines[receipt.seq - 1]).hex == receipt.hash, "the line at receipt seq \(receipt.seq) changed")
        }
        // Every torn tail seen is kept, each in its own file.
        let quarantined = try fixture.tornFiles().map { try LedgerFixture.readBytes($0) }
        #expect(quarantined.count == tornSeen.count)
        for torn in tornSeen { #expect(quarantined.contains(torn)) }
        #expect(killed > 0, "no writer was killed: the delays missed every batch")

        if ProcessInfo.processInfo.environment["MEMBERSHIPS_CRASH_STATS"] != nil {
            FileHandle.standardError.write(Data("""
                crash rounds: \(rounds), killed \(killed), completed \(rounds - killed), torn tails \(tornSeen.count), \
                lines \(lines.count), max delay \(Int(maxDelay * 1000)) ms\n
                """.utf8))
        }
    }
}

