#if canImport(Glibc)
import Glibc
#endif

/// The writer's cache (`Snapshots/validation-index.snapshot`, format 3): the validation
/// state of the log's lines 1…S laid out for random access, so that a writer reads only the
/// pages its new events need.
///
/// The file is a sequence of 4 KiB pages:
///
/// - page 0, the header (`CacheHeader`): the log position the cache stands for (S, the
///   SHA-256 of line S, where line S starts and ends), where each section lies, and a
///   checksum of the header itself and one of the page table;
/// - the page table: one `PageHash` per page of the file;
/// - the sections (`CacheSection`), each a run of whole pages with room to grow:
///   `lines` (where each line starts, u64), `info` (each line's type code, and 0x80 once
///   retracted), `ids` (open addressing on a 64-bit hash of the id: hash u64, seq u32),
///   `members` (open addressing on a hash of the slug: hash, registration seq, the slug's
///   place in `slugs`, the range of its dated events in `marks` and of its other lines in
///   `refs`), `slugs`, `marks` (16 bytes each, §4 order per member), `refs` (u32 lines),
///   `networks` (small: every network with its registration, `founded`, the lines naming
///   it, then every merger and closure) and `corrections` (target, line pairs).
///
/// Nothing is trusted unchecked: the header's checksum and the page table's are checked
/// when the file is opened, and each page when it is first read (`bytes(_:_:)`); an id found
/// in the table is confirmed by reading its line back from the log; the cache is used only
/// when line S of the log hashes to the header's hash (SPEC §2: then lines 1…S are the ones
/// it was built from). A page that does not match sets `failure`, every read after it
/// answers nothing, and the writer throws its work away and rebuilds the cache from the log
/// before anything is written.
final class WriterCache: @unchecked Sendable {
    // One writer uses it, on one thread, while it holds the log's lock.

    static let page = 4096
    /// The cache's file name, in `Snapshots/`.
    static let fileName = "validation-index.snapshot"

    let header: CacheHeader
    /// Where the file was read from (nil: built in memory, not written).
    let path: String?
    private let length: Int
    /// The open file, read with `pread` (a mapping would fault, not fail, if someone cut the
    /// file short under it), or nil for a cache held in memory.
    private let fd: Int32?
    /// The cache held in memory (`inMemory`), or nil.
    private let image: UnsafeMutableRawPointer?
    /// The page table, checked against the header when the file is opened.
    private let table: [UInt64]
    /// Pages read and checked, by number (each `page` bytes).
    private var pages: [Int: UnsafeMutableRawPointer] = [:]
    /// Runs of several pages read and checked at once (freed with the cache).
    private var runs: [UnsafeMutableRawPointer] = []
    /// Pages of the in-memory image checked already (a bit per page).
    private var verified: [UInt64]
    /// Why the cache can no longer be trusted, once a page did not match.
    private(set) var failure: String?

    private init(fd: Int32?, image: UnsafeMutableRawPointer?, length: Int, header: CacheHeader, table: [UInt64], path: String?) {
        self.fd = fd
        self.image = image
        self.length = length
        self.header = header
        self.table = table
        self.path = path
        verified = [UInt64](repeating: 0, count: image == nil ? 0 : (length / WriterCache.page + 63) / 64)
    }

    deinit {
        if let fd { close(fd) }
        if let image { free(image) }
        for (_, page) in pages { page.deallocate() }
        for run in runs { run.deallocate() }
    }

