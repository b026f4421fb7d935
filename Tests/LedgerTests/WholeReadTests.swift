import Foundation
import Testing
@testable import Ledger

/// Reading a whole file or pipe (`FileIO.readAll`), and the byte checks `merge-driver` makes
/// on three whole logs (`LogMerge.startsWith`, `LogMerge.lineFeeds`).
@Suite("Whole files read, and logs compared in place")
struct WholeReadTests {
    /// `count` bytes that are not all alike.
    static func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    }

    @Test("a file of any size is read whole, byte for byte", arguments: [0, 1, 4095, 4096, 65537, 300_000])
    func file(size: Int) throws {
        let content = Self.bytes(size)
        let path = NSTemporaryDirectory() + "whole-\(UUID().uuidString)"
        try Data(content).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try FileIO.readAll(path) == content)
    }

    @Test("a pipe (no size known) is read to its end, across many reads")
    func pipe() throws {
        let content = Self.bytes(200_000)
        var ends: [Int32] = [0, 0]
        #expect(Glibc.pipe(&ends) == 0)
        let writeEnd = ends[1]
        let writer = Thread {
            content.withUnsafeBytes { buffer in
                var at = 0
                while at < buffer.count {
                    // Small writes: the reader meets the pipe empty and partly filled.
                    let n = write(writeEnd, buffer.baseAddress! + at, min(7_000, buffer.count - at))
                    if n <= 0 { break }
                    at += n
                }
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(ends[0]) }
        #expect(try FileIO.readAll(fd: ends[0], path: "<pipe>") == content)
    }

    @Test("a log starts with another's bytes, compared in place, at any length")
    func startsWith() {
        let base = Array("{\"seq\":1}\n{\"seq\":2}\n".utf8)
        let grown = base + Array("{\"seq\":3}\n".utf8)
        #expect(LogMerge.startsWith(grown, base, count: base.count))
        #expect(LogMerge.startsWith(base, base, count: base.count))
        #expect(LogMerge.startsWith([], base, count: 0))
        #expect(!LogMerge.startsWith(Array(base.dropLast()), base, count: base.count), "shorter")
        var changed = grown
        changed[base.count - 2] = UInt8(ascii: "3")
        #expect(!LogMerge.startsWith(changed, base, count: base.count), "one byte differs")
        #expect(LogMerge.startsWith(changed, base, count: base.count - 2), "before the byte that differs")
    }

    @Test("line feeds are counted within the bytes given, not past them")
    func lineFeeds() {
        let text = Array("a\nbb\n\nccc\r\nd".utf8)
        #expect(LogMerge.lineFeeds(text, count: text.count) == 4)
        #expect(LogMerge.lineFeeds(text, count: 2) == 1)
        #expect(LogMerge.lineFeeds(text, count: 1) == 0)
        #expect(LogMerge.lineFeeds(text, count: 0) == 0)
        #expect(LogMerge.lineFeeds([], count: 0) == 0)
        let many = Array(repeating: Array("x\n".utf8), count: 10_000).flatMap { $0 }
        #expect(LogMerge.lineFeeds(many, count: many.count) == LogLines.split(many).count)
    }
}
