#if canImport(Glibc)
import Glibc
#endif

/// Strings stored once and named by a small integer: the slugs, milestone names, badges and
/// dates (as written) of a replayed log.
///
/// The fold compares and hashes these integers instead of strings. Bytes are kept in one
/// arena and looked up by an open-addressing table, so interning a string read from a line
/// creates no `String` and allocates nothing once the string is known.
public struct Interner: Sendable {
    /// The handle of "no string".
    public static let none: Int32 = -1

    private var arena: [UInt8] = []
    private var spans: [(start: Int32, count: Int32)] = []
    private var hashes: [UInt64] = []
    /// Open addressing: entry index + 1, 0 for an empty slot.
    private var slots: [Int32] = Array(repeating: 0, count: 1024)
    /// The handle last returned for each kind of string a decoder names (`intern(_:recent:)`).
    private var recent = InlineArray<4, Int32>(repeating: Interner.none)

    public init() {}

    /// How many strings are stored.
    public var count: Int { spans.count }

    /// Makes room for `strings` more strings of `bytes` bytes in all without moving what is
    /// stored (address space: the pages are touched as the strings come). The slots' table
    /// still grows as it fills.
    mutating func reserveCapacity(strings: Int, bytes: Int) {
        arena.reserveCapacity(arena.count + bytes)
        spans.reserveCapacity(spans.count + strings)
        hashes.reserveCapacity(hashes.count + strings)
    }

    /// The `count` strings whose bytes are in `arena`, the k-th where `span(k)` says, with
    /// handles 0..<count in that order; nil when a span leaves the arena or a string
    /// repeats. Sized once, copied once: what reading a snapshot's strings needs.
    init?(arena: UnsafeRawBufferPointer, count: Int, span: (Int) -> (start: Int, length: Int)) {
        self.arena = Array(arena)
        spans.reserveCapacity(count)
        hashes.reserveCapacity(count)
        var size = 1024
        while size < 2 * count + 2 { size *= 2 }
        slots = Array(repeating: 0, count: size)
        for k in 0..<count {
            let (start, length) = span(k)
            guard start >= 0, length >= 0, start <= self.arena.count - length else { return nil }
            let place = self.arena.withUnsafeBufferPointer { bytes -> (hash: UInt64, slot: Int)? in
                let string = UnsafeBufferPointer(rebasing: bytes[start..<start + length])
                let hash = Interner.hash(string)
                let (found, slot) = locate(string, hash: hash)
                return found == nil ? (hash, slot) : nil
            }
            guard let place else { return nil }
            slots[place.slot] = Int32(k + 1)
            spans.append((Int32(start), Int32(length)))
            hashes.append(place.hash)
        }
    }

