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
        // Copied whole when the bytes are contiguous (an array, a slice of one): the general
        // path goes byte by byte, which took a seventh of a snapshot of a million events.
        let copied: Void? = bytes.withContiguousStorageIfAvailable { source in
            if let base = source.baseAddress { memory.baseAddress!.copyMemory(from: base, byteCount: source.count) }
        }
        if copied == nil { _ = memory.initializeMemory(as: UInt8.self, from: bytes) }
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
