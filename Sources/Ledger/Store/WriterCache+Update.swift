#if canImport(Glibc)
import Glibc
#endif

/// Bringing the cache file up to the head in place, after a writer on the fast path: only the
/// pages that change are written.
///
/// What changes: the new lines' starts, types and ids (appended to `lines` and `info`,
/// inserted in `ids`); the records of the members the writer loaded, whose dated events and
/// references are appended anew to `marks` and `refs` (the old ranges become garbage) and
/// whose slug, when new, is appended to `slugs`; the `networks` section, written whole; the
/// header. Each changed page's checksum goes into the page table, and the table's into the
/// header, which is written last.
///
/// A writer killed part way, or a crash that keeps some pages and loses others, leaves pages
/// that do not match the table, or a table that does not match the header: they are noticed
/// when read, and the cache is built again. No mix of old and new pages can pass for a whole
/// version, since each version's header vouches for its table and the table for each page.
///
/// When something does not fit — a section full, a table more than three quarters full, more
/// garbage than live data in `marks` or `refs` — nothing is written and the caller writes a
/// new file (`CacheContent.from`, compacted, with room to grow): rare, and its cost is spread
/// over the lines that filled the room.
extension WriterCache {
    /// Brings the file up to `head` with what `index` (part of the state, loaded from this
    /// cache and folded since) changed.
    /// - Parameters:
    ///   - tailStarts: where the lines after this cache's last start.
    ///   - lastLineStart: where the head's line starts; `offset`: where it ends.
    /// - Returns: false when nothing was written (it does not fit, or the cache is damaged).
    func update(index: LedgerIndex, tailStarts: [Int], head: Head, lastLineStart: Int, offset: Int) -> Bool {
        guard let path, let loaded = index.loadedMembers, failure == nil, !tailStarts.isEmpty,
              index.duplicates.isEmpty else { return false }
        var pages = DirtyPages(cache: self)
        defer { pages.release() }
        var h = header
        let s = h.seq, added = tailStarts.count, seq = s + added
        func extent(_ section: CacheSection) -> CacheExtent { h.sections[section.rawValue] }
        guard seq * 8 <= extent(.lines).capacity, seq <= extent(.info).capacity, seq < Int(UInt32.max) else { return false }

        // The new lines: where they start, their type, their id.
        var keys = [UInt64](repeating: 0, count: added)
        var types = [UInt8](repeating: 0xFF, count: added)
        for (id, entry) in index.ids where entry.seq > s && entry.seq <= seq {
            keys[entry.seq - s - 1] = WriterCache.key(id.rawValue)
            types[entry.seq - s - 1] = entry.type.code
        }
        guard !keys.contains(0), !types.contains(0xFF) else { return false }
        for k in 0..<added {
            guard pages.put(UInt64(tailStarts[k]), at: extent(.lines).start + (s + k) * 8),
                  pages.put(types[k], at: extent(.info).start + s + k) else { return false }
        }
        h.sections[CacheSection.lines.rawValue].used = seq * 8
        h.sections[CacheSection.info.rawValue].used = seq

        let idSlots = extent(.ids).capacity / 16
        guard (h.idCount + added) * 4 <= idSlots * 3 else { return false }
        for k in 0..<added {
            var slot = Int(truncatingIfNeeded: keys[k]) & (idSlots - 1)
            while true {
                guard let stored: UInt64 = pages.get(extent(.ids).start + slot * 16) else { return false }
                if stored == 0 { break }
                slot = (slot + 1) & (idSlots - 1)
            }
            guard pages.put(keys[k], at: extent(.ids).start + slot * 16),
                  pages.put(UInt32(s + k + 1), at: extent(.ids).start + slot * 16 + 8) else { return false }
        }
        h.idCount += added

        // Networks: in the order the cache has them (marks name them by position), new ones after.
        guard let old = networks() else { return false }
        var table = NetworkTable()
        for entry in old.entries { _ = table.position(entry.slug) }
        for (n, registration) in index.networks {
            let k = table.position(n.rawValue)
            table.entries[k].registration = registration.seq
            table.entries[k].founded = registration.founded?.text
        }
        for (n, lines) in index.networkReferences {
            let k = table.position(n.rawValue)
            table.entries[k].refs = lines
        }
        for end in index.allEndings {
            let from = table.position(end.network!.rawValue)
            let into = end.into.map { table.position($0.rawValue) }
            table.endings.append(NetworkTable.Ending(seq: end.seq, type: end.type, earliest: end.earliest.ordinal,
                                                     latest: end.latest.ordinal, network: from, into: into))
        }
        guard table.entries.count < 1 << 24 else { return false }

        // The members loaded: their records point to their marks and references appended anew.
        let memberSlots = extent(.members).capacity / 32
        for m in loaded.sorted() {
            let slug = Array(m.rawValue.utf8)
            let key = WriterCache.key(m.rawValue)
            var slot = Int(truncatingIfNeeded: key) & (memberSlots - 1)
            var found = false
            while true {
                let at = extent(.members).start + slot * 32
                guard let stored: UInt64 = pages.get(at) else { return false }
                if stored == 0 { break }
                if stored == key {
                    guard let slugAt: UInt32 = pages.get(at + 12),
                          let length: UInt8 = pages.get(extent(.slugs).start + Int(slugAt)),
                          Int(slugAt) + 1 + Int(length) <= extent(.slugs).used,
                          let bytes = pages.read(extent(.slugs).start + Int(slugAt) + 1, Int(length)) else { return false }
                    if bytes == slug { found = true; break }
                }
                slot = (slot + 1) & (memberSlots - 1)
            }
            let at = extent(.members).start + slot * 32
            let state = index.memberRecords[m]
            let registration = state.registration
            let marks = state.marks, refs = state.references
            var slugAt = 0
            if found {
                guard let oldMarks: UInt32 = pages.get(at + 20), let oldRefs: UInt32 = pages.get(at + 28),
                      let oldSlug: UInt32 = pages.get(at + 12) else { return false }
                h.liveMarks -= Int(oldMarks)
                h.liveRefs -= Int(oldRefs)
                slugAt = Int(oldSlug)
            } else {
                guard registration != 0 || !marks.isEmpty || !refs.isEmpty else { continue }
                guard (h.memberCount + 1) * 4 <= memberSlots * 3,
                      extent(.slugs).used + 1 + slug.count <= extent(.slugs).capacity else { return false }
                slugAt = extent(.slugs).used
                guard pages.put(UInt8(slug.count), at: extent(.slugs).start + slugAt),
                      pages.write(slug, at: extent(.slugs).start + slugAt + 1) else { return false }
                h.sections[CacheSection.slugs.rawValue].used += 1 + slug.count
                h.memberCount += 1
            }
            let marksAt = extent(.marks).used / CacheMark.size
            guard extent(.marks).used + marks.count * CacheMark.size <= extent(.marks).capacity,
                  extent(.refs).used + refs.count * 4 <= extent(.refs).capacity else { return false }
            var raw = [UInt8](repeating: 0, count: marks.count * CacheMark.size)
            raw.withUnsafeMutableBytes { p in
                for (k, mark) in marks.enumerated() {
                    CacheMark(seq: mark.seq, type: mark.type, earliest: mark.earliest.ordinal, latest: mark.latest.ordinal,
                              network: table.position(of: mark.network!.rawValue) ?? 0).write(to: p.baseAddress! + k * CacheMark.size)
                }
            }
            guard marks.allSatisfy({ table.position(of: $0.network!.rawValue) != nil }),
                  pages.write(raw, at: extent(.marks).start + extent(.marks).used) else { return false }
            h.sections[CacheSection.marks.rawValue].used += raw.count
            let refsAt = extent(.refs).used / 4
            var rawRefs = [UInt8](repeating: 0, count: refs.count * 4)
            rawRefs.withUnsafeMutableBytes { p in
                for (k, line) in refs.enumerated() { p.storeBytes(of: UInt32(line), toByteOffset: k * 4, as: UInt32.self) }
            }
            guard pages.write(rawRefs, at: extent(.refs).start + extent(.refs).used) else { return false }
            h.sections[CacheSection.refs.rawValue].used += rawRefs.count
            h.liveMarks += marks.count
            h.liveRefs += refs.count
            let record = CacheContent.Member(key: key, slug: slugAt, registration: registration,
                                             marks: marksAt..<marksAt + marks.count, refs: refsAt..<refsAt + refs.count)
            var bytes = [UInt8](repeating: 0, count: 32)
            bytes.withUnsafeMutableBytes { WriterCache.writeMember(record, to: $0.baseAddress!) }
            guard pages.write(bytes, at: at) else { return false }
        }
        // Too much garbage: a new, compacted file is better.
        guard extent(.marks).used / CacheMark.size - h.liveMarks <= max(h.liveMarks, 4096),
              extent(.refs).used / 4 - h.liveRefs <= max(h.liveRefs, 4096) else { return false }

        let networkBytes = table.encoded()
        guard networkBytes.count <= extent(.networks).capacity, pages.write(networkBytes, at: extent(.networks).start) else {
            return false
        }
        h.sections[CacheSection.networks.rawValue].used = networkBytes.count

        h.seq = seq
        h.hash = head.hash
        h.lineStart = lastLineStart
        h.offset = offset
        guard h.isConsistent else { return false }
        return pages.commit(header: h, table: tableEntries, path: path)
    }
}

