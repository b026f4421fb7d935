import Foundation
import Testing
@testable import Ledger

/// `verify` checks lines in order on one thread while later pieces are hashed and decoded
/// on the others: every piece must reach the checks exactly once, in order, whatever the
/// timing, and lines read back for an amendment must be the right ones.
@Suite("Pipeline: pieces decoded ahead, consumed in order")
struct PipelineTests {
    @Test("every range is consumed once, in order, for logs of 0 to many pieces",
          arguments: [0, 1, Parallel.piece - 1, Parallel.piece, Parallel.piece + 1,
                      Parallel.piece * (Pipeline.window + 3) + 17])
    func order(count: Int) {
        var seen: [Range<Int>] = []
        Pipeline.run(count, piece: Parallel.piece, { range in range }, consume: { seen.append($0) })
        #expect(seen.first?.lowerBound ?? 0 == 0)
        #expect(seen.last?.upperBound ?? 0 == count)
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(seen.allSatisfy { !$0.isEmpty && $0.count <= Parallel.piece })
    }

    @Test("a consumer slower than the transform still gets every result in order")
    func slowConsumer() {
        let count = Parallel.piece * (Pipeline.window * 2)
        var total = 0
        var next = 0
        Pipeline.run(count, piece: Parallel.piece, { range in range.reduce(0, &+) }, consume: { sum in
            // Busy work so the workers run ahead and meet the window.
            var x = 0
            for i in 0..<20_000 { x = x &+ i &* sum }
            #expect(x != 1 || sum == 0)
            let expected = (next..<min(count, next + Parallel.piece)).reduce(0, &+)
            #expect(sum == expected)
            next += Parallel.piece
            total &+= sum
        })
        #expect(next >= count)
        #expect(total == (0..<count).reduce(0, &+))
    }
}

extension ParallelReadTests {
    @Test("a correction in a later piece finds its target in an earlier one, also when a deleted line shifted it")
    func amendmentAcrossPieces() throws {
        let l = try bigLedger()
        try l.append(#"{"type":"correction","target":"a5","set":{"title":"t5, corrected"},"reason":"typo"}"#)
        #expect(Verifier.verify(bytes: l.logBytes).ok)

        // Delete line 3: every line after it sits one line before its seq. The chain breaks
        // there and the seqs are reported, but the correction still reads its target back
        // (by seq, found one line earlier) and checks it: nothing says it cannot be read.
        var lines = l.logBytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
        lines.remove(at: 2)
        let bytes: [UInt8] = lines.flatMap { $0 + [0x0A] }
        let report = Verifier.verify(bytes: bytes)
        #expect(report.problems.contains { $0.line == 3 && $0.message.contains("hash chain broken") })
        #expect(report.problems.contains { $0.line == 3 && $0.message.contains("seq 4 where 3 was expected") })
        #expect(!report.problems.contains { $0.message.contains("could not be read") }, "\(report.problems.suffix(3))")
        #expect(report.problems.count == 2, "\(report.problems.prefix(4))")
        // The same through the store: the log mapped, its lines read back with `pread`.
        try Data(bytes).write(to: URL(fileURLWithPath: l.store.logPath))
        let mapped = try Verifier.verify(l.store)
        #expect(mapped.problems == report.problems)

        // A correction whose target line is damaged cannot be checked, and says so.
        let target = try #require(lines.firstIndex { String(decoding: $0, as: UTF8.self).contains(#""id":"a5""#) })
        lines[target] = Array("{not json".utf8)
        let damaged = Verifier.verify(bytes: lines.flatMap { $0 + [0x0A] })
        #expect(damaged.problems.contains { $0.line == lines.count && $0.message.contains("a5") }, "\(damaged.problems.suffix(3))")
    }
}

extension ParallelReadTests {
    @Test("verify finds the lines a stretch of bytes at a time: the same report for stretches of any size, lines across their ends, \\r\\n, a torn tail, amendments reading lines back")
    func stretches() throws {
        let l = try TempLedger()
        try l.append(basics)
        let events = (1...300).map { #"{"id":"s\#($0)","type":"activity","member":"paris","date":"2016","title":"t\#($0)"}"# }
        try l.append(events.joined(separator: "\n"))
        try l.append(#"{"type":"correction","target":"s5","set":{"title":"t5, corrected"},"reason":"typo"}"#)
        try l.append(#"{"type":"retraction","target":"s7","reason":"a duplicate"}"#)
        var lines = l.logBytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
        // Damage: a line that is no event, one moved out of place (its seq elsewhere), lines
        // ended by \r\n, and a torn tail.
        lines[40] = Array("{not json".utf8)
        lines.swapAt(100, 101)
        let torn = Array(#"{"seq":999,"id":"to"#.utf8)
        let plain = Verifier.verify(bytes: lines.flatMap { $0 + [0x0A] } + torn)
        for k in stride(from: 3, to: lines.count, by: 17) { lines[k] += [0x0D] }
        let bytes = lines.flatMap { $0 + [0x0A] } + torn
        let whole = Verifier.verify(bytes: bytes)
        // A line ended by \r\n is the same line as one ended by \n.
        #expect(whole.problems == plain.problems && whole.head == plain.head)
        #expect(whole.problems.contains { $0.line == 41 })
        #expect(whole.problems.contains { $0.line == 101 && $0.message.contains("seq") })
        #expect(whole.problems.last?.message.contains("torn tail") == true)
        #expect(whole.problems.last?.line == lines.count + 1)
        #expect(whole.events == lines.count)
        for stretch in [1, 2, 7, 64, 333, 4096] {
            let report = bytes.withUnsafeBufferPointer { Verifier.verify(buffer: $0, file: nil, progress: nil, stretch: stretch) }
            #expect(report.problems == whole.problems, "stretch \(stretch)")
            #expect(report.events == whole.events && report.head == whole.head, "stretch \(stretch)")
        }
        // The same log as it was, undamaged, verifies in any stretches.
        for stretch in [1, 5, 100] {
            let clean = l.logBytes.withUnsafeBufferPointer { Verifier.verify(buffer: $0, file: nil, progress: nil, stretch: stretch) }
            #expect(clean.ok, "stretch \(stretch): \(clean.problems.prefix(2))")
        }
    }
}
