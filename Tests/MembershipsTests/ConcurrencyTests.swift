import Foundation
import Testing
@testable import Ledger

#if canImport(Glibc)
import Glibc
#endif

/// Many real processes appending to one ledger at once (SPEC §7: writers hold an exclusive
/// lock for the whole read-validate-write-sync step, so nothing interleaves or is lost).
@Suite("concurrent writers", .serialized)
struct ConcurrencyTests {
    static let writers = 8
    static let eventsPerWriter = 100

    @Test("8 processes × 100 appends: 801 lines, seq 1…801, the log verifies, every id exactly once")
    func eightWriters() throws {
        try withTemporaryDirectory { dir in try Self.eightWriters(in: dir) }
    }

    // A method, not a closure: Swift 6.3.1's region-isolation pass (SendNonSendable)
    // crashes on this body written inside the `withTemporaryDirectory` closure.
    private static func eightWriters(in dir: String) throws {
        // Only the genesis: each append registers a member of its own, which needs nothing
        // before it, so the log ends with exactly 1 + 800 lines.
        let fixture = try LedgerFixture.make(in: dir, standard: false)
        let startLines = try fixture.lines().count
        #expect(startLines == 1)
        let gate = dir + "/go"
        // Each writer waits for the gate, so that all of them start together, then runs
        // 100 separate `memberships append` processes; a failed append stops it with its status.
        let script = """
            while [ ! -e "$GATE" ]; do sleep 0.005; done
            i=1
            while [ $i -le \(Self.eventsPerWriter) ]; do
                "$MEMBERSHIPS" --ledger "$LEDGER" append member --id "w$WRITER-e$i" --member "w$WRITER-e$i" \
                    --name "Member $i of writer $WRITER" --kind city >>"$OUT" 2>&1 || exit $?
                i=$((i + 1))
            done
            """
        var running: [Running] = []
        for writer in 1...Self.writers {
            running.append(try Binary.startShell(script, environment: [
                "GATE": gate, "LEDGER": fixture.root, "WRITER": String(writer), "OUT": dir + "/writer-\(writer).log",
            ]))
        }
        _ = FileManager.default.createFile(atPath: gate, contents: nil)
        for (index, process) in running.enumerated() {
            let result = try process.wait()
            let output = (try? String(contentsOfFile: dir + "/writer-\(index + 1).log", encoding: .utf8)) ?? ""
            #expect(result.succeeded, "writer \(index + 1) failed: \(result)\n\(output.suffix(2000))")
            // Every append printed its receipt.
            #expect(output.components(separatedBy: "head: seq ").count - 1 == Self.eventsPerWriter,
                    "writer \(index + 1) printed \(output.components(separatedBy: "head: seq ").count - 1) receipts")
        }

        let expectedLines = startLines + Self.writers * Self.eventsPerWriter
        let lines = try fixture.lines()
        #expect(expectedLines == 801)
        #expect(lines.count == expectedLines)
        #expect(try fixture.logBytes().last == 0x0A)
        let objects = try fixture.objects()  // every line parses (Foundation's parser)
        #expect(objects.map { $0["seq"] as? Int } == Array(1...expectedLines).map { Optional($0) }, "seq is contiguous")
        // Each line's prev is the hash of the line before it.
        for index in 1..<lines.count {
            if objects[index]["prev"] as? String != SHA256.hash(lines[index - 1]).hex {
                Issue.record("line \(index + 1): prev is not the SHA-256 of line \(index)")
                break
            }
        }
        var counts: [String: Int] = [:]
        for object in objects { if let id = object["id"] as? String { counts[id, default: 0] += 1 } }
        for writer in 1...Self.writers {
            for event in 1...Self.eventsPerWriter {
                let id = "w\(writer)-e\(event)"
                #expect(counts[id] == 1, "\(id) appears \(counts[id] ?? 0) times")
            }
        }
        #expect(counts.values.allSatisfy { $0 == 1 }, "some id appears twice")
        // Each writer's events are in its own order.
        for writer in 1...Self.writers {
            let mine = objects.compactMap { $0["id"] as? String }.filter { $0.hasPrefix("w\(writer)-") }
            #expect(mine == (1...Self.eventsPerWriter).map { "w\(writer)-e\($0)" }, "writer \(writer) out of order")
        }
        // The writers really overlapped: the log switches between writers many times.
        let owners = objects.compactMap { ($0["id"] as? String)?.split(separator: "-").first }.filter { $0.hasPrefix("w") }
        let switches = zip(owners, owners.dropFirst()).filter { $0 != $1 }.count
        #expect(switches > Self.writers * 2, "only \(switches) switches between writers: they did not overlap")