/// Pages of a cache file being changed: each copied from the file (checked) when first
/// touched, then written back with its new checksum.
private struct DirtyPages {
    let cache: WriterCache
    var pages: [Int: UnsafeMutableRawPointer] = [:]

    init(cache: WriterCache) { self.cache = cache }

    func release() {
        for (_, page) in pages { page.deallocate() }
    }

    /// Page `number`, as changed so far.
    mutating func page(_ number: Int) -> UnsafeMutableRawPointer? {
        if let page = pages[number] { return page }
        guard let source = cache.bytes(number * WriterCache.page, WriterCache.page) else { return nil }
        let page = UnsafeMutableRawPointer.allocate(byteCount: WriterCache.page, alignment: 16)
        page.copyMemory(from: source, byteCount: WriterCache.page)
        pages[number] = page
        return page
    }

    mutating func write(_ bytes: [UInt8], at offset: Int) -> Bool {
        var done = 0
        while done < bytes.count {
            let at = offset + done
            guard let page = page(at / WriterCache.page) else { return false }
            let n = min(bytes.count - done, WriterCache.page - at % WriterCache.page)
            bytes.withUnsafeBytes { (page + at % WriterCache.page).copyMemory(from: $0.baseAddress! + done, byteCount: n) }
            done += n
        }
        return true
    }

