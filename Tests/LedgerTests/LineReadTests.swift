import Foundation
import Testing
@testable import Ledger

/// Reading one line back from a file by its offset (`FileIO.line`), as the views read an
/// event's line: short lines in one read, long ones in growing reads, CRLF ends dropped,
/// and no line where none is complete.
@Suite("One line read back by its offset")
struct LineReadTests {
    @Test("lines of every length around the first read's size, LF and CRLF; a torn last line and offsets past the end give none")
    func lengths() throws {
        let lengths = [0, 1, 511, 512, 513, 1022, 1023, 1024, 1025, 2047, 5000]
        var bytes: [UInt8] = [], starts: [(offset: Int, line: [UInt8])] = []
        for (k, length) in lengths.enumerated() {
            let line = (0..<length).map { UInt8(ascii: "a") + UInt8(($0 + k) % 26) }
            starts.append((bytes.count, line))
            bytes += line + (k % 2 == 0 ? [0x0A] : [0x0D, 0x0A])
        }
        let torn = bytes.count
        bytes += Array("{\"torn\":".utf8)
        let path = NSTemporaryDirectory() + "lines-\(UUID().uuidString).jsonl"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_RDONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        for (offset, line) in starts {
            #expect(FileIO.line(fd: fd, at: offset, size: bytes.count) == line, "a line of \(line.count) bytes")
        }
        #expect(FileIO.line(fd: fd, at: torn, size: bytes.count) == nil)
        #expect(FileIO.line(fd: fd, at: bytes.count, size: bytes.count) == nil)
        #expect(FileIO.line(fd: fd, at: -1, size: bytes.count) == nil)
        // Only the first `size` bytes count: a line complete beyond them is not.
        let last = starts[starts.count - 1]
        #expect(FileIO.line(fd: fd, at: last.offset, size: last.offset + 100) == nil)
        #expect(FileIO.line(fd: fd, at: starts[1].offset, size: starts[1].offset + 1) == nil)
    }
}
