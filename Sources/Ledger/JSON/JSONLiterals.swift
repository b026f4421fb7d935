import ByteScan
import Dispatch

/// A table of strings written out once as JSON string literals (quoted and escaped as
/// `JSONWriter.writeString` writes them), by index: a writer of many rows copies each
/// string's literal rather than checking and escaping the string again on every row, and
/// reads no `String` (so counts no reference to one, from any core).
package struct JSONLiterals: @unchecked Sendable {
    /// The literals back to back; literal k is `bytes[starts[k]..<starts[k + 1]]`.
    /// Read in place by writers in other modules (stored, so read with no call). The bytes
    /// are followed by 16 more, so a short literal can be read as two 8-byte words.
    package let bytes: UnsafePointer<UInt8>
    package let starts: UnsafePointer<Int32>
    package let count: Int
    /// The length of the longest literal (0 when there is none): what a writer that reckons
    /// a row's room at most, rather than literal by literal, counts on.
    package let longest: Int
    /// Owns the memory both point into.
    private let storage: Storage

    /// The literals of `count` strings, the k-th given as UTF-8 by `string(k)` (bytes that
    /// are not UTF-8 are repaired, as `String(decoding:as:)` does). Made in pieces on every
    /// core.
    ///
    /// Two passes, no piece's array grown and copied: each literal's length first (a string of
    /// ASCII that needs no escape is itself between quotes; any other is written out by the
    /// general writer, aside), then every literal copied where it goes in one allocation. A
    /// snapshot's status names a hundred thousand strings and more before its first row.
    package init(count: Int, string: @Sendable (Int) -> UnsafeRawBufferPointer) {
        let piece = 4096, pieces = (count + piece - 1) / piece
        // Pass 1: each piece's literal ends (counted from the piece's start) and its strings
        // that need escapes or are not ASCII, written out.
        let pieceEnds = UnsafeMutablePointer<Int32>.allocate(capacity: count + 1)
        defer { pieceEnds.deallocate() }
        nonisolated(unsafe) let ends = pieceEnds
        var asides = [[Int: [UInt8]]](repeating: [:], count: pieces)
        var totals = [Int](repeating: 0, count: pieces)
        asides.withUnsafeMutableBufferPointer { asides in
            totals.withUnsafeMutableBufferPointer { totals in
                nonisolated(unsafe) let asides = asides, totals = totals
                DispatchQueue.concurrentPerform(iterations: pieces) { p in
                    var end = 0, aside: [Int: [UInt8]] = [:]
                    for k in p * piece..<min(count, (p + 1) * piece) {
                        let bytes = string(k).assumingMemoryBound(to: UInt8.self)
                        if bytes.count > 0, byte_scan_string_stop(bytes.baseAddress!, bytes.count) < bytes.count {
                            var out: [UInt8] = []
                            JSONLiterals.append(bytes, into: &out)
                            end += out.count
                            aside[k] = out
                        } else {
                            end += bytes.count + 2
                        }
                        ends[k + 1] = Int32(truncatingIfNeeded: end)
                    }
                    asides[p] = aside
                    totals[p] = end
                }
            }
        }
        let total = totals.reduce(0, +)
        precondition(total < Int(Int32.max), "literals of under 2 GB")
        var bases = [Int](repeating: 0, count: pieces)
        for p in 1..<max(1, pieces) { bases[p] = bases[p - 1] + totals[p - 1] }
        // Pass 2: every literal copied to its place, and its end made absolute.
        let storage = Storage(bytes: total, count: count)
        storage.starts[0] = 0
        let offsets = bases, written = asides
        DispatchQueue.concurrentPerform(iterations: pieces) { p in
            let base = offsets[p], aside = written[p]
            var at = base
            for k in p * piece..<min(count, (p + 1) * piece) {
                let to = storage.bytes + at
                if let out = aside[k] {
                    out.withUnsafeBufferPointer { to.update(from: $0.baseAddress!, count: $0.count) }
                } else {
                    let bytes = string(k).assumingMemoryBound(to: UInt8.self)
                    to[0] = UInt8(ascii: "\"")
                    if bytes.count > 0 { (to + 1).update(from: bytes.baseAddress!, count: bytes.count) }
                    to[bytes.count + 1] = UInt8(ascii: "\"")
                }
                at = base + Int(ends[k + 1])
                storage.starts[k + 1] = Int32(at)
            }
        }
        self.init(storage: storage, count: count)
    }

    /// The literals of `strings`, in order.
    package init(_ strings: [String]) {
        self.init(count: strings.count) { k, out in JSONWriter.writeString(strings[k], into: &out) }
    }

    /// `count` literals, the k-th appended by `literal(k, &bytes)` (with `append`).
    package init(count: Int, literal: @Sendable (Int, inout [UInt8]) -> Void) {
        let piece = 4096, pieces = (count + piece - 1) / piece
        var made = [(bytes: [UInt8], ends: [Int32])](repeating: ([], []), count: pieces)
        made.withUnsafeMutableBufferPointer { made in
            nonisolated(unsafe) let made = made
            DispatchQueue.concurrentPerform(iterations: pieces) { p in
                var bytes: [UInt8] = [], ends: [Int32] = []
                let range = p * piece..<min(count, (p + 1) * piece)
                bytes.reserveCapacity(range.count * 16)
                ends.reserveCapacity(range.count)
                for k in range {
                    literal(k, &bytes)
                    ends.append(Int32(bytes.count))
                }
                made[p] = (bytes, ends)
            }
        }
        let total = made.reduce(0) { $0 + $1.bytes.count }
        precondition(total < Int(Int32.max), "literals of under 2 GB")
        let storage = Storage(bytes: total, count: count)
        var at = 0, k = 0
        storage.starts[0] = 0
        for (bytes, ends) in made {
            bytes.withUnsafeBufferPointer { storage.bytes.advanced(by: at).update(from: $0.baseAddress!, count: $0.count) }
            for end in ends {
                k += 1
                storage.starts[k] = Int32(at) + end
            }
            at += bytes.count
        }
        self.init(storage: storage, count: count)
    }

    /// The `count` literals laid out in `storage` (their starts all written).
    private init(storage: Storage, count: Int) {
        self.storage = storage
        bytes = UnsafePointer(storage.bytes)
        starts = UnsafePointer(storage.starts)
        self.count = count
        var longest: Int32 = 0
        for k in 0..<count { longest = max(longest, storage.starts[k + 1] - storage.starts[k]) }
        self.longest = Int(longest)
    }

    /// The length of literal `k`, quotes included.
    package func length(_ k: Int32) -> Int { Int(starts[Int(k) + 1] - starts[Int(k)]) }

    /// The literal of `k`, as bytes.
    package func literal(_ k: Int32) -> [UInt8] {
        Array(UnsafeBufferPointer(start: bytes + Int(starts[Int(k)]), count: length(k)))
    }

    /// Appends the literal of the UTF-8 `string` to `out` (bytes that are not UTF-8 are
    /// repaired, as `String(decoding:as:)` does).
    package static func append(_ string: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        for byte in string where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte >= 0x80 {
            // Escapes, non-ASCII or bytes to repair: as the general writer writes the string.
            JSONWriter.writeString(String(decoding: string, as: UTF8.self), into: &out)
            return
        }
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: string)
        out.append(UInt8(ascii: "\""))
    }

    private final class Storage: @unchecked Sendable {
        let bytes: UnsafeMutablePointer<UInt8>
        let starts: UnsafeMutablePointer<Int32>

        init(bytes: Int, count: Int) {
            // 16 bytes more, so that a writer may read a short literal as 16 bytes at the end.
            self.bytes = .allocate(capacity: bytes + 16)
            self.bytes.advanced(by: bytes).initialize(repeating: 0, count: 16)
            starts = .allocate(capacity: count + 1)
        }

        deinit {
            bytes.deallocate()
            starts.deallocate()
        }
    }
}
