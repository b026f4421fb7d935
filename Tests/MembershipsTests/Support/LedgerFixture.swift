import Foundation
import Testing
@testable import Ledger

/// A ledger made with `memberships init` in a temporary directory, and ways to look at it
/// from outside: its bytes, its lines, and the receipts the tool prints.
struct LedgerFixture {
    /// The temporary directory the test works in (input files go here).
    let workspace: String
    /// The ledger directory (`workspace/ledger`).
    let root: String

    var logPath: String { root + "/Events/ledger.jsonl" }
    var eventsPath: String { root + "/Events" }

    /// The reference data most tests need: network `c40`, member `paris`, and Paris's
    /// membership of C40 since 2005 (id `paris-c40`).
    static let standardLines = [
        #"{"id":"net-c40","type":"network","network":"c40","name":"C40 Cities","kind":"network"}"#,
        #"{"id":"mem-paris","type":"member","member":"paris","name":"Paris","kind":"city","country":"FR"}"#,
        #"{"id":"paris-c40","type":"membership","member":"paris","network":"c40","date":"2005"}"#,
    ]

    /// Creates a ledger in `workspace/ledger`, and appends `standardLines` when `standard`.
    static func make(in workspace: String, standard: Bool = true,
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> LedgerFixture {
        let fixture = LedgerFixture(workspace: workspace, root: workspace + "/ledger")
        let created = try Binary.run(["init", fixture.root, "--name", "Test ledger"], sourceLocation: sourceLocation)
        try #require(created.succeeded, "init failed: \(created)", sourceLocation: sourceLocation)
        if standard {
            let appended = try fixture.run(["append"], stdin: Array(standardLines.joined(separator: "\n").utf8) + [0x0A],
                                           sourceLocation: sourceLocation)
            try #require(appended.succeeded, "setup append failed: \(appended)", sourceLocation: sourceLocation)
        }
        return fixture
    }

    /// Makes a ledger at `root` whose log holds `lines` (each ended by `\n`), written as
    /// they are: no `init`, no check.
    static func makeLedger(_ root: String, _ lines: ArraySlice<[UInt8]>) throws {
        try FileManager.default.createDirectory(atPath: root + "/Events", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/Snapshots", withIntermediateDirectories: true)
        try Data(lines.joined()).write(to: URL(fileURLWithPath: root + "/Events/ledger.jsonl"))
    }

    /// Runs `memberships --ledger ROOT arguments…`.
    @discardableResult
    func run(_ arguments: [String], stdin: [UInt8]? = nil, environment: [String: String] = [:],
             sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        try Binary.run(["--ledger", root] + arguments, stdin: stdin, environment: environment,
                       directory: workspace, sourceLocation: sourceLocation)
    }

    /// Writes `bytes` to `workspace/name` and returns the path.
    @discardableResult
    func writeInput(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = workspace + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes JSON lines (each ended by `\n`) to `workspace/name` and returns the path.
    @discardableResult
    func writeInput(_ name: String, lines: [String]) throws -> String {
        try writeInput(name, Array(lines.map { $0 + "\n" }.joined().utf8))
    }

    /// The log's bytes exactly as stored.
    func logBytes() throws -> [UInt8] {
        try LedgerFixture.readBytes(logPath)
    }

    /// A file's bytes (copied in one go: iterating `Data` byte by byte is slow in a debug build).
    static func readBytes(_ path: String) throws -> [UInt8] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.withUnsafeBytes { Array($0) }
    }

    /// The log's complete lines, without their `\n`.
    func lines() throws -> [[UInt8]] {
        LedgerFixture.completeLines(try logBytes())
    }

    /// The complete (newline-ended) lines of `bytes`, without their `\n`.
    static func completeLines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            while start < buffer.count, let found = memchr(base + start, 0x0A, buffer.count - start) {
                let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                lines.append(Array(UnsafeBufferPointer(rebasing: buffer[start..<index])))
                start = index + 1
            }
        }
        return lines
    }

    /// The log's lines parsed with Foundation's JSON parser (an independent reader).
    func objects(sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        try lines().enumerated().map { index, line in
            let value = try JSONSerialization.jsonObject(with: Data(line))
            return try #require(value as? [String: Any], "line \(index + 1) is not a JSON object",
                                sourceLocation: sourceLocation)
        }
    }

    /// Files in `Events/` whose names start with `ledger.jsonl.torn-`.
    func tornFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: eventsPath)
            .filter { $0.hasPrefix("ledger.jsonl.torn-") }
            .sorted()
            .map { eventsPath + "/" + $0 }
    }

    /// Checks the receipt a write printed: `seq N <hash>` where N is the number of lines
    /// in the log and the hash is the SHA-256 of the last line's bytes.
    func expectReceipt(_ result: RunResult, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let head = try #require(result.head, "no 'seq N <hash>' receipt in stdout: \(result)",
                                sourceLocation: sourceLocation)
        let lines = try lines()
        #expect(head.seq == lines.count, "receipt seq \(head.seq), log has \(lines.count) lines",
                sourceLocation: sourceLocation)
        let last = try #require(lines.last, sourceLocation: sourceLocation)
        #expect(head.hash == SHA256.hash(last).hex, "receipt hash is not the SHA-256 of the last line",
                sourceLocation: sourceLocation)
    }
}

/// Bytes that a terminal would act on: C0 controls other than `\n`, DEL and the C1 range
/// (as UTF-8, U+0080–U+009F are `C2 80`–`C2 9F`).
func rawControlBytes(_ bytes: [UInt8]) -> [UInt8] {
    var found: [UInt8] = []
    for (index, byte) in bytes.enumerated() {
        if (byte < 0x20 && byte != 0x0A) || byte == 0x7F { found.append(byte) }
        if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) { found.append(bytes[index + 1]) }
    }
    return found
}

/// Whether the first `count` bytes of `a` and `b` are equal (memcmp: fast in a debug build).
func samePrefix(_ a: [UInt8], _ b: [UInt8], count: Int) -> Bool {
    guard a.count >= count, b.count >= count else { return false }
    guard count > 0 else { return true }
    return a.withUnsafeBytes { x in b.withUnsafeBytes { y in memcmp(x.baseAddress!, y.baseAddress!, count) == 0 } }
}

extension LedgerFixture {
    /// The log `bytes` with line `k`'s note changed and every later line's `prev` chained to
    /// it again: a rewrite that the hash chain alone cannot show.
    static func rechained(_ bytes: [UInt8], noting note: String, at k: Int) throws -> [UInt8] {
        var (events, _) = try LogReader.events(in: bytes, file: LedgerStore.logName)
        events[k - 1].note = note
        var out: [UInt8] = []
        var prev = SHA256Digest.zero
        for var event in events {
            event.prev = prev
            let line = EventEncoder.line(event)
            out += line + [0x0A]
            prev = SHA256.hash(line)
        }
        return out
    }
}
