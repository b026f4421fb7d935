#if canImport(Glibc)
import Glibc
#endif

/// Everything a writer's cache holds, before it is laid out in pages: built from the log's
/// facts (a cold writer), from a whole validation state (after an amendment, a merger or a
/// closure), or from a cache and what changed since (a writer whose cache has grown full).
struct CacheContent {
    /// The log position it stands for: line S, its SHA-256, where it starts and ends.
    var seq = 0
    var hash = SHA256Digest.zero
    var lineStart = 0
    var offset = 0
    /// Per line (index seq − 1): where it starts, its type code (0x80 once retracted), the
    /// key of its id. Starts are `Int`s as the log's decoder gives them (no copy): on the
    /// 64-bit machines Swift runs on, the same eight bytes as the `UInt64` the file holds.
    var lineStarts: [Int] = []
    var info: [UInt8] = []
    var idKeys: [UInt64] = []

    /// One member: its slug (in `slugs`: u8 length and bytes), its registration line (0: none),
    /// its dated events (a range of `marks`, §4 order) and its other lines (a range of `refs`).
    struct Member {
        var key: UInt64
        var slug: Int
        var registration: Int
        var marks: Range<Int>
        var refs: Range<Int>
    }
    var members: [Member] = []
    var slugs: [UInt8] = []
    var marks: [CacheMark] = []
    var refs: [UInt32] = []
    var networks = NetworkTable()
    /// (target, correcting line), sorted.
    var corrections: [(target: Int, line: Int)] = []

    /// Adds a member whose dated events and other lines are those appended to `marks` and
    /// `refs` since `marksFrom` and `refsFrom`.
    mutating func addMember(slug: [UInt8], registration: Int, marksFrom: Int, refsFrom: Int) {
        slug.withUnsafeBufferPointer {
            addMember(slug: $0, registration: registration, marks: marksFrom..<marks.count, refs: refsFrom..<refs.count)
        }
    }

    /// Adds a member whose dated events and other lines are `marks` and `refs` of those
    /// already in place.
    mutating func addMember(slug: UnsafeBufferPointer<UInt8>, registration: Int, marks: Range<Int>, refs: Range<Int>) {
        let at = slugs.count
        slugs.append(UInt8(truncatingIfNeeded: slug.count))
        slugs.append(contentsOf: slug)
        members.append(Member(key: WriterCache.key(slug), slug: at, registration: registration, marks: marks, refs: refs))
    }
}

extension WriterCache {
    /// Bytes reserved past what a section uses, so that appends fill them in place.
    static func reserve(_ used: Int) -> Int {
        let room = max(used + used / 2, page)
        return (room + page - 1) / page * page
    }

    /// Table slots for `count` entries: a power of two at least twice as many.
    static func slots(for count: Int, minimum: Int) -> Int {
        var n = minimum
        while n < count * 2 { n *= 2 }
        return n
    }

