#if canImport(Glibc)
import Glibc
#endif

/// The cache of the log's Merkle tree, `Snapshots/merkle-tree.cache`: the complete tiles of
/// `LogTiles` (each tile's start and root, each line's id fingerprint) and the line they end
/// on, so that `prove` and `checkpoint` hash a few hundred lines instead of the whole log.
///
/// Little-endian; the header at 0: magic `MLMERKLE`, 8 format (u32, 1), 12 tile height
/// (u32), 16 tiles T, 24 lines S (T · 2^height), 32 the offset just past line S's `\n`, 40
/// where line S starts, 48 the SHA-256 of line S without its terminator (32 bytes), 80 the
/// checksum of the tiles, 88 that of the ids, and at 120 the header's checksum (`PageHash`
/// of the 120 bytes before it); integers u64 unless said. From 128: T tiles (root, 32
/// bytes; start, u64), then S ids (u32).
///
/// A cache never changes an answer. It is used only when its checksums match and line S of
/// the log is still the line it was made up to — the same bytes at the same place, `\n`
/// included — which, by the chain of `prev` hashes (SPEC §2), vouches for lines 1…S. Lines
/// after S are hashed from the log. Anything else (missing, damaged, cut short, of another
/// format or tile height, of another log, a log cut back or replaced) and the tree is
/// hashed from the log, and the cache written again.
enum TreeCache {
    static let fileName = "merkle-tree.cache"
    static let magic: UInt64 = 0x454C_4B52_454D_4C4D  // "MLMERKLE"
    static let format: UInt32 = 1
    static let headerSize = 128
    static let checksumOffset = 120
    /// Bytes per tile: its root and where it starts.
    static let tileSize = 40

    static func path(_ store: LedgerStore) -> String { store.snapshotsPath + "/" + fileName }

    /// The complete tiles of the cache at `path`, when it is whole and still describes the
    /// log `bytes`; otherwise why not.
    static func read(_ path: String, log bytes: LogBytes, height: Int = LogTiles.height) -> Result<LogTiles.Prefix, CacheRejection> {
        guard FileIO.exists(path) else { return .failure(CacheRejection("there is none")) }
        guard let file = try? FileIO.readAll(path) else { return .failure(CacheRejection("it cannot be read")) }
        return decode(file, height: height).flatMap { decoded in
            if let why = headProblem(decoded.head, log: bytes) { return .failure(CacheRejection(why)) }
            return .success(decoded.prefix)
        }
    }

    /// The line a cache was made up to: where it starts and ends (past its `\n`), its SHA-256.
    struct Head: Equatable {
        var start: Int
        var end: Int
        var hash: SHA256Digest
    }

    /// The cache's complete tiles and head, when `file` is a whole cache of this format and
    /// tile height.
    static func decode(_ file: [UInt8], height: Int) -> Result<(prefix: LogTiles.Prefix, head: Head), CacheRejection> {
        file.withUnsafeBytes { raw in
            guard raw.count >= headerSize, let p = raw.baseAddress else { return .failure(CacheRejection("cut short")) }
            func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: p.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
            func int(_ at: Int) -> Int { let v = u64(at); return v <= UInt64(Int32.max) << 16 ? Int(v) : -1 }
            func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: p.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
            guard u64(0) == magic else { return .failure(CacheRejection("not a tree cache")) }
            guard u32(8) == format else { return .failure(CacheRejection("format \(u32(8)), not \(format)")) }
            guard PageHash.hash(p, count: checksumOffset) == u64(checksumOffset) else {
                return .failure(CacheRejection("its header does not match its checksum"))
            }
            guard u32(12) == UInt32(height) else { return .failure(CacheRejection("tiles of height \(u32(12)), not \(height)")) }
            let tiles = int(16), lines = int(24), end = int(32), start = int(40)
            guard tiles >= 1, tiles < Int(Int32.max) >> height, lines == tiles << height, start >= 0, start < end,
                  raw.count == headerSize + tiles * tileSize + lines * 4 else {
                return .failure(CacheRejection("its header does not fit the file (\(raw.count) bytes)"))
            }
            let idsStart = headerSize + tiles * tileSize
            guard PageHash.hash(p + headerSize, count: tiles * tileSize) == u64(80),
                  PageHash.hash(p + idsStart, count: lines * 4) == u64(88) else {
                return .failure(CacheRejection("its content does not match its checksum"))
            }
            var prefix = LogTiles.Prefix()
            prefix.roots.reserveCapacity(tiles)
            prefix.starts.reserveCapacity(tiles)
            for t in 0..<tiles {
                let at = headerSize + t * tileSize
                prefix.roots.append(SHA256Digest(uncheckedBytes: UnsafeRawBufferPointer(start: p + at, count: 32)))
                prefix.starts.append(int(at + 32))
            }
            guard prefix.starts[0] == 0, zip(prefix.starts, prefix.starts.dropFirst()).allSatisfy({ $0 < $1 }),
                  prefix.starts[tiles - 1] <= start else {
                return .failure(CacheRejection("its tiles are out of order"))
            }
            prefix.ids = (0..<lines).map { UInt32(littleEndian: (p + idsStart).loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
            prefix.end = end
            let head = Head(start: start, end: end,
                            hash: SHA256Digest(uncheckedBytes: UnsafeRawBufferPointer(start: p + 48, count: 32)))
            return .success((prefix, head))
        }
    }

    /// Why the log does not have `head` where the cache says (nil: it does). Reads one line.
    static func headProblem(_ head: Head, log bytes: LogBytes) -> String? {
        bytes.withBuffer { buffer in
            guard head.end <= buffer.count else { return "the log is shorter than the lines it covers" }
            let line = buffer[head.start..<head.end]
            guard head.start == 0 || buffer[head.start - 1] == 0x0A, line.last == 0x0A,
                  line.firstIndex(of: 0x0A) == head.end - 1 else {
                return "the log has no line from byte \(head.start) to \(head.end), where the cache ends"
            }
            var content = line.dropLast()
            if content.last == 0x0D { content = content.dropLast() }
            guard SHA256.hash(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: content))) == head.hash else {
                return "the last line it covers has changed: the log was rewritten or replaced"
            }
            return nil
        }
    }

