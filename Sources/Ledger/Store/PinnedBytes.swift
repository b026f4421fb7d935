/// Bytes that stay where they are for as long as they are held: part of a file mapped
/// read-only (read in place: no copy, and no fresh pages for the kernel to zero), or memory
/// of their own. Values that read them in place (`FoldedStatus`'s table) hold this.
package final class PinnedBytes: @unchecked Sendable {
    /// The bytes; valid while this object lives. Never written.
    package let raw: UnsafeRawBufferPointer
    /// The mapping `raw` lies in, kept open with it.
    private let file: MappedFile?
    /// Or the memory `raw` owns.
    private let owned: UnsafeMutableRawBufferPointer?

    /// A copy of `bytes`, in memory of its own.
    package init(copying bytes: some Collection<UInt8>) {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        _ = memory.initializeMemory(as: UInt8.self, from: bytes)
        owned = memory
        file = nil
        raw = UnsafeRawBufferPointer(rebasing: memory[0..<bytes.count])
    }

    /// The bytes `range` of a mapped file (which must lie inside it).
    package init(file: MappedFile, range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= file.bytes.count, "a range inside the file")
        self.file = file
        owned = nil
        raw = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(file.bytes)[range])
    }

    deinit { owned?.deallocate() }
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

    /// Where the next byte is, from the start.
    package var offset: Int { position }

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