    /// Lays `content` out as a cache file, in memory (`calloc`, `length` bytes; the caller
    /// frees it), but for the pages of the per-line sections, which `lines` holds (made from
    /// the same content) and which are left zero here.
    /// - Parameter laidOut: told the header (every section placed, the file's length) once the
    ///   layout is known, before the image is filled.
    /// - Returns: nil when it does not fit the format (more than 2³² lines, 2²⁴ networks).
    static func image(_ content: CacheContent, lines: LineSections, laidOut: (CacheHeader) -> Void = { _ in })
        -> (image: UnsafeMutableRawPointer, length: Int, header: CacheHeader)? {
        guard content.seq >= 1, content.seq < Int(UInt32.max), content.networks.entries.count < 1 << 24,
              content.lineStarts.count == content.seq, content.info.count == content.seq,
              content.idKeys.count == content.seq, lines.extents[CacheSection.lines.rawValue].used == content.seq * 8 else { return nil }
        var header = CacheHeader()
        header.seq = content.seq
        header.hash = content.hash
        header.lineStart = content.lineStart
        header.offset = content.offset
        header.idCount = content.seq
        header.memberCount = content.members.count
        header.liveMarks = content.marks.count
        header.liveRefs = content.refs.count

        let networkBytes = content.networks.encoded()
        let memberSlots = slots(for: content.members.count, minimum: page / 32)
        let sizes: [(used: Int, capacity: Int)] = lines.extents.map { ($0.used, $0.capacity) } + [
            (memberSlots * 32, memberSlots * 32),
            (content.slugs.count, reserve(content.slugs.count)),
            (content.marks.count * CacheMark.size, reserve(content.marks.count * CacheMark.size)),
            (content.refs.count * 4, reserve(content.refs.count * 4)),
            (networkBytes.count, reserve(networkBytes.count * 2)),
            (content.corrections.count * 8, reserve(content.corrections.count * 8)),
        ]
        // Pages: the header, the page table, then the sections.
        let sectionPages = sizes.reduce(0) { $0 + ($1.capacity + page - 1) / page }
        var tablePages = 1
        while tablePages * page < (1 + tablePages + sectionPages) * 8 { tablePages += 1 }
        let totalPages = 1 + tablePages + sectionPages
        header.fileLength = totalPages * page
        header.tableStart = page
        header.tablePages = totalPages
        var at = (1 + tablePages) * page
        for (k, size) in sizes.enumerated() {
            header.sections[k] = CacheExtent(start: at, capacity: size.capacity, used: size.used)
            at += size.capacity
        }
        laidOut(header)
        guard let image = calloc(header.fileLength, 1) else { return nil }
        func section(_ s: CacheSection) -> UnsafeMutableRawPointer { image + header.sections[s.rawValue].start }

        let members = section(.members)
        FreshMemory.touch(members, bytes: memberSlots * 32)
        for member in content.members {
            var slot = Int(truncatingIfNeeded: member.key) & (memberSlots - 1)
            while members.loadUnaligned(fromByteOffset: slot * 32, as: UInt64.self) != 0 { slot = (slot + 1) & (memberSlots - 1) }
            writeMember(member, to: members + slot * 32)
        }
        content.slugs.withUnsafeBytes {
            if $0.count > 0 { section(.slugs).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        }
        let marks = section(.marks)
        for (k, mark) in content.marks.enumerated() { mark.write(to: marks + k * CacheMark.size) }
        content.refs.withUnsafeBytes {
            if $0.count > 0 { section(.refs).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        }
        networkBytes.withUnsafeBytes { section(.networks).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        let corrections = section(.corrections)
        for (k, pair) in content.corrections.enumerated() {
            corrections.storeBytes(of: UInt32(pair.target), toByteOffset: k * 8, as: UInt32.self)
            corrections.storeBytes(of: UInt32(pair.line), toByteOffset: k * 8 + 4, as: UInt32.self)
        }

        // The page table: every page's checksum (the pages never written are zeros; those of
        // the per-line sections were checksummed with them).
        let zero = zeroPageHash
        let table = image + header.tableStart
        for p in 0..<totalPages {
            table.storeBytes(of: zero, toByteOffset: p * 8, as: UInt64.self)
        }
        let linesPage = header.sections[CacheSection.lines.rawValue].start / page
        for (p, hash) in lines.hashes.enumerated() {
            table.storeBytes(of: hash, toByteOffset: (linesPage + p) * 8, as: UInt64.self)
        }
        checksumUsedPages(of: header.sections[CacheSection.members.rawValue...], in: image) { number, hash in
            table.storeBytes(of: hash, toByteOffset: number * 8, as: UInt64.self)
        }
        header.tableHash = PageHash.hash(table, count: totalPages * 8)
        header.encoded().withUnsafeBytes { image.copyMemory(from: $0.baseAddress!, byteCount: page) }
        return (image, header.fileLength, header)
    }

    /// The checksum of each page that `sections` use (their used bytes, to the end of the
    /// last page), given with its number counted from `memory`; pages past those are zeros.
    static func checksumUsedPages(of sections: some Sequence<CacheExtent>, in memory: UnsafeRawPointer,
                                  _ each: (_ number: Int, _ hash: UInt64) -> Void) {
        for s in sections {
            for p in 0..<(s.used + page - 1) / page {
                let offset = s.start + p * page
                each(offset / page, PageHash.hash(memory + offset, count: page))
            }
        }
    }

    static func writeMember(_ member: CacheContent.Member, to p: UnsafeMutableRawPointer) {
        p.storeBytes(of: member.key, toByteOffset: 0, as: UInt64.self)
        p.storeBytes(of: UInt32(truncatingIfNeeded: member.registration), toByteOffset: 8, as: UInt32.self)
        p.storeBytes(of: UInt32(truncatingIfNeeded: member.slug), toByteOffset: 12, as: UInt32.self)
        p.storeBytes(of: UInt32(truncatingIfNeeded: member.marks.lowerBound), toByteOffset: 16, as: UInt32.self)
        p.storeBytes(of: UInt32(truncatingIfNeeded: member.marks.count), toByteOffset: 20, as: UInt32.self)
        p.storeBytes(of: UInt32(truncatingIfNeeded: member.refs.lowerBound), toByteOffset: 24, as: UInt32.self)
        p.storeBytes(of: UInt32(truncatingIfNeeded: member.refs.count), toByteOffset: 28, as: UInt32.self)
    }

    /// The checksum of a page of zeros.
    static let zeroPageHash: UInt64 = {
        let zeros = [UInt8](repeating: 0, count: page)
        return zeros.withUnsafeBytes { PageHash.hash($0) }
    }()

    /// Writes `content` as the store's cache — through a temporary file renamed into place,
    /// removing caches of older formats — and opens it. When it cannot be written (no
    /// `Snapshots/`, a read-only disk), the cache is kept in memory for this writer alone.
    /// - Parameter made: `content`'s per-line sections, being made on another core (else
    ///   they are made here).
    /// - Returns: nil when the content does not fit the format.
    static func write(_ content: CacheContent, lines made: Background<LineSections?>? = nil, store: LedgerStore) -> WriterCache? {
        guard let lines = made?.take() ?? LineSections(content) else { return nil }
        let final = store.snapshotsPath + "/" + fileName
        let toDisk = FileIO.isDirectory(store.snapshotsPath)
        // The per-line sections (about half the file) are written on another core, as soon as
        // the layout places them, while this one fills in the rest.
        var file: PendingFile?
        guard let (image, length, header) = image(content, lines: lines, laidOut: { header in
            if toDisk { file = PendingFile(path: final, header: header, lines: lines) }
        }) else {
            file?.abandon()
            return nil
        }
        if let file, file.finish(image: image, header: header) {
            free(image)
            Release.elsewhere(consume lines)
            removeOlderFormats(store)
            // Files a writer killed while writing left behind (writers hold the lock: none is in use).
            for name in FileIO.names(in: store.snapshotsPath) where name.hasPrefix(fileName + ".tmp-") {
                unlink(store.snapshotsPath + "/" + name)
            }
            if case .success(let cache) = open(path: final) { return cache }
            return nil
        }
        (image + header.sections[CacheSection.lines.rawValue].start).copyMemory(from: lines.memory, byteCount: lines.length)
        return inMemory(image, length: length)
    }

    /// Removes the caches earlier versions wrote (`validation-<seq>.snapshot`, a JSON header
    /// of kind "validation-index"): this version ignores them. Other files are left alone.
    private static func removeOlderFormats(_ store: LedgerStore) {
        for old in FileIO.numbered(in: store.snapshotsPath, prefix: "validation-", suffix: ".snapshot") {
            let fd = Glibc.open(old.path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            var head = [UInt8](repeating: 0, count: 64)
            let n = head.withUnsafeMutableBytes { read(fd, $0.baseAddress, 64) }
            close(fd)
            let text = String(decoding: head.prefix(max(n, 0)), as: UTF8.self)
            if text.hasPrefix("{\"format\":"), text.contains("\"kind\":\"validation-index\"") { unlink(old.path) }
        }
    }

    /// A cache file being written: the pages in use (the rest of the file is left sparse:
    /// zeros) written to a temporary file, then renamed to `path`. Not synced: a cache that a
    /// crash leaves damaged fails its checksums and is rebuilt.
    private final class PendingFile: @unchecked Sendable {
        let path: String, temporary: String
        let fd: Int32
        /// The per-line sections' pages, being written on another core; whether they were.
        private let linesWritten: Background<Bool>?

        /// Creates the temporary file at its length and starts writing the per-line sections'
        /// pages (held by `lines`, placed by `header`) on another core.
        init(path: String, header: CacheHeader, lines: LineSections) {
            self.path = path
            temporary = path + ".tmp-\(getpid())"
            fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0, ftruncate(fd, off_t(header.fileLength)) == 0 else {
                linesWritten = nil
                return
            }
            let (fd, linesStart) = (fd, header.sections[CacheSection.lines.rawValue].start)
            let sections = PendingFile.sections(header).filter { PendingFile.isLines($0.start, header: header) }
            nonisolated(unsafe) let from = UnsafeRawPointer(lines.memory - linesStart)
            linesWritten = Background {
                !FaultPoint.cacheWriteFails("lines") && sections.allSatisfy { PendingFile.put(fd, from, $0.start, $0.count) }
            }
        }

        /// Writes the rest of the file from `image` (header, page table, the other sections),
        /// waits for the per-line sections and renames the file into place.
        func finish(image: UnsafeMutableRawPointer, header: CacheHeader) -> Bool {
            guard let linesWritten else { return abandon() }
            var ok = !FaultPoint.cacheWriteFails("rest") && PendingFile.put(fd, image, 0, header.tableStart + header.tablePages * 8)
            for section in PendingFile.sections(header) where ok && !PendingFile.isLines(section.start, header: header) {
                ok = PendingFile.put(fd, image, section.start, section.count)
            }
            ok = linesWritten.wait() && ok
            close(fd)
            guard ok, rename(temporary, path) == 0 else {
                unlink(temporary)
                return false
            }
            return true
        }

        /// Gives up: waits for the other core, removes the temporary file. Always false.
        @discardableResult
        func abandon() -> Bool {
            _ = linesWritten?.wait()
            if fd >= 0 {
                close(fd)
                unlink(temporary)
            }
            return false
        }

        /// The used pages of each section with pages in use.
        private static func sections(_ header: CacheHeader) -> [(start: Int, count: Int)] {
            header.sections.filter { $0.used > 0 }.map { ($0.start, ($0.used + page - 1) / page * page) }
        }

        /// Whether the section at `start` is one of the per-line sections (`LineSections`: from
        /// the lines section to the members section, which `image` places after them).
        private static func isLines(_ start: Int, header: CacheHeader) -> Bool {
            let linesStart = header.sections[CacheSection.lines.rawValue].start
            let linesEnd = header.sections[CacheSection.members.rawValue].start
            return start >= linesStart && start < linesEnd
        }

        /// Writes `count` bytes from `from + offset` at `offset`.
        private static func put(_ fd: Int32, _ from: UnsafeRawPointer, _ offset: Int, _ count: Int) -> Bool {
            var done = 0
            while done < count {
                let n = pwrite(fd, from + offset + done, count - done, off_t(offset + done))
                if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { return false }
            }
            return true
        }
    }
}