    /// Opens the cache at `path`; fails, saying why, when it is missing, cut short, of another
    /// format, or its header or page table does not match its checksum.
    static func open(path: String) -> Result<WriterCache, CacheRejection> {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(CacheRejection(errno == ENOENT ? "there is none" : "it cannot be read")) }
        let size = FileIO.size(fd: fd)
        guard size >= page, size % page == 0 else {
            close(fd)
            return .failure(CacheRejection("cut short or not a cache (\(size) bytes)"))
        }
        guard let first = try? FileIO.read(fd: fd, offset: 0, count: page, path: path), first.count == page else {
            close(fd)
            return .failure(CacheRejection("it cannot be read"))
        }
        let decoded = first.withUnsafeBytes { CacheHeader.decode($0) }
        guard case .success(let header) = decoded else {
            close(fd)
            if case .failure(let rejection) = decoded { return .failure(rejection) }
            return .failure(CacheRejection("it cannot be read"))
        }
        guard header.fileLength == size else {
            close(fd)
            return .failure(CacheRejection("its header says \(header.fileLength) bytes, the file has \(size)"))
        }
        guard let raw = try? FileIO.read(fd: fd, offset: header.tableStart, count: header.tablePages * 8, path: path),
              raw.count == header.tablePages * 8,
              raw.withUnsafeBytes({ PageHash.hash($0) }) == header.tableHash else {
            close(fd)
            return .failure(CacheRejection("its page table does not match its checksum"))
        }
        let table = raw.withUnsafeBytes { p in (0..<header.tablePages).map { p.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) } }
        return .success(WriterCache(fd: fd, image: nil, length: size, header: header, table: table, path: path))
    }

    /// A cache held in memory (one that could not be written), taking ownership of `image`
    /// (allocated with `malloc`/`calloc`, `length` bytes).
    static func inMemory(_ image: UnsafeMutableRawPointer, length: Int) -> WriterCache? {
        guard case .success(let header) = CacheHeader.decode(UnsafeRawBufferPointer(start: image, count: page)),
              header.fileLength == length,
              PageHash.hash(image + header.tableStart, count: header.tablePages * 8) == header.tableHash else {
            free(image)
            return nil
        }
        let table = (0..<header.tablePages).map { (image + header.tableStart).loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) }
        return WriterCache(fd: nil, image: image, length: length, header: header, table: table, path: nil)
    }

    /// The page table (each page's checksum), as checked when the file was opened.
    var tableEntries: [UInt64] { table }

    /// Records why the cache can no longer be trusted (the first reason is kept).
    func fail(_ why: String) {
        if failure == nil { failure = why }
    }

    /// Whether page `number`, at `p`, matches its checksum (and says so when not).
    private func check(_ number: Int, _ p: UnsafeRawPointer) -> Bool {
        guard PageHash.hash(p, count: WriterCache.page) == table[number] else {
            fail("page \(number) does not match its checksum")
            return false
        }
        return true
    }

    /// `count` bytes at `offset`, once every page they lie on matches its checksum; nil (and
    /// `failure` set) when they are out of the file, cannot be read, or a page does not match.
    /// The bytes stay valid as long as the cache.
    func bytes(_ offset: Int, _ count: Int) -> UnsafeRawPointer? {
        guard failure == nil else { return nil }
        guard offset >= 0, count >= 0, offset <= length - count else {
            fail("a read past its end (\(count) bytes at \(offset))")
            return nil
        }
        let size = WriterCache.page
        let first = offset / size, last = count == 0 ? first : (offset + count - 1) / size
        if let image {
            for number in first...last where verified[number >> 6] & (1 << UInt64(number & 63)) == 0 {
                guard check(number, image + number * size) else { return nil }
                verified[number >> 6] |= 1 << UInt64(number & 63)
            }
            return UnsafeRawPointer(image + offset)
        }
        if first == last, let page = pages[first] { return UnsafeRawPointer(page + offset - first * size) }
        let run = UnsafeMutableRawPointer.allocate(byteCount: (last - first + 1) * size, alignment: 16)
        var done = 0
        let want = (last - first + 1) * size
        while done < want {
            let n = pread(fd!, run + done, want - done, off_t(first * size + done))
            if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { break }
        }
        guard done == want else {
            run.deallocate()
            fail("it cannot be read whole")
            return nil
        }
        for number in first...last where !check(number, run + (number - first) * size) {
            run.deallocate()
            return nil
        }
        if first == last { pages[first] = run } else { runs.append(run) }
        return UnsafeRawPointer(run + offset - first * size)
    }

    /// Whether every page of the file matches its checksum (for tests and diagnostics).
    func verifyAll() -> Bool {
        let first = header.tableStart / WriterCache.page + (header.tablePages * 8 + WriterCache.page - 1) / WriterCache.page
        return bytes(first * WriterCache.page, length - first * WriterCache.page) != nil
    }

    /// The extent of a section.
    func extent(_ section: CacheSection) -> CacheExtent { header.sections[section.rawValue] }

    /// `count` bytes at `offset` within a section's used bytes, checked.
    func bytes(in section: CacheSection, _ offset: Int, _ count: Int) -> UnsafeRawPointer? {
        let extent = extent(section)
        guard offset >= 0, count >= 0, offset <= extent.used - count else {
            fail("a read outside its \(section) section")
            return nil
        }
        return bytes(extent.start + offset, count)
    }


    // MARK: - Typed reads

    private func load<T>(_ section: CacheSection, _ offset: Int, as type: T.Type) -> T? {
        bytes(in: section, offset, MemoryLayout<T>.size)?.loadUnaligned(as: T.self)
    }

    /// Where line `seq` (1…S) starts in the log.
    func lineStart(_ seq: Int) -> Int? {
        guard seq >= 1, seq <= header.seq else { return nil }
        return load(.lines, (seq - 1) * 8, as: UInt64.self).map { Int(truncatingIfNeeded: $0) }
    }

    /// Where line `seq` (1…S) lies in the log, its terminator included.
    func lineRange(_ seq: Int) -> Range<Int>? {
        guard let start = lineStart(seq) else { return nil }
        let end = seq == header.seq ? header.offset : lineStart(seq + 1)
        guard let end, start < end else {
            fail("line \(seq) has no extent")
            return nil
        }
        return start..<end
    }

    /// Line `seq`'s type and whether it was retracted.
    func info(_ seq: Int) -> (type: EventType, retracted: Bool)? {
        guard seq >= 1, seq <= header.seq, let byte = load(.info, seq - 1, as: UInt8.self) else { return nil }
        guard let type = EventType(code: Int(byte & 0x7F)) else {
            fail("line \(seq) has no type")
            return nil
        }
        return (type, byte & 0x80 != 0)
    }

    /// The key an id or a slug has in a table: a hash that is never 0 (0 marks an empty slot).
    static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let h = Interner.hash(bytes)
        return h == 0 ? 1 : h
    }

    static func key(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { key($0) }
    }

    /// The lines whose id has this key (candidates: a line must be read to confirm its id).
    func idCandidates(_ key: UInt64) -> [Int] {
        let extent = extent(.ids)
        let slots = extent.capacity / 16
        guard slots > 0 else { return [] }
        var found: [Int] = []
        var slot = Int(truncatingIfNeeded: key) & (slots - 1)
        for _ in 0..<slots {
            guard let p = bytes(in: .ids, slot * 16, 16) else { return [] }
            let stored = p.loadUnaligned(as: UInt64.self)
            if stored == 0 { return found }
            if stored == key { found.append(Int(p.loadUnaligned(fromByteOffset: 8, as: UInt32.self))) }
            slot = (slot + 1) & (slots - 1)
        }
        return found
    }

    /// Every (key, seq) of the id table.
    func allIDKeys() -> [(key: UInt64, seq: Int)]? {
        let extent = extent(.ids)
        guard let p = bytes(in: .ids, 0, extent.capacity) else { return nil }
        var out: [(UInt64, Int)] = []
        out.reserveCapacity(header.idCount)
        for slot in 0..<extent.capacity / 16 {
            let key = p.loadUnaligned(fromByteOffset: slot * 16, as: UInt64.self)
            if key != 0 { out.append((key, Int(p.loadUnaligned(fromByteOffset: slot * 16 + 8, as: UInt32.self)))) }
        }
        return out
    }

    /// One member's record.
    struct MemberSlot {
        var slot: Int
        var key: UInt64
        var slug: [UInt8]
        var registration: Int
        var marks: Range<Int>
        var refs: Range<Int>
    }

    /// The record at slot `slot` (nil when empty or unreadable).
    func memberSlot(_ slot: Int) -> MemberSlot? {
        guard let p = bytes(in: .members, slot * 32, 32) else { return nil }
        let key = p.loadUnaligned(as: UInt64.self)
        guard key != 0 else { return nil }
        let registration = Int(p.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        let slugAt = Int(p.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
        let marksStart = Int(p.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        let marksCount = Int(p.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
        let refsStart = Int(p.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
        let refsCount = Int(p.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
        guard let n = load(.slugs, slugAt, as: UInt8.self), let s = bytes(in: .slugs, slugAt + 1, Int(n)) else { return nil }
        let slug = Array(UnsafeRawBufferPointer(start: s, count: Int(n)))
        return MemberSlot(slot: slot, key: key, slug: slug, registration: registration,
                          marks: marksStart..<marksStart + marksCount, refs: refsStart..<refsStart + refsCount)
    }

    /// The record of member `slug`, or nil when the cache has none.
    func member(_ slug: String) -> MemberSlot? {
        let extent = extent(.members)
        let slots = extent.capacity / 32
        guard slots > 0 else { return nil }
        let key = WriterCache.key(slug)
        let wanted = Array(slug.utf8)
        var slot = Int(truncatingIfNeeded: key) & (slots - 1)
        for _ in 0..<slots {
            guard let p = bytes(in: .members, slot * 32, 32) else { return nil }
            let stored = p.loadUnaligned(as: UInt64.self)
            if stored == 0 { return nil }
            if stored == key, let record = memberSlot(slot), record.slug == wanted { return record }
            slot = (slot + 1) & (slots - 1)
        }
        return nil
    }

    /// Every member record.
    func allMembers() -> [MemberSlot]? {
        let slots = extent(.members).capacity / 32
        var out: [MemberSlot] = []
        out.reserveCapacity(header.memberCount)
        for slot in 0..<slots {
            guard let p = bytes(in: .members, slot * 32, 32) else { return nil }
            guard p.loadUnaligned(as: UInt64.self) != 0 else { continue }
            guard let record = memberSlot(slot) else { return nil }
            out.append(record)
        }
        return out
    }

    /// The dated events in `range` of the marks section, raw.
    func marks(_ range: Range<Int>) -> [CacheMark]? {
        guard let p = bytes(in: .marks, range.lowerBound * CacheMark.size, range.count * CacheMark.size) else { return nil }
        return (0..<range.count).map { CacheMark(p + $0 * CacheMark.size) }
    }

    /// The lines in `range` of the refs section.
    func refs(_ range: Range<Int>) -> [Int]? {
        guard let p = bytes(in: .refs, range.lowerBound * 4, range.count * 4) else { return nil }
        return (0..<range.count).map { Int(p.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
    }

    /// The networks, their references and endings.
    func networks() -> NetworkTable? {
        let extent = extent(.networks)
        guard let p = bytes(in: .networks, 0, extent.used) else { return nil }
        guard let table = NetworkTable(decoding: UnsafeRawBufferPointer(start: p, count: extent.used)) else {
            fail("its networks do not decode")
            return nil
        }
        return table
    }

    /// The (target, correcting line) pairs, sorted.
    func corrections() -> [(target: Int, line: Int)]? {
        let extent = extent(.corrections)
        guard let p = bytes(in: .corrections, 0, extent.used) else { return nil }
        return (0..<extent.used / 8).map {
            (Int(p.loadUnaligned(fromByteOffset: $0 * 8, as: UInt32.self)),
             Int(p.loadUnaligned(fromByteOffset: $0 * 8 + 4, as: UInt32.self)))
        }
    }
}

/// Why a cache was not used.
struct CacheRejection: Error {
    let why: String
    init(_ why: String) { self.why = why }
}

/// The sections of the writer's cache, in file order.
enum CacheSection: Int, CaseIterable, CustomStringConvertible {
    case lines, info, ids, members, slugs, marks, refs, networks, corrections

    var description: String {
        ["lines", "info", "ids", "members", "slugs", "marks", "refs", "networks", "corrections"][rawValue]
    }
}

/// Where a section lies in the file: its first byte (on a page boundary), the bytes reserved
/// for it and the bytes in use.
struct CacheExtent: Equatable {
    var start: Int
    var capacity: Int
    var used: Int
}

/// One dated event of a member, as the cache stores it: seq, earliest and latest day, and
/// the type code (high byte) with the network's index in `NetworkTable` (low 24 bits).
struct CacheMark: Equatable {
    static let size = 16
    var seq: UInt32
    var earliest: Int32
    var latest: Int32
    var packed: UInt32

    init(seq: Int, type: EventType, earliest: Int32, latest: Int32, network: Int) {
        self.seq = UInt32(truncatingIfNeeded: seq)
        self.earliest = earliest
        self.latest = latest
        packed = UInt32(type.code) << 24 | UInt32(truncatingIfNeeded: network) & 0xFF_FFFF
    }

    init(_ p: UnsafeRawPointer) {
        seq = p.loadUnaligned(as: UInt32.self)
        earliest = p.loadUnaligned(fromByteOffset: 4, as: Int32.self)
        latest = p.loadUnaligned(fromByteOffset: 8, as: Int32.self)
        packed = p.loadUnaligned(fromByteOffset: 12, as: UInt32.self)
    }

    var typeCode: Int { Int(packed >> 24) }
    var network: Int { Int(packed & 0xFF_FFFF) }

    /// Whether this mark comes before `other` in SPEC §4's order (earliest day, rank, latest
    /// day, seq).
    func precedes(_ other: CacheMark) -> Bool {
        if earliest != other.earliest { return earliest < other.earliest }
        let (a, b) = (CacheMark.rank(typeCode), CacheMark.rank(other.typeCode))
        if a != b { return a < b }
        if latest != other.latest { return latest < other.latest }
        return seq < other.seq
    }

    private static func rank(_ code: Int) -> Int {
        EventType(code: code)?.rank ?? 7
    }

    func write(to p: UnsafeMutableRawPointer) {
        p.storeBytes(of: seq.littleEndian, toByteOffset: 0, as: UInt32.self)
        p.storeBytes(of: earliest.littleEndian, toByteOffset: 4, as: Int32.self)
        p.storeBytes(of: latest.littleEndian, toByteOffset: 8, as: Int32.self)
        p.storeBytes(of: packed.littleEndian, toByteOffset: 12, as: UInt32.self)
    }
}

/// The header page of the writer's cache.
///
/// Little-endian, at these offsets: 0 magic `MLWCACHE`, 8 format (u32, 3), 12 page size
/// (u32), 16 file length, 24 S, 32 where line S starts, 40 where it ends (after its `\n`),
/// 48 the SHA-256 of line S (32 bytes), 80 where the page table starts, 88 its pages, 96 its
/// checksum, 104 ids, 112 members, 120 live marks, 128 live refs, 136 the number of
/// sections, 144 the sections (start, capacity, used; 24 bytes each), and at 4088 the
/// header's checksum (`PageHash` of the 4088 bytes before it). Integers are u64 unless said.
struct CacheHeader: Equatable {
    static let magic: UInt64 = 0x4548_4341_4357_4C4D  // "MLWCACHE"
    static let format: UInt32 = 3
    static let checksumOffset = 4088

    var fileLength = 0
    var seq = 0
    var lineStart = 0
    var offset = 0
    var hash = SHA256Digest.zero
    var tableStart = 0
    var tablePages = 0
    var tableHash: UInt64 = 0
    var idCount = 0
    var memberCount = 0
    var liveMarks = 0
    var liveRefs = 0
    var sections = [CacheExtent](repeating: CacheExtent(start: 0, capacity: 0, used: 0), count: CacheSection.allCases.count)

    /// The header page.
    func encoded() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: WriterCache.page)
        out.withUnsafeMutableBytes { p in
            func put(_ value: UInt64, _ at: Int) { p.storeBytes(of: value.littleEndian, toByteOffset: at, as: UInt64.self) }
            func put(_ value: Int, _ at: Int) { put(UInt64(truncatingIfNeeded: value), at) }
            put(CacheHeader.magic, 0)
            p.storeBytes(of: CacheHeader.format.littleEndian, toByteOffset: 8, as: UInt32.self)
            p.storeBytes(of: UInt32(WriterCache.page).littleEndian, toByteOffset: 12, as: UInt32.self)
            put(fileLength, 16); put(seq, 24); put(lineStart, 32); put(offset, 40)
            for (k, byte) in hash.bytes.enumerated() { p[48 + k] = byte }
            put(tableStart, 80); put(tablePages, 88); put(tableHash, 96)
            put(idCount, 104); put(memberCount, 112); put(liveMarks, 120); put(liveRefs, 128)
            put(sections.count, 136)
            for (k, s) in sections.enumerated() {
                put(s.start, 144 + k * 24); put(s.capacity, 152 + k * 24); put(s.used, 160 + k * 24)
            }
            put(PageHash.hash(p.baseAddress!, count: CacheHeader.checksumOffset), CacheHeader.checksumOffset)
        }
        return out
    }

    /// The header in `page`, when it is one this version writes and every field is in range.
    static func decode(_ page: UnsafeRawBufferPointer) -> Result<CacheHeader, CacheRejection> {
        guard page.count >= WriterCache.page, let p = page.baseAddress else { return .failure(CacheRejection("cut short")) }
        func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: p.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        func int(_ at: Int) -> Int? { let v = u64(at); return v <= UInt64(Int.max) ? Int(v) : nil }
        guard u64(0) == magic else { return .failure(CacheRejection("not a writer's cache")) }
        let format = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        guard format == CacheHeader.format else {
            return .failure(CacheRejection("unknown format \(format) (this version reads format \(CacheHeader.format))"))
        }
        guard PageHash.hash(p, count: checksumOffset) == u64(checksumOffset) else {
            return .failure(CacheRejection("its header does not match its checksum"))
        }
        let pageSize = Int(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 12, as: UInt32.self)))
        var h = CacheHeader()
        guard pageSize == WriterCache.page,
              let fileLength = int(16), let seq = int(24), let lineStart = int(32), let offset = int(40),
              let tableStart = int(80), let tablePages = int(88),
              let idCount = int(104), let memberCount = int(112), let liveMarks = int(120), let liveRefs = int(128),
              int(136) == CacheSection.allCases.count else {
            return .failure(CacheRejection("its header is out of range"))
        }
        h.fileLength = fileLength; h.seq = seq; h.lineStart = lineStart; h.offset = offset
        h.hash = SHA256Digest(uncheckedBytes: UnsafeRawBufferPointer(start: p + 48, count: 32))
        h.tableStart = tableStart; h.tablePages = tablePages; h.tableHash = u64(96)
        h.idCount = idCount; h.memberCount = memberCount; h.liveMarks = liveMarks; h.liveRefs = liveRefs
        for k in 0..<CacheSection.allCases.count {
            guard let start = int(144 + k * 24), let capacity = int(152 + k * 24), let used = int(160 + k * 24) else {
                return .failure(CacheRejection("its header is out of range"))
            }
            h.sections[k] = CacheExtent(start: start, capacity: capacity, used: used)
        }
        guard h.isConsistent else { return .failure(CacheRejection("its header is out of range")) }
        return .success(h)
    }

    /// Every extent within the file, on page boundaries, the tables' sizes powers of two, the
    /// per-line sections as long as S says.
    var isConsistent: Bool {
        let page = WriterCache.page
        guard fileLength % page == 0, fileLength >= 2 * page, seq >= 1, seq < Int(UInt32.max),
              lineStart < offset, offset < Int(Int64.max),
              tableStart == page, tablePages == fileLength / page, tablePages * 8 <= fileLength,
              idCount <= seq else { return false }
        let tableEnd = tableStart + (tablePages * 8 + page - 1) / page * page
        for s in sections {
            guard s.start >= tableEnd, s.start % page == 0, s.capacity % page == 0, s.used >= 0, s.used <= s.capacity,
                  s.capacity <= fileLength, s.start <= fileLength - s.capacity else { return false }
        }
        func isPowerOfTwo(_ n: Int) -> Bool { n > 0 && n & (n - 1) == 0 }
        let ids = sections[CacheSection.ids.rawValue], members = sections[CacheSection.members.rawValue]
        return sections[CacheSection.lines.rawValue].used == seq * 8 && sections[CacheSection.info.rawValue].used == seq
            && isPowerOfTwo(ids.capacity / 16) && ids.used == ids.capacity
            && isPowerOfTwo(members.capacity / 32) && members.used == members.capacity
            && sections[CacheSection.marks.rawValue].used % CacheMark.size == 0
            && sections[CacheSection.refs.rawValue].used % 4 == 0
            && sections[CacheSection.corrections.rawValue].used % 8 == 0
    }
}

/// The networks as the cache keeps them: each network named anywhere (registered or not),
/// in a fixed order (marks name them by position), with its registration line (0: none), its
/// `founded` date as written and the lines naming it otherwise (renames, policies, a
/// closure's successor); then every merger and closure in §4 order.
///
/// Encoded: u32 count; per network u8 slug length, slug, u32 registration, u16 `founded`
/// length (0xFFFF: none) and text, u32 count and the lines; then u32 count and per ending u32
/// seq, u8 type code, i32 earliest, i32 latest, u32 network, u32 into (0xFFFFFFFF: none).
struct NetworkTable: Equatable {
    struct Entry: Equatable {
        var slug: String
        var registration: Int
        var founded: String?
        var refs: [Int]
    }
    struct Ending: Equatable {
        var seq: Int
        var type: EventType
        var earliest: Int32
        var latest: Int32
        var network: Int
        var into: Int?
    }

    var entries: [Entry] = []
    var endings: [Ending] = []
    /// Position of each slug in `entries`.
    private(set) var positions: [String: Int] = [:]

    init() {}

    /// The position of `slug`, added if new.
    mutating func position(_ slug: String) -> Int {
        if let k = positions[slug] { return k }
        entries.append(Entry(slug: slug, registration: 0, founded: nil, refs: []))
        positions[slug] = entries.count - 1
        return entries.count - 1
    }

    func position(of slug: String) -> Int? { positions[slug] }

    func encoded() -> [UInt8] {
        var out = ByteWriter()
        out.u32(entries.count)
        for e in entries {
            let slug = Array(e.slug.utf8)
            out.u8(UInt8(truncatingIfNeeded: slug.count)); out.bytes += slug
            out.u32(e.registration)
            if let founded = e.founded {
                let text = Array(founded.utf8)
                out.u16(text.count); out.bytes += text
            } else {
                out.u16(0xFFFF)
            }
            out.u32(e.refs.count)
            for line in e.refs { out.u32(line) }
        }
        out.u32(endings.count)
        for end in endings {
            out.u32(end.seq); out.u8(end.type.code); out.i32(end.earliest); out.i32(end.latest)
            out.u32(end.network); out.u32(end.into ?? 0xFFFF_FFFF)
        }
        return out.bytes
    }

    init?(decoding bytes: UnsafeRawBufferPointer) {
        var input = ByteReader(Array(bytes)[...])
        guard let count = input.u32(), count <= bytes.count else { return nil }
        for _ in 0..<count {
            guard let n = input.u8(), let slugBytes = input.take(Int(n)),
                  let slug = String(validating: slugBytes, as: UTF8.self), positions[slug] == nil,
                  let registration = input.u32(), let foundedLength = input.u16() else { return nil }
            var founded: String?
            if foundedLength != 0xFFFF {
                guard let text = input.take(foundedLength), let s = String(validating: text, as: UTF8.self) else { return nil }
                founded = s
            }
            guard let refCount = input.u32(), refCount <= input.remaining / 4 else { return nil }
            var refs: [Int] = []
            refs.reserveCapacity(refCount)
            for _ in 0..<refCount {
                guard let line = input.u32() else { return nil }
                refs.append(line)
            }
            positions[slug] = entries.count
            entries.append(Entry(slug: slug, registration: registration, founded: founded, refs: refs))
        }
        guard let endingCount = input.u32(), endingCount <= input.remaining / 21 else { return nil }
        for _ in 0..<endingCount {
            guard let seq = input.u32(), let type = input.type(), let earliest = input.i32(), let latest = input.i32(),
                  let network = input.u32(), network < entries.count, let into = input.u32(),
                  into == 0xFFFF_FFFF || into < entries.count else { return nil }
            endings.append(Ending(seq: seq, type: type, earliest: earliest, latest: latest, network: network,
                                  into: into == 0xFFFF_FFFF ? nil : into))
        }
        guard input.atEnd else { return nil }
    }

    static func == (a: NetworkTable, b: NetworkTable) -> Bool { a.entries == b.entries && a.endings == b.endings }
}
