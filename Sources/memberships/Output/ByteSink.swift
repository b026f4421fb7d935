import Ledger

/// Bytes written to stdout through one growing buffer, with no per-byte bookkeeping: what
/// writing a million JSON rows needs (`Array.append` checks uniqueness and capacity on
/// every call, which then costs more than the bytes).
struct ByteSink: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0
    /// Receives the bytes when the buffer fills, and at the end (valid during the call only).
    private let flush: (UnsafeBufferPointer<UInt8>) -> Void
    /// Bytes held before they are handed on.
    private static let chunk = 1 << 20

    init(flush: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        capacity = ByteSink.chunk + 4096
        base = .allocate(capacity: capacity)
        self.flush = flush
    }

    /// A sink that keeps its bytes until `handedOver()`, starting with room for `capacity`.
    init(keeping capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
        flush = { _ in }
    }

    /// The buffer and the bytes held, handed over without a copy; the sink is then empty,
    /// with a small buffer of its own.
    mutating func handedOver() -> HeldBytes {
        let held = HeldBytes(base: base, count: count)
        capacity = 64
        base = .allocate(capacity: capacity)
        count = 0
        return held
    }

    deinit { base.deallocate() }

    /// Hands the bytes held on.
    mutating func drain() {
        guard count > 0 else { return }
        flush(UnsafeBufferPointer(start: base, count: count))
        count = 0
    }

    /// Drains once the buffer holds a chunk (between rows).
    mutating func drainIfFull() {
        if count >= ByteSink.chunk { drain() }
    }

    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(n) }
    }

    private mutating func grow(_ n: Int) {
        let larger = max(capacity * 2, count + n)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = larger
    }

    mutating func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    mutating func bytes(_ b: UnsafeBufferPointer<UInt8>) {
        guard let source = b.baseAddress, !b.isEmpty else { return }
        reserve(b.count)
        (base + count).update(from: source, count: b.count)
        count += b.count
    }

    mutating func bytes(_ b: [UInt8]) { b.withUnsafeBufferPointer { bytes($0) } }

    mutating func text(_ s: StaticString) {
        let size = s.utf8CodeUnitCount
        reserve(size)
        for k in 0..<size { base[count + k] = s.utf8Start[k] }
        count += size
    }

    /// A JSON string literal, escaped as `JSONWriter.writeString` does.
    mutating func jsonString(_ s: String) {
        // Read in place: a copy of the string would count a reference to its storage, which
        // rows on both cores share.
        let done = s.utf8.withContiguousStorageIfAvailable { quoted($0) } ?? false
        if !done {
            var escaped: [UInt8] = []
            JSONWriter.writeString(s, into: &escaped)
            bytes(escaped)
        }
    }

    /// `utf8` quoted when it needs no escape (copied while checked, in one pass: the strings
    /// of rows are short, and most need none); false, with nothing written, when it does.
    private mutating func quoted(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = utf8.count
        reserve(n + 2)
        let p = base + count
        p[0] = UInt8(ascii: "\"")
        for k in 0..<n {
            let c = utf8[k]
            if c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { return false }
            p[1 + k] = c
        }
        p[1 + n] = UInt8(ascii: "\"")
        count += n + 2
        return true
    }

    /// A member's start in one step: `,` unless it is the first, a newline, `levels` levels
    /// of indentation, then the key (`"name": `, two stores).
    @inline(__always)
    mutating func key(_ key: JSONKey, first: Bool, levels: Int) {
        reserve(2 + 2 * levels + 8 + 16)
        var p = base + count
        if !first { p[0] = UInt8(ascii: ","); p += 1 }
        p[0] = 0x0A
        p = Self.indent(p + 1, levels)
        let q = UnsafeMutableRawPointer(p)
        q.storeBytes(of: key.low, as: UInt64.self)
        (q + 8).storeBytes(of: key.high, as: UInt64.self)
        count = p + key.count - base
    }

    /// `true` or `false`, in one store.
    mutating func bool(_ value: Bool) {
        reserve(8)
        // "true" and "false", little-endian.
        UnsafeMutableRawPointer(base + count).storeBytes(of: value ? 0x6575_7274 : 0x65_736C_6166 as UInt64, as: UInt64.self)
        count += value ? 4 : 5
    }

    /// `null`, in one store.
    mutating func null() {
        reserve(4)
        UnsafeMutableRawPointer(base + count).storeBytes(of: 0x6C6C_756E as UInt32, as: UInt32.self)
        count += 4
    }

    /// Writes `levels` levels of two-space indentation at `p`, eight spaces a store (up to
    /// seven bytes past the end may be written, and are then overwritten: callers reserve
    /// them); returns where the indentation ends.
    @inline(__always)
    private static func indent(_ p: UnsafeMutablePointer<UInt8>, _ levels: Int) -> UnsafeMutablePointer<UInt8> {
        let end = p + 2 * levels
        let spaces: UInt64 = 0x2020_2020_2020_2020
        // Rows nest four levels at most: one or two stores, not a loop the compiler turns
        // into a call to memset for ten bytes (the callers reserve 8 bytes beyond the end).
        var q = UnsafeMutableRawPointer(p)
        q.storeBytes(of: spaces, as: UInt64.self)
        guard levels > 4 else { return end }
        (q + 8).storeBytes(of: spaces, as: UInt64.self)
        q += 16
        while q < UnsafeMutableRawPointer(end) {
            q.storeBytes(of: spaces, as: UInt64.self)
            q += 8
        }
        return end
    }

    /// A newline and `levels` levels of two-space indentation.
    mutating func newline(_ levels: Int) {
        reserve(9 + 2 * levels)
        base[count] = 0x0A
        count = Self.indent(base + count + 1, levels) - base
    }

    /// A day as `"YYYY-MM-DD"` (the ledger's years have four digits).
    mutating func day(_ day: Day) {
        let (y, m, d) = day.civil
        guard (0...9999).contains(y) else { jsonString(day.description); return }
        reserve(12)
        let p = base + count
        p[0] = UInt8(ascii: "\"")
        p[1] = UInt8(48 + y / 1000); p[2] = UInt8(48 + y / 100 % 10); p[3] = UInt8(48 + y / 10 % 10); p[4] = UInt8(48 + y % 10)
        p[5] = UInt8(ascii: "-"); p[6] = UInt8(48 + m / 10); p[7] = UInt8(48 + m % 10)
        p[8] = UInt8(ascii: "-"); p[9] = UInt8(48 + d / 10); p[10] = UInt8(48 + d % 10)
        p[11] = UInt8(ascii: "\"")
        count += 12
    }
}

/// A JSON member's key as written after its indentation, `"name": `, made once and held in
/// two words (names of up to 12 bytes).
struct JSONKey {
    let low: UInt64
    let high: UInt64
    let count: Int

    init(_ name: StaticString) {
        var bytes = [UInt8](repeating: 0, count: 16)
        let size = name.utf8CodeUnitCount
        precondition(size <= 12, "a key of at most 12 bytes")
        bytes[0] = UInt8(ascii: "\"")
        for k in 0..<size { bytes[1 + k] = name.utf8Start[k] }
        bytes[1 + size] = UInt8(ascii: "\"")
        bytes[2 + size] = UInt8(ascii: ":")
        bytes[3 + size] = 0x20
        count = size + 4
        func word(_ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * $1) } }
        low = word(0)
        high = word(8)
    }
}

/// Bytes handed over by a `ByteSink`, freed with the last reference.
final class HeldBytes: @unchecked Sendable {
    private let base: UnsafeMutablePointer<UInt8>
    let count: Int

    fileprivate init(base: UnsafeMutablePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    /// The bytes (valid while this object lives).
    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    deinit { base.deallocate() }
}