    /// The handle of `bytes`, adding them if new.
    public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        intern(bytes, hash: Interner.hash(bytes))
    }

    /// The handle of `bytes`, whose `Interner.hash` is `hash`, adding them if new.
    private mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        let (found, slot) = locate(bytes, hash: hash)
        if let found { return found }
        let index = Int32(spans.count)
        spans.append((Int32(arena.count), Int32(bytes.count)))
        arena.append(contentsOf: bytes)
        hashes.append(hash)
        slots[slot] = index + 1
        if spans.count * 2 > slots.count { grow() }
        return index
    }

    /// The handle of `bytes`, adding them if new, for a decoder that names strings of a few
    /// kinds (`kind` 0–3: a member, a network…) line after line: when the bytes are those of
    /// the kind's string before (a member's run of lines names it again and again), its
    /// handle is found with one comparison of bytes, no hash and no look in the table.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, recent kind: Int) -> Int32 {
        let last = recent[kind]
        if last != Interner.none, equals(Int(last), bytes) { return last }
        let handle = intern(bytes)
        recent[kind] = handle
        return handle
    }

    /// The handle of `text`, adding it if new.
    public mutating func intern(_ text: String) -> Int32 {
        var text = text
        return text.withUTF8 { intern($0) }
    }

    /// The handle of `text` if it is stored.
    public func find(_ text: String) -> Int32? {
        var text = text
        return text.withUTF8 { locate($0, hash: Interner.hash($0)).handle }
    }

    /// The handle of `bytes` (whose `Interner.hash` is `hash`) and its slot if stored, else
    /// nil and the empty slot where it would go.
    private func locate(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (handle: Int32?, slot: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return (nil, slot) }
            let index = Int(entry - 1)
            if hashes[index] == hash && equals(index, bytes) { return (Int32(index), slot) }
            slot = (slot + 1) & mask
        }
    }

    /// The string of a handle.
    public func string(_ handle: Int32) -> String {
        let span = spans[Int(handle)]
        return arena.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(span.start)..<Int(span.start + span.count)]), as: UTF8.self)
        }
    }

    /// Every string, by handle: for readers that name the same handles many times over.
    package func strings() -> [String] {
        arena.withUnsafeBufferPointer { bytes in
            spans.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[Int($0.start)..<Int($0.start + $0.count)]), as: UTF8.self) }
        }
    }

    /// Every string as a JSON literal, by handle, made on every core (`JSONLiterals`).
    package func literals() -> JSONLiterals {
        arena.withUnsafeBytes { arena in
            spans.withUnsafeBufferPointer { spans in
                // Read only while the literals are made, which is before this returns.
                nonisolated(unsafe) let arena = arena, spans = spans
                return JSONLiterals(count: spans.count) { k in
                    UnsafeRawBufferPointer(rebasing: arena[Int(spans[k].start)..<Int(spans[k].start + spans[k].count)])
                }
            }
        }
    }

    /// Calls `body` with the bytes of a handle.
    public func withBytes<R>(_ handle: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let span = spans[Int(handle)]
        return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[Int(span.start)..<Int(span.start + span.count)])) }
    }

    /// Adds every string of `other`; returns, for each of its handles, the handle here.
    /// Their hashes are not computed again: `other` keeps them (merging runs on one core
    /// while the pieces of a log are decoded on the others).
    public mutating func merge(_ other: Interner) -> [Int32] {
        other.arena.withUnsafeBufferPointer { bytes in
            other.spans.indices.map { k in
                let span = other.spans[k]
                return intern(UnsafeBufferPointer(rebasing: bytes[Int(span.start)..<Int(span.start + span.count)]),
                              hash: other.hashes[k])
            }
        }
    }

    private func equals(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let span = spans[index]
        guard Int(span.count) == bytes.count else { return false }
        guard let theirs = bytes.baseAddress else { return true }
        return arena.withUnsafeBufferPointer { arena in memcmp(arena.baseAddress! + Int(span.start), theirs, bytes.count) == 0 }
    }

    private mutating func grow() {
        var larger = [Int32](repeating: 0, count: slots.count * 2)
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & (larger.count - 1)
            while larger[slot] != 0 { slot = (slot + 1) & (larger.count - 1) }
            larger[slot] = Int32(index + 1)
        }
        slots = larger
    }

    /// A stable hash of the bytes, eight at a time (multiply-and-rotate, with a final mix).
    /// Stored in replay snapshots (`Fact.idHash`) and, folded to 32 bits, in the tree's cache
    /// (`LogTiles.fingerprint`): changing it needs a new format of both.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return h }
        var i = 0
        while i + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            h = ((h ^ word) &* k).rotated(27)
            i += 8
        }
        let rest = bytes.count - i
        if rest > 0 {
            // The last 1–7 bytes as a little-endian number, read with overlapping loads (the
            // same number a byte-at-a-time loop makes).
            let raw = UnsafeRawPointer(base)
            var tail: UInt64
            if bytes.count >= 8 {
                tail = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)) >> (8 * UInt64(8 - rest))
            } else if rest >= 4 {
                let low = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self)))
                let high = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self)))
                tail = low | (high >> (8 * UInt64(8 - rest))) << 32
            } else {
                tail = 0
                var shift: UInt64 = 0
                while i < bytes.count {
                    tail |= UInt64(bytes[i]) << shift
                    shift += 8
                    i += 1
                }
            }
            h = ((h ^ tail) &* k).rotated(27)
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }
}

extension UInt64 {
    fileprivate func rotated(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
