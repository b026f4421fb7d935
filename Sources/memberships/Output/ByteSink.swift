import Ledger

/// Bytes written to stdout through one growing buffer, with no per-byte bookkeeping: what
/// writing a million JSON rows needs (`Array.append` checks uniqueness and capacity on
/// every call, which then costs more than the bytes).
struct ByteSink: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0
    /// Receives the bytes when the buffer fills, and at the end.
    private let flush: ([UInt8]) -> Void
    /// Bytes held before they are handed on.
    private static let chunk = 1 << 20

    init(flush: @escaping ([UInt8]) -> Void) {
        capacity = ByteSink.chunk + 4096
        base = .allocate(capacity: capacity)
        self.flush = flush
    }

    /// A sink that keeps its bytes until `taken()`, starting with room for `capacity`.
    init(keeping capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
        flush = { _ in }
    }

    /// The bytes held, handed over; the sink is then empty.
    mutating func taken() -> [UInt8] {
        defer { count = 0 }
        return Array(UnsafeBufferPointer(start: base, count: count))
    }

    deinit { base.deallocate() }

    /// Hands the bytes held on.
    mutating func drain() {
        guard count > 0 else { return }
        flush(Array(UnsafeBufferPointer(start: base, count: count)))
        count = 0
    }

    /// Drains once the buffer holds a chunk (between rows).
    mutating func drainIfFull() {
        if count >= ByteSink.chunk { drain() }
    }

    private mutating func reserve(_ n: Int) {
        guard count + n > capacity else { return }
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
        bytes(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// A JSON string literal, escaped as `JSONWriter.writeString` does.
    mutating func jsonString(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            for c in utf8 where c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") {
                var escaped: [UInt8] = []
                JSONWriter.writeString(String(decoding: utf8, as: UTF8.self), into: &escaped)
                bytes(escaped)
                return
            }
            reserve(utf8.count + 2)
            base[count] = UInt8(ascii: "\"")
            if let source = utf8.baseAddress { (base + count + 1).update(from: source, count: utf8.count) }
            base[count + 1 + utf8.count] = UInt8(ascii: "\"")
            count += utf8.count + 2
        }
    }

    /// A newline and `levels` levels of two-space indentation.
    mutating func newline(_ levels: Int) {
        reserve(1 + 2 * levels)
        base[count] = 0x0A
        (base + count + 1).update(repeating: 0x20, count: 2 * levels)
        count += 1 + 2 * levels
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
