extension EventType {
    /// A stable one-byte code: the position in `allCases` (binary formats depend on it).
    package var code: UInt8 {
        switch self {
        case .ledger: return 0
        case .network: return 1
        case .member: return 2
        case .rename: return 3
        case .merger: return 4
        case .closure: return 5
        case .policy: return 6
        case .membership: return 7
        case .signature: return 8
        case .selection: return 9
        case .withdrawal: return 10
        case .suspension: return 11
        case .reinstatement: return 12
        case .milestone: return 13
        case .recognition: return 14
        case .activity: return 15
        case .correction: return 16
        case .retraction: return 17
        }
    }

    /// The type of each code (`allCases`, computed once).
    static let byCode: [EventType] = allCases

    /// The type of a code, or nil.
    init?(code: Int) {
        guard code >= 0, code < EventType.byCode.count else { return nil }
        self = EventType.byCode[code]
    }
}

/// Little-endian binary writing.
package struct ByteWriter {
    package var bytes: [UInt8] = []
    package init() {}
    package mutating func u8(_ v: UInt8) { bytes.append(v) }
    package mutating func u32(_ v: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian) { bytes.append(contentsOf: $0) } }
    package mutating func i32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    package mutating func u16(_ v: Int) { withUnsafeBytes(of: UInt16(truncatingIfNeeded: v).littleEndian) { bytes.append(contentsOf: $0) } }
    package mutating func string(_ s: String) {
        let utf8 = s.utf8
        withUnsafeBytes(of: UInt16(truncatingIfNeeded: utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: utf8)
    }
    package mutating func optionalString(_ s: String?) {
        if let s { u8(1); string(s) } else { u8(0) }
    }
}

/// Little-endian binary reading that never traps: nil past the end.
package struct ByteReader {
    private let bytes: ArraySlice<UInt8>
    private var position: Int
    package init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }
    package var atEnd: Bool { position >= bytes.endIndex }
    package var remaining: Int { bytes.endIndex - position }

    package mutating func take(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, bytes.endIndex - position >= n else { return nil }
        defer { position += n }
        return bytes[position..<position + n]
    }
    package mutating func u8() -> UInt8? { take(1)?.first }
    package mutating func u16() -> Int? {
        guard let b = take(2) else { return nil }
        return Int(b[b.startIndex]) | Int(b[b.startIndex + 1]) << 8
    }
    package mutating func u32() -> Int? {
        guard let b = take(4) else { return nil }
        return b.reversed().reduce(0) { $0 << 8 | Int($1) }
    }
    package mutating func i32() -> Int32? { u32().map { Int32(truncatingIfNeeded: UInt32($0)) } }
    package mutating func string() -> String? {
        guard let b = take(2) else { return nil }
        let count = Int(b[b.startIndex]) | Int(b[b.startIndex + 1]) << 8
        guard let text = take(count) else { return nil }
        return String(validating: text, as: UTF8.self)
    }
    package mutating func optionalString() -> String?? {
        guard let flag = u8() else { return nil }
        if flag == 0 { return .some(nil) }
        guard flag == 1, let s = string() else { return nil }
        return .some(s)
    }
    package mutating func type() -> EventType? {
        guard let code = u8() else { return nil }
        return EventType(code: Int(code))
    }
}

/// Little-endian binary reading in place, that never traps: nil past the end. The slices it
/// hands out point into the bytes read, and are valid as long as they are.
package struct RawReader {
    private let raw: UnsafeRawBufferPointer
    private var position = 0

    package init(_ raw: UnsafeRawBufferPointer) {
        self.raw = raw
    }

    package var atEnd: Bool { position >= raw.count }

    /// The next `n` bytes.
    package mutating func take(_ n: Int) -> UnsafeRawBufferPointer? {
        guard n >= 0, raw.count - position >= n else { return nil }
        defer { position += n }
        return UnsafeRawBufferPointer(rebasing: raw[position..<position + n])
    }

    package mutating func u8() -> UInt8? {
        guard position < raw.count else { return nil }
        defer { position += 1 }
        return raw[position]
    }

    /// A varint used as a count or length (as `ByteReader.count` reads it): nil when it
    /// cannot be one.
    package mutating func count() -> Int? {
        guard let value = Varint.read({ u8() }), value <= UInt64(Int32.max) else { return nil }
        return Int(value)
    }

    /// Text written by `ByteWriter.text` (as `ByteReader.text` reads it).
    package mutating func text() -> String? {
        guard let count = count(), let bytes = take(count) else { return nil }
        return String(decoding: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
    }
}

// MARK: - Varints and texts, as the replay snapshot and the status part write them

extension ByteWriter {
    /// An unsigned LEB128 varint.
    package mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// A varint byte count, then the UTF-8 bytes (no length limit, unlike `string`).
    package mutating func text(_ s: String) {
        let utf8 = s.utf8
        varint(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }
}

/// Unsigned LEB128 varints, as `ByteWriter.varint` writes them.
enum Varint {
    /// A varint of at most 10 bytes taken from `next`; nil past the end or when longer.
    @inline(__always)
    static func read(_ next: () -> UInt8?) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while shift < 64 {
            guard let byte = next() else { return nil }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}

extension ByteReader {
    /// An unsigned LEB128 varint of at most 10 bytes; nil past the end or when longer.
    package mutating func varint() -> UInt64? {
        Varint.read { u8() }
    }

    /// A varint used as a count or length: nil when it cannot be one.
    package mutating func count() -> Int? {
        guard let value = varint(), value <= UInt64(Int32.max) else { return nil }
        return Int(value)
    }

    /// Text written by `ByteWriter.text`; nil when cut short. Bytes that are not UTF-8 would
    /// come back as U+FFFD rather than fail: the body's SHA-256 is checked before it is read, and
    /// the fast path of `String(decoding:)` halves the load time of `String(validating:)`.
    package mutating func text() -> String? {
        guard let count = count(), let bytes = take(count) else { return nil }
        return bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }
}