    mutating func read(_ offset: Int, _ count: Int) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var done = 0
        while done < count {
            let at = offset + done
            guard let page = page(at / WriterCache.page) else { return nil }
            let n = min(count - done, WriterCache.page - at % WriterCache.page)
            out.append(contentsOf: UnsafeRawBufferPointer(start: page + at % WriterCache.page, count: n))
            done += n
        }
        return out
    }

    mutating func put<T: FixedWidthInteger>(_ value: T, at offset: Int) -> Bool {
        withUnsafeBytes(of: value.littleEndian) { write(Array($0), at: offset) }
    }

    mutating func get<T: FixedWidthInteger>(_ offset: Int) -> T? {
        guard let bytes = read(offset, MemoryLayout<T>.size) else { return nil }
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(as: T.self)) }
    }

    /// Writes the changed pages, then the page table's changed pages, then the header.
    func commit(header: CacheHeader, table: [UInt64], path: String) -> Bool {
        var header = header
        var table = table
        let size = WriterCache.page
        for (number, page) in pages { table[number] = PageHash.hash(page, count: size) }
        let tableBytes = table.withUnsafeBytes { Array($0) }
        header.tableHash = tableBytes.withUnsafeBytes { PageHash.hash($0) }
        let fd = Glibc.open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        func put(_ p: UnsafeRawPointer, _ count: Int, _ offset: Int) -> Bool {
            var done = 0
            while done < count {
                let n = pwrite(fd, p + done, count - done, off_t(offset + done))
                if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { return false }
            }
            return true
        }
        for number in pages.keys.sorted() where !put(pages[number]!, size, number * size) { return false }
        let changedTablePages = Set(pages.keys.map { $0 * 8 / size })
        for tablePage in changedTablePages.sorted() {
            let from = tablePage * size, to = min(from + size, tableBytes.count)
            guard tableBytes.withUnsafeBytes({ put($0.baseAddress! + from, to - from, header.tableStart + from) }) else {
                return false
            }
        }
        return header.encoded().withUnsafeBytes { put($0.baseAddress!, size, 0) }
    }
}
