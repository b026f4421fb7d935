import Testing
@testable import Ledger

/// Large logs are decoded and verified in pieces on every core: the results must be the
/// same as line by line, and problems must keep their line numbers.
@Suite("Reading large logs in pieces")
struct ParallelReadTests {
    static let lines = Parallel.piece + 1500

    func bigLedger() throws -> TempLedger {
        let l = try TempLedger()
        try l.append(basics)
        let events = (1...Self.lines).map { #"{"id":"a\#($0)","type":"activity","member":"paris","date":"2016","title":"t\#($0)"}"# }
        try l.append(events.joined(separator: "\n"))
        return l
    }

    @Test("every event comes back in order, and the head is the last line's")
    func decode() throws {
        let l = try bigLedger()
        let (events, head) = try LogReader.events(in: l.logBytes, file: "x")
        #expect(events.count == Self.lines + 6)
        #expect(events.map(\.seq) == Array(1...(Self.lines + 6)))
        let last = l.logBytes.split(separator: 0x0A).last!
        #expect(head == Head(seq: Self.lines + 6, hash: SHA256.hash(Array(last))))
        #expect(Verifier.verify(bytes: l.logBytes).ok)
    }

    @Test("a bad line in a later piece is reported with its own line number")
    func problemsKeepTheirLines() throws {
        let l = try bigLedger()
        var lines = l.logBytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
        let target = Parallel.piece + 700
        lines[target - 1] = Array("{not json".utf8)
        let bytes: [UInt8] = lines.flatMap { $0 + [0x0A] }
        #expect(Self.firstBadLine(bytes) == target)
        let report = Verifier.verify(bytes: bytes)
        #expect(report.problems.contains { $0.line == target && $0.message.contains("invalid JSON") })
        #expect(report.problems.contains { $0.line == target + 1 && $0.message.contains("hash chain broken") })
    }

    /// The line `LogReader` rejects, if any.
    static func firstBadLine(_ bytes: [UInt8]) -> Int? {
        do {
            _ = try LogReader.events(in: bytes, file: "x")
            return nil
        } catch {
            return error.line
        }
    }
}