        let verify = try fixture.run(["verify"])
        #expect(verify.succeeded, "\(verify)")
        try fixture.expectReceipt(verify)
        #expect(verify.head?.seq == expectedLines)
    }

    @Test("a writer that holds the lock and hangs: the next waits MEMBERSHIPS_LOCK_TIMEOUT, exits 75 naming the holder's pid, writes nothing; once it is stopped, appends go on")
    func hungWriter() throws {
        try withTemporaryDirectory { dir in try Self.hungWriter(in: dir) }
    }

    private static func hungWriter(in dir: String) throws {
        let fixture = try LedgerFixture.make(in: dir)
        let before = try fixture.logBytes()
        // A real writer that takes the lock and then hangs (a debug build's test hook).
        let hung = try Binary.start(["--ledger", fixture.root, "append", "activity", "--member", "paris", "--date", "2015",
                                     "--title", "hung"], environment: ["MEMBERSHIPS_FAULT": "hang-after-lock"], directory: dir)
        defer { if hung.process.isRunning { hung.send(SIGKILL) } }
        var held = false
        let deadline = Date().addingTimeInterval(30)
        while !held && Date() < deadline && hung.process.isRunning {
            let fd = open(fixture.logPath, O_RDONLY)
            try #require(fd >= 0)
            if flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK { held = true } else { flock(fd, LOCK_UN) }
            close(fd)
            if !held { usleep(10_000) }
        }
        try #require(held, "the hung writer never took the lock: \(hung.process.isRunning ? "" : (try? hung.wait()).map { "\($0)" } ?? "")")

        for timeout in [0.5, 1.5] {
            let started = Date()
            let blocked = try fixture.run(["append", "activity", "--member", "paris", "--date", "2015", "--title", "t"],
                                          environment: ["MEMBERSHIPS_LOCK_TIMEOUT": String(timeout)])
            let elapsed = Date().timeIntervalSince(started)
            #expect(blocked.status == 75, "\(blocked)")
            #expect(blocked.stderr.contains("another writer (process \(hung.pid)) holds the lock"), "\(blocked.stderr)")
            #expect(elapsed >= timeout && elapsed < timeout + 5, "waited \(elapsed) s for a timeout of \(timeout) s")
            #expect(try fixture.logBytes() == before)
        }
        let repair = try fixture.run(["repair"], environment: ["MEMBERSHIPS_LOCK_TIMEOUT": "0.2"])
        #expect(repair.status == 75 && repair.stderr.contains("process \(hung.pid)"), "\(repair)")
        // Readers do not wait.
        let status = try fixture.run(["status", "--format", "json"])
        #expect(status.succeeded, "\(status)")

        // Stopped, the hung writer's lock goes with it: the next writer appends at once.
        hung.send(SIGKILL)
        let ended = try hung.wait()
        #expect(ended.signaled && ended.status == SIGKILL && ended.stdout.isEmpty, "\(ended)")
        #expect(try fixture.logBytes() == before, "the hung writer wrote nothing")
        let after = try fixture.run(["append", "activity", "--member", "paris", "--date", "2015", "--title", "t"],
                                    environment: ["MEMBERSHIPS_LOCK_TIMEOUT": "5"])
        #expect(after.succeeded, "\(after)")
        try fixture.expectReceipt(after)
        #expect(try fixture.tornFiles().isEmpty)
    }

    @Test("a writer that cannot get the lock in time gives up with 75 and writes nothing; repair too")
    func lockTimeout() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            let before = try fixture.logBytes()
            // Another writer holds the lock (flock, as the tool's writers take it).
            let fd = open(fixture.logPath, O_RDONLY)
            try #require(fd >= 0)
            defer { close(fd) }
            try #require(flock(fd, LOCK_EX) == 0)
            let started = Date()
            let blocked = try fixture.run(["append", "activity", "--member", "paris", "--date", "2015", "--title", "t"],
                                          environment: ["MEMBERSHIPS_LOCK_TIMEOUT": "0.3"])
            #expect(blocked.status == 75, "\(blocked)")
            #expect(blocked.stderr.contains("lock"), "\(blocked.stderr)")
            #expect(Date().timeIntervalSince(started) < 10, "it gave up in about the time it was given")
            #expect(try fixture.logBytes() == before)
            let repair = try fixture.run(["repair"], environment: ["MEMBERSHIPS_LOCK_TIMEOUT": "0.3"])
            #expect(repair.status == 75, "\(repair)")
            // Readers do not need the lock.
            let verify = try fixture.run(["verify"])
            #expect(verify.succeeded, "\(verify)")
            // Once the lock is free, the append goes through.
            flock(fd, LOCK_UN)
            let after = try fixture.run(["append", "activity", "--member", "paris", "--date", "2015", "--title", "t"])
            #expect(after.succeeded, "\(after)")
            try fixture.expectReceipt(after)
        }
    }
}
