import Dispatch
import Testing
@testable import Ledger

@Suite("where the lines start")
struct LogLinesTests {
    /// The starts and end by the plainest reading: one byte at a time.
    private func expected(_ bytes: [UInt8]) -> (starts: [Int], end: Int) {
        var starts: [Int] = []
        var start = 0
        for (k, byte) in bytes.enumerated() where byte == 0x0A {
            starts.append(start)
            start = k + 1
        }
        return (starts, start)
    }

    /// The ranges reported scanned, from any thread.
    private final class Scanned: @unchecked Sendable {
        private let queue = DispatchQueue(label: "scanned")
        private var ranges: [Range<Int>] = []
        func add(_ range: Range<Int>) { queue.sync { ranges.append(range) } }
        var sorted: [Range<Int>] { queue.sync { ranges.sorted { $0.lowerBound < $1.lowerBound } } }
    }

    private func starts(_ bytes: [UInt8], stretch: Int) -> (starts: [Int], end: Int, scanned: [Range<Int>]) {
        let seen = Scanned()
        let (starts, end) = bytes.withUnsafeBufferPointer { buffer in
            LogLines.starts(buffer, stretch: stretch) { seen.add($0) }
        }
        return (starts, end, seen.sorted)
    }

    @Test("stretches of any size give the starts of one plain scan; a torn tail is left out; every byte is reported scanned once")
    func stretches() {
        var random = SystemRandomNumberGenerator()
        for trial in 0..<300 {
            let length = Int.random(in: 0...400, using: &random)
            // Lines of 0–12 bytes (empty lines too), newlines at every stretch boundary now and then.
            var bytes: [UInt8] = []
            while bytes.count < length {
                bytes += Array(repeating: UInt8(ascii: "x"), count: Int.random(in: 0...12, using: &random))
                bytes.append(0x0A)
            }
            if trial % 3 == 0 { bytes += Array("{\"torn".utf8) }
            if trial % 7 == 0 { bytes = bytes.map { $0 == 0x0A ? 0x0A : UInt8(ascii: "y") } }
            for stretch in [1, 2, 3, 7, 16, 64, 1 << 24] {
                let got = starts(bytes, stretch: stretch)
                let want = expected(bytes)
                #expect(got.starts == want.starts, "stretch \(stretch), \(bytes.count) bytes")
                #expect(got.end == want.end, "stretch \(stretch)")
                var next = 0
                for range in got.scanned {
                    #expect(range.lowerBound == next, "stretch \(stretch): scanned ranges are contiguous")
                    next = range.upperBound
                }
                #expect(next == bytes.count, "stretch \(stretch): every byte reported scanned")
            }
        }
    }

    @Test("no newline at all: no complete line; an empty buffer: none either")
    func noLines() {
        #expect(starts(Array("{\"seq\":1".utf8), stretch: 2).starts.isEmpty)
        #expect(starts(Array("{\"seq\":1".utf8), stretch: 2).end == 0)
        #expect(starts([], stretch: 2).starts.isEmpty)
        #expect(starts([0x0A], stretch: 1).starts == [0])
        #expect(starts([0x0A], stretch: 1).end == 1)
    }

    /// The lines by the plainest reading: one byte at a time.
    private func expectedLines(_ bytes: [UInt8]) -> [LogLine] {
        var lines: [LogLine] = []
        var start = 0
        for (k, byte) in bytes.enumerated() where byte == 0x0A {
            let end = k > start && bytes[k - 1] == 0x0D ? k - 1 : k
            lines.append(LogLine(number: lines.count + 1, range: start..<end, terminated: true))
            start = k + 1
        }
        if start < bytes.count { lines.append(LogLine(number: lines.count + 1, range: start..<bytes.count, terminated: false)) }
        return lines
    }

    @Test("split in stretches of any size: every line numbered, its \\r\\n left out, a torn tail kept unterminated")
    func split() {
        var random = SystemRandomNumberGenerator()
        for trial in 0..<300 {
            var bytes: [UInt8] = []
            let length = Int.random(in: 0...300, using: &random)
            while bytes.count < length {
                bytes += Array(repeating: UInt8(ascii: "x"), count: Int.random(in: 0...9, using: &random))
                // Some lines end in \r\n, some hold a lone \r, some are empty.
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes += [0x0D, 0x0A]
                case 1: bytes += [0x0D, UInt8(ascii: "x"), 0x0A]
                default: bytes.append(0x0A)
                }
            }
            if trial % 3 == 0 { bytes += Array("{\"torn\r".utf8) }
            if trial % 5 == 0 { bytes = [0x0D, 0x0A] + bytes }
            let want = expectedLines(bytes)
            for stretch in [1, 2, 5, 16, 1 << 24] {
                let got = bytes.withUnsafeBufferPointer { LogLines.split($0, stretch: stretch) }
                #expect(got == want, "stretch \(stretch), \(bytes.count) bytes")
                // About as many lines as there are, estimated from samples of the bytes.
                let estimate = bytes.withUnsafeBufferPointer { LogLines.estimatedCount($0, end: LogLines.completeEnd($0)) }
                #expect(estimate == want.filter(\.terminated).count, "\(bytes.count) bytes: all counted")
            }
        }
        // A large buffer's count is estimated from sixteen samples, a little over.
        let large = (0..<40_000).flatMap { Array("line \($0) \(String(repeating: "x", count: $0 % 50))\n".utf8) }
        let estimate = large.withUnsafeBufferPointer { LogLines.estimatedCount($0, end: $0.count) }
        #expect(estimate >= 40_000 && estimate <= 40_000 * 115 / 100, "\(estimate) for 40,000 lines")
        #expect(([] as [UInt8]).withUnsafeBufferPointer { LogLines.split($0) }.isEmpty)
        #expect(Array("no newline".utf8).withUnsafeBufferPointer { LogLines.split($0) } == [LogLine(number: 1, range: 0..<10, terminated: false)])
    }
}
