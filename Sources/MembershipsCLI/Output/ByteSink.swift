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
    /// Where a sink that keeps its bytes takes its buffer, and where they go back once
    /// handed on: nil, allocated and freed.
    private let pool: BufferPool?
    /// Bytes held before they are handed on.
    private static let chunk = 1 << 20

    init(flush: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        capacity = ByteSink.chunk + 4096
        base = .allocate(capacity: capacity)
        self.flush = flush
        pool = nil
    }

    /// A sink that keeps its bytes until `handedOver()`, starting with room for `capacity`,
    /// in a buffer taken from `pool` when one is given.
    init(keeping capacity: Int, pool: BufferPool? = nil) {
        let wanted = max(capacity, 64)
        if let pool {
            (base, self.capacity) = pool.take(wanted)
        } else {
            self.capacity = wanted
            base = .allocate(capacity: wanted)
        }
        flush = { _ in }
        self.pool = pool
    }

    /// The buffer and the bytes held, handed over without a copy (the buffer goes back to
    /// the sink's pool when they are freed); the sink is then empty, with a small buffer of
    /// its own.
    mutating func handedOver() -> HeldBytes {
        let held = HeldBytes(base: base, count: count, capacity: capacity, pool: pool)
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

    /// Writes through a `RoomWriter` into `room` bytes made ready at once: `body` must not
    /// write more (a row's writer reckons its largest size first).
    @inline(__always)
    mutating func write(room: Int, _ body: (inout RoomWriter) -> Void) {
        reserve(room)
        var writer = RoomWriter(at: base + count)
        body(&writer)
        // Within the room (checked in debug builds: the tests).
        assert(writer.end <= base + count + room, "a row wrote past the room reckoned for it")
        count = writer.end - base
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

    /// Writes the UTF-8 of `s`.
    mutating func utf8(_ s: String) {
        var s = s
        s.withUTF8 { bytes($0) }
    }

    /// Writes `n` spaces (none when `n` is not positive).
    mutating func spaces(_ n: Int) {
        guard n > 0 else { return }
        reserve(n)
        (base + count).initialize(repeating: 0x20, count: n)
        count += n
    }

    mutating func text(_ s: StaticString) {
        let size = s.utf8CodeUnitCount
        reserve(size)
        for k in 0..<size { base[count + k] = s.utf8Start[k] }
        count += size
    }

    /// Writes `levels` levels of two-space indentation at `p`, eight spaces a store (up to
    /// seven bytes past the end may be written, and are then overwritten: callers reserve
    /// them); returns where the indentation ends.
    @inline(__always)
    static func indent(_ p: UnsafeMutablePointer<UInt8>, _ levels: Int) -> UnsafeMutablePointer<UInt8> {
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
}

/// Bytes handed over by a `ByteSink`, freed with the last reference.
final class HeldBytes: @unchecked Sendable {
    private let base: UnsafeMutablePointer<UInt8>
    let count: Int
    private let capacity: Int
    private let pool: BufferPool?

    fileprivate init(base: UnsafeMutablePointer<UInt8>, count: Int, capacity: Int, pool: BufferPool?) {
        self.base = base
        self.count = count
        self.capacity = capacity
        self.pool = pool
    }

    /// The bytes (valid while this object lives).
    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    deinit {
        if let pool { pool.put(base, capacity: capacity) } else { base.deallocate() }
    }
}
