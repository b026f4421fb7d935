import Dispatch
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
    ///
    /// A large buffer is scanned in 16 MiB stretches on every core (each stretch takes the
    /// lines that start in it); the stretches' starts are then joined in order.
    /// - Parameters:
    ///   - stretch: the bytes each core scans at a time (tests make it small).
    ///   - scanned: told of each stretch once scanned (from the thread that scanned it), so a
    ///     mapped file's pages can be handed back as the scan goes.
    public static func starts(_ buffer: UnsafeBufferPointer<UInt8>, stretch: Int = 1 << 24,
                              scanned: @Sendable (Range<Int>) -> Void = { _ in }) -> (starts: [Int], end: Int) {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return ([], 0) }
        let count = buffer.count
        let end = completeEnd(buffer)
        guard end > 0 else {
            scanned(0..<count)
            return ([], 0)
        }
        let stretches = (end + stretch - 1) / stretch
        nonisolated(unsafe) let pointer = base
        /// The starts of the lines that start in `lower..<upper` (all complete: they end by `end`).
        @Sendable func scan(_ lower: Int, _ upper: Int) -> [Int] {
            var found: [Int] = []
            found.reserveCapacity((upper - lower) / 200 + 16)
            var start = lineStart(atOrAfter: lower, in: pointer, end: end)
            while start < upper {
                found.append(start)
                start = lineEnd(from: start, in: pointer, end: end)
            }
            scanned(lower..<min(upper, count))
            return found
        }
        if stretches <= 1 {
            let starts = scan(0, end)
            if end < count { scanned(end..<count) }
            return (starts, end)
        }
        var pieces = [[Int]](repeating: [], count: stretches)
        pieces.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: stretches) { p in
                out[p] = scan(p * stretch, min(end, (p + 1) * stretch))
            }
        }
        if end < count { scanned(end..<count) }
        var starts: [Int] = []
        starts.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
        HugePages.advise(&starts)
        for piece in pieces { starts.append(contentsOf: piece) }
        return (starts, end)
    }

    /// About how many complete lines the first `end` bytes of `buffer` hold (`end` following a
    /// `\n`), a little over: the newlines of sixteen samples of 64 KiB spread over them, scaled
    /// (all of them counted when they are fewer than 1 MiB). For sizing a table before a pass
    /// that finds the lines as it goes; a count that proves low only costs that table a growth.
    static func estimatedCount(_ buffer: UnsafeBufferPointer<UInt8>, end: Int) -> Int {
        guard let base = buffer.baseAddress, end > 0 else { return 0 }
        func newlines(_ range: Range<Int>) -> Int {
            var found = 0, at = range.lowerBound
            while at < range.upperBound, let hit = memchr(base + at, 0x0A, range.upperBound - at) {
                found += 1
                at = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base + 1
            }
            return found
        }
        let sample = 1 << 16, samples = 16
        guard end > sample * samples else { return newlines(0..<end) }
        var found = 0
        for k in 0..<samples {
            let lower = (end - sample) / (samples - 1) * k
            found += newlines(lower..<lower + sample)
        }
        return Int(Double(found) / Double(sample * samples) * Double(end) * 1.05) + 16
    }

    /// The offset just after the last `\n` of `buffer` (0 when there is none): what follows
    /// it is a torn line.
    static func completeEnd(_ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var end = buffer.count
        while end > 0 && buffer[end - 1] != 0x0A { end -= 1 }
        return end
    }

    /// Where the first line that starts at or after `offset` starts, in bytes at `base` whose
    /// last complete line ends at `end` (`end` when none starts before it): just after a `\n`
    /// at `offset - 1` or later.
    static func lineStart(atOrAfter offset: Int, in base: UnsafePointer<UInt8>, end: Int) -> Int {
        guard offset > 0 else { return 0 }
        guard offset < end else { return end }
        return lineEnd(from: offset - 1, in: base, end: end)
    }

    /// Just after the `\n` that ends the line through `offset` (< `end`, which follows a `\n`).
    static func lineEnd(from offset: Int, in base: UnsafePointer<UInt8>, end: Int) -> Int {
        UnsafePointer(memchr(base + offset, 0x0A, end - offset)!.assumingMemoryBound(to: UInt8.self)) - base + 1
    }

    /// The bytes of the line that starts at `start`, where the next one starts at `next`
    /// (just after its `\n`), without the `\n` and a `\r` before it.
    @inline(__always)
    static func content(from start: Int, to next: Int, in base: UnsafePointer<UInt8>) -> Range<Int> {
        var end = next - 1
        if end > start && base[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }

    /// The bytes (as `content` gives them) of each complete line that starts in `stretch` of
    /// the bytes at `base`, whose last complete line ends at `end`: a line that runs past the
    /// stretch is still its own. For a pass that takes a log a stretch at a time (`verify`).
    static func lineRanges(startingIn stretch: Range<Int>, in base: UnsafePointer<UInt8>, end: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(stretch.count / 256 + 16)
        var start = lineStart(atOrAfter: stretch.lowerBound, in: base, end: end)
        while start < stretch.upperBound {
            let next = lineEnd(from: start, in: base, end: end)
            ranges.append(content(from: start, to: next, in: base))
            start = next
        }
        return ranges
    }

    /// Splits bytes on `\n`, at memory speed on every core (`starts`): a line's range leaves
    /// out its `\n` and a `\r` before it; a final line with no `\n` is kept, not terminated.
    /// - Parameter stretch: the bytes each core scans at a time (tests make it small).
    public static func split(_ buffer: UnsafeBufferPointer<UInt8>, stretch: Int = 1 << 24) -> [LogLine] {
        let (starts, end) = starts(buffer, stretch: stretch)
        var lines: [LogLine] = []
        lines.reserveCapacity(starts.count + 1)
        for (k, start) in starts.enumerated() {
            // Each complete line ends just before the next one starts (the last, at `end`).
            let next = k + 1 < starts.count ? starts[k + 1] : end
            lines.append(LogLine(number: k + 1, range: content(from: start, to: next, in: buffer.baseAddress!), terminated: true))
        }
        if end < buffer.count {
            lines.append(LogLine(number: starts.count + 1, range: end..<buffer.count, terminated: false))
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
