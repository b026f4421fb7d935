import Foundation
import TestSupport
import Testing
@testable import Ledger
@testable import Projections

/// The timeline's rows, made in pieces on every core from the log's lines read back, against
/// the replay of the events themselves: the same rows in the same order, however the
/// pieces are cut, and no gap where a line can no longer be read.
@Suite("Timeline rows made in pieces")
struct TimelineRowsTests {
    @Test("the rows of every piece size are the events' own, in order; lines broken under the reader are left out",
          arguments: [1, 3, 7, 1 << 20])
    func pieces(piece: Int) throws {
        let ledger = try RandomLedger.make(seed: 41)
        let bytes: [UInt8] = ledger.events.flatMap { Array(EventEncoder.line($0)) + [0x0A] }
        let path = NSTemporaryDirectory() + "timeline-rows-\(UUID().uuidString).jsonl"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try MappedFile(path: path)
        let (log, _) = try FactLog.decode(file.bytes, file: "ledger.jsonl")
        let replay = Replay(log: log, source: LineSource(file: file, lineStarts: log.lineStarts ?? []), knownAt: nil)
        let asOf = Day(year: 2999, month: 12, day: 31)!
        let whole = Replay(events: ledger.events, knownAt: nil).timeline(asOf: asOf, member: nil, network: nil, from: nil, to: nil)
        #expect(whole.count > 20, "seed 41: too few rows to cut into pieces")
        let shown = replay.timelineIndexes(asOf: asOf, member: nil, network: nil, from: nil, to: nil)
        #expect(replay.timelineRows(shown, asOf: asOf, piece: piece) == whole, "piece \(piece)")
        // The same rows made a piece at a time as they are written.
        let lazy = replay.timelineRows(asOf: asOf, member: nil, network: nil, from: nil, to: nil)
        func inPieces() -> [TimelineRow] {
            stride(from: 0, to: lazy.count, by: piece).flatMap { lazy.rows(in: $0..<min(lazy.count, $0 + piece)) }
        }
        #expect(lazy.count == whole.count)
        #expect(inPieces() == whole, "piece \(piece)")

        // Lines changed under the reader (same length, no longer an event): every third
        // uncorrected row's, the first one's and the last one's.
        let uncorrected = whole.filter { !$0.corrected }
        var broken = Set(uncorrected.enumerated().filter { $0.offset % 3 == 1 }.map(\.element.seq))
        broken.formUnion([uncorrected.first!.seq, uncorrected.last!.seq])
        var changed = bytes
        var line = 1, start = 0
        for (i, byte) in bytes.enumerated() where byte == 0x0A {
            if broken.contains(line) { for k in start..<i { changed[k] = UInt8(ascii: "#") } }
            line += 1
            start = i + 1
        }
        try Data(changed).write(to: URL(fileURLWithPath: path))
        #expect(replay.timelineRows(shown, asOf: asOf, piece: piece) == whole.filter { !broken.contains($0.seq) }, "piece \(piece)")
        #expect(inPieces() == whole.filter { !broken.contains($0.seq) }, "piece \(piece)")
    }
}
