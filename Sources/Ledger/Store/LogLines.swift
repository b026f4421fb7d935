#if canImport(Glibc)
import Glibc
#endif

/// One line of a JSON-lines file: where its bytes are, without the terminator.
public struct LogLine: Sendable, Equatable {
    /// 1-based line number.
    public let number: Int
    /// The line's bytes, without `\n` or `\r\n`.
    public let range: Range<Int>
    /// False for a final line with no `\n`: a torn write.
    public let terminated: Bool
}

/// Splits bytes on `\n` (accepting `\r\n`), keeping a final partial line visible.
public enum LogLines {
    public static func split(_ bytes: [UInt8]) -> [LogLine] {
        bytes.withUnsafeBufferPointer { split($0) }
    }

    /// Where each complete line (one ended by `\n`) starts, and the offset just after the
    /// last complete line's `\n`: a torn final line is left out.
    /// - Parameter scanned: told of each 32 MiB scanned, so a mapped file's pages can be
    ///   handed back as the scan goes.
    public static func starts(_ buffer: UnsafeBufferPointer<UInt8>,
                              scanned: (Range<Int>) -> Void = { _ in }) -> (starts: [Int], end: Int) {
        var starts: [Int] = []
        guard let base = buffer.baseAddress else { return (starts, 0) }
        starts.reserveCapacity(buffer.count / 200 + 16)
        HugePages.advise(&starts)
        var start = 0
        var reported = 0
        while start < buffer.count {
            guard let found = memchr(base + start, 0x0A, buffer.count - start) else { break }
            starts.append(start)
            start = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base + 1
            if start - reported >= 1 << 25 {
                scanned(reported..<start)
                reported = start
            }
        }
        scanned(reported..<buffer.count)
        return (starts, start)
    }

    /// Splits bytes on `\n` (`memchr`, so the scan runs at memory speed).
    public static func split(_ buffer: UnsafeBufferPointer<UInt8>) -> [LogLine] {
        var lines: [LogLine] = []
        guard let base = buffer.baseAddress else { return lines }
        var start = 0
        var number = 1
        while start < buffer.count {
            let found = memchr(base + start, 0x0A, buffer.count - start)
            let end = found.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? buffer.count
            let terminated = end < buffer.count
            var contentEnd = end
            if terminated && contentEnd > start && buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            lines.append(LogLine(number: number, range: start..<contentEnd, terminated: terminated))
            number += 1
            start = end + 1
        }
        return lines
    }
}

/// A position in the log: the seq of its last complete line and that line's SHA-256.
/// It commits to the whole history, and every write prints it as a receipt.
public struct Head: Sendable, Equatable, CustomStringConvertible {
    public let seq: Int
    public let hash: SHA256Digest
    public init(seq: Int, hash: SHA256Digest) {
        self.seq = seq
        self.hash = hash
    }
    /// The head of an empty log.
    public static let empty = Head(seq: 0, hash: .zero)
    public var description: String { "seq \(seq) \(hash.hex)" }
}