    /// The cache's bytes for the complete tiles `prefix` of the log `bytes`.
    static func encode(_ prefix: LogTiles.Prefix, log bytes: LogBytes, height: Int) -> [UInt8] {
        let tiles = prefix.tiles
        let lines = prefix.ids.count
        let idsStart = headerSize + tiles * tileSize
        var out = [UInt8](repeating: 0, count: idsStart + lines * 4)
        // Line S: the last before `prefix.end`.
        let start: Int = bytes.withBuffer { buffer in
            var at = prefix.end - 1
            while at > 0 && buffer[at - 1] != 0x0A { at -= 1 }
            return at
        }
        var content = start..<prefix.end - 1
        if bytes.withBuffer({ content.count > 0 && $0[content.upperBound - 1] == 0x0D }) { content = start..<content.upperBound - 1 }
        let hash = bytes.withBuffer { SHA256.hash(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: $0[content]))) }
        out.withUnsafeMutableBytes { p in
            func put(_ value: UInt64, _ at: Int) { p.storeBytes(of: value.littleEndian, toByteOffset: at, as: UInt64.self) }
            func put(_ value: Int, _ at: Int) { put(UInt64(value), at) }
            for t in 0..<tiles {
                let at = headerSize + t * tileSize
                for (k, byte) in prefix.roots[t].bytes.enumerated() { p[at + k] = byte }
                put(prefix.starts[t], at + 32)
            }
            for (k, id) in prefix.ids.enumerated() {
                p.storeBytes(of: id.littleEndian, toByteOffset: idsStart + k * 4, as: UInt32.self)
            }
            put(magic, 0)
            p.storeBytes(of: format.littleEndian, toByteOffset: 8, as: UInt32.self)
            p.storeBytes(of: UInt32(height).littleEndian, toByteOffset: 12, as: UInt32.self)
            put(tiles, 16); put(lines, 24); put(prefix.end, 32); put(start, 40)
            for (k, byte) in hash.bytes.enumerated() { p[48 + k] = byte }
            put(PageHash.hash(p.baseAddress! + headerSize, count: tiles * tileSize), 80)
            put(PageHash.hash(p.baseAddress! + idsStart, count: lines * 4), 88)
            put(PageHash.hash(p.baseAddress!, count: checksumOffset), checksumOffset)
        }
        return out
    }

    /// Writes the cache of `prefix` for `store`: a temporary file, synced, renamed into place,
    /// and the folder synced. A cache: when it cannot be written (no `Snapshots/`, a read-only
    /// disk), nothing is said and the next `prove` hashes the log again.
    /// - Returns: whether it was written.
    @discardableResult
    static func write(_ prefix: LogTiles.Prefix, log bytes: LogBytes, height: Int, store: LedgerStore) -> Bool {
        guard prefix.tiles > 0, FileIO.isDirectory(store.snapshotsPath) else { return false }
        removeAbandoned(store)
        let final = path(store)
        let temporary = final + ".tmp-\(getpid())"
        do {
            try FileIO.writeNewFile(temporary, encode(prefix, log: bytes, height: height), exclusive: false)
            guard rename(temporary, final) == 0 else {
                unlink(temporary)
                return false
            }
            try FileIO.syncDirectory(store.snapshotsPath)
            return true
        } catch {
            return false
        }
    }

    /// Removes the temporary files of writers that are gone (killed while writing): a
    /// running one's is left alone, since readers take no lock.
    private static func removeAbandoned(_ store: LedgerStore) {
        let prefix = fileName + ".tmp-"
        for name in FileIO.names(in: store.snapshotsPath) where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0, kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink(store.snapshotsPath + "/" + name)
        }
    }
}
