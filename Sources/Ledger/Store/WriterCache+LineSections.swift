#if canImport(Glibc)
import Glibc
#endif

/// The three sections of a writer's cache that hold an entry per line — where each line
/// starts, its type and flags, the table of ids — laid out as the file holds them (one after
/// another from a page boundary), with the checksum of each page.
///
/// They depend on the lines alone, not on the members' records, so a cold writer makes them
/// on the other core while it builds those records (`CacheContent.fromLog`), and
/// `WriterCache.write` writes them from here.
final class LineSections: @unchecked Sendable {
    /// Zeroed memory of `length` bytes, the sections from offset 0.
    let memory: UnsafeMutableRawPointer
    /// The sections within `memory`: lines, info, ids (`CacheSection` order).
    let extents: [CacheExtent]
    let length: Int
    /// The checksum of each page of `memory`.
    let hashes: [UInt64]

    /// The sections of `seq` lines (`lineStarts`, `info` and `idKeys` as `CacheContent`
    /// holds them); nil when the memory cannot be had.
    init?(lineStarts: [Int], info: [UInt8], idKeys: [UInt64]) {
        let page = WriterCache.page
        let seq = lineStarts.count
        guard info.count == seq, idKeys.count == seq else { return nil }
        let idSlots = WriterCache.slots(for: seq, minimum: page / 16)
        let sizes = [(seq * 8, WriterCache.reserve(seq * 8)), (seq, WriterCache.reserve(seq)), (idSlots * 16, idSlots * 16)]
        var extents: [CacheExtent] = []
        var at = 0
        for (used, capacity) in sizes {
            extents.append(CacheExtent(start: at, capacity: capacity, used: used))
            at += capacity
        }
        guard let memory = calloc(at, 1) else { return nil }
        self.memory = memory
        self.extents = extents
        length = at

        let lines = memory + extents[CacheSection.lines.rawValue].start
        lineStarts.withUnsafeBytes { lines.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        let types = memory + extents[CacheSection.info.rawValue].start
        info.withUnsafeBytes { types.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        let ids = memory + extents[CacheSection.ids.rawValue].start
        FreshMemory.touch(ids, bytes: idSlots * 16)
        for (k, key) in idKeys.enumerated() {
            var slot = Int(truncatingIfNeeded: key) & (idSlots - 1)
            while ids.loadUnaligned(fromByteOffset: slot * 16, as: UInt64.self) != 0 { slot = (slot + 1) & (idSlots - 1) }
            ids.storeBytes(of: key, toByteOffset: slot * 16, as: UInt64.self)
            ids.storeBytes(of: UInt32(k + 1), toByteOffset: slot * 16 + 8, as: UInt32.self)
        }

        // Pages never written are zeros: their checksum is known without reading them.
        var hashes = [UInt64](repeating: WriterCache.zeroPageHash, count: at / page)
        WriterCache.checksumUsedPages(of: extents, in: memory) { number, hash in hashes[number] = hash }
        self.hashes = hashes
    }

    /// The sections of `content`'s lines.
    convenience init?(_ content: CacheContent) {
        self.init(lineStarts: content.lineStarts, info: content.info, idKeys: content.idKeys)
    }

    deinit { free(memory) }
}

/// Memory just allocated, about to be written in random order (a hash table).
enum FreshMemory {
    /// Has the kernel map the pages of `bytes` bytes at `start` now, in order, by writing a
    /// zero to each (the memory must be zeroed already, as `calloc` leaves it). A page first
    /// met by a random write is faulted in alone, and two threads faulting pages at random at
    /// once slowed each other threefold on a 2-core virtual machine; in order they did not.
    static func touch(_ start: UnsafeMutableRawPointer, bytes: Int) {
        var offset = 0
        while offset < bytes {
            start.storeBytes(of: 0, toByteOffset: offset, as: UInt8.self)
            offset += 4096
        }
    }
}
