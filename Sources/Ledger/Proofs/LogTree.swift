/// The RFC 9162 Merkle tree of a ledger's log (SPEC §10), with the lines it was made of.
///
/// Its leaves are the log's complete lines, line 1 first, each hashed without its
/// terminator (`\n`, or `\r\n` in a converted file): exactly the bytes hashed for `prev`.
/// A final line without `\n` is a torn write that was never acknowledged (SPEC §2, §7),
/// so it is never a leaf: the tree of a log being appended to is the tree of what was
/// acknowledged.
///
/// It keeps the roots of tiles of 256 lines (`LogTiles`) and hashes the lines of a smaller
/// subtree when a proof needs one; `load(_:cache: .use)` takes the complete tiles from
/// `Snapshots/merkle-tree.cache` (`TreeCache`) when the cache still describes the log.
///
/// ```swift
/// let log = try LogTree.load(store, cache: .use)
/// let checkpoint = try log.checkpoint(size: log.size)     // memberships/<genesis id>, n, root
/// let proof = try log.inclusionProof(index: seq - 1, size: log.size)
/// ```
///
/// The tree needs nothing from the lines but their bytes: it is made for a log that does
/// not verify as well (so `verify --checkpoint` can say where a rewritten log departs from
/// a checkpoint). Only the origin needs line 1 to be a genesis event.
public struct LogTree: Sendable {
    /// The id of the genesis event (line 1), which names the log in a checkpoint's origin;
    /// nil when line 1 is missing or is not a genesis event.
    public let genesis: EventID?
    /// Why `genesis` is nil.
    private let genesisProblem: String?
    /// The log's lines in tiles, with the roots of the complete ones.
    let tiles: LogTiles
    /// What was made of the cache in `Snapshots/`.
    let cache: CacheReport

    /// Whether to use the tree's cache, `Snapshots/merkle-tree.cache`.
    public enum CacheUse: Sendable {
        /// Hash the whole log and leave the cache alone (`verify --checkpoint`: it checks
        /// the log itself).
        case ignore
        /// Take the tiles the cache holds when it still describes the log, hash the lines
        /// after them, and write it again when it grew by a tile or more (or was unusable).
        case use
        /// Hash the whole log and write the cache again.
        case rebuild
    }

    /// What became of the cache (for tests).
    struct CacheReport: Equatable {
        /// The tiles taken from it (0: none).
        var tilesRead = 0
        /// Why it was not used, when it was asked for and not used.
        var rejected: String?
        /// Whether it was written.
        var written = false
    }

    /// The number of leaves: the log's complete lines.
    public var size: Int { tiles.count }

    /// The root of all the log's complete lines.
    var root: SHA256Digest { rootOf(size) }

    /// Whether some of the tree was taken from `Snapshots/merkle-tree.cache`.
    public var usedCache: Bool { cache.tilesRead > 0 }

    /// The tree of the log of `store`, mapped rather than read (its pages stay in the page cache).
    ///
    /// - Parameter cache: whether to read and write `Snapshots/merkle-tree.cache` (by
    ///   default, not: the whole log is hashed).
    /// - Throws: `.noLedger` (66) when there is no log; `.io` (74) when it cannot be mapped.
    /// - Complexity: O(bytes) hashing, on every core, without a usable cache; with one,
    ///   O(bytes after it) hashing and O(lines / 256) work. O(lines) memory: 4 bytes a line kept (the id
    ///   fingerprints), 8 more while new lines are hashed.
    public static func load(_ store: LedgerStore, cache: CacheUse = .ignore) throws(LedgerError) -> LogTree {
        try store.requireLedger()
        let bytes = LogBytes.mapped(try MappedFile(path: store.logPath))
        guard cache != .ignore else { return LogTree(tiles: LogTiles(bytes: bytes), cache: CacheReport()) }
        var report = CacheReport()
        var prefix = LogTiles.Prefix()
        if cache == .use {
            switch TreeCache.read(TreeCache.path(store), log: bytes) {
            case .success(let read):
                prefix = read
                report.tilesRead = read.tiles
            case .failure(let rejection):
                report.rejected = rejection.why
            }
        } else {
            report.rejected = "rebuilt on request"
        }
        let tiles = LogTiles(bytes: bytes, after: prefix)
        if tiles.completeTiles > prefix.tiles {
            report.written = TreeCache.write(tiles.complete, log: bytes, height: tiles.height, store: store)
        }
        return LogTree(tiles: tiles, cache: report)
    }

    /// The tree of a log given as its bytes.
    public init(bytes: [UInt8]) {
        self.init(tiles: LogTiles(bytes: .held(bytes)), cache: CacheReport())
    }

    init(tiles: LogTiles, cache: CacheReport) {
        self.tiles = tiles
        self.cache = cache
        switch Self.genesis(of: tiles) {
        case .success(let id):
            genesis = id
            genesisProblem = nil
        case .failure(let problem):
            genesis = nil
            genesisProblem = problem.message
        }
    }

    /// The id of line 1's genesis event, or why there is none.
    private static func genesis(of tiles: LogTiles) -> Result<EventID, EventError> {
        guard tiles.count > 0 else {
            return .failure(EventError("the log has no complete line; line 1 must be the genesis event"))
        }
        let first = tiles.line(at: 0)
        return Result { () throws(EventError) in
            let event = try EventDecoder.decodeLine(first, mode: .stored)
            guard event.type == .ledger else {
                throw EventError("line 1 is a '\(event.type.rawValue)' event, not the genesis event ('ledger')")
            }
            return event.id
        }
    }

    /// The genesis event's id, for a checkpoint's origin.
    /// - Throws: `.badData` (65) naming line 1 when it is not a genesis event.
    public func origin() throws(LedgerError) -> EventID {
        guard let genesis else {
            throw LedgerError(.badData, "\(genesisProblem ?? "line 1 is not the genesis event"); a checkpoint's origin is the genesis event's id",
                              file: LedgerStore.logName, line: 1)
        }
        return genesis
    }

    /// The bytes of line `index + 1`, without its terminator; `index` must be in `0..<size`.
    public func line(at index: Int) -> [UInt8] {
        tiles.line(at: index)
    }

    // MARK: - Checkpoints and proofs

    /// The checkpoint of the first `size` lines (SPEC §10).
    /// - Parameter size: in `0...self.size`; 0 is the empty tree, whose root is SHA-256 of nothing.
    /// - Throws: `.usage` (64) for a size beyond the log; `.badData` (65) when line 1 is not
    ///   a genesis event.
    /// - Complexity: O(log size).
    public func checkpoint(size: Int) throws(LedgerError) -> Checkpoint {
        let genesis = try origin()
        try checkSize(size)
        return Checkpoint(genesis: genesis, size: size, root: rootOf(size))
    }

    /// The inclusion proof of line `index + 1` in the tree of the first `size` lines, with
    /// that tree's checkpoint and the line's text: what `memberships prove --event` prints.
    /// - Throws: `.usage` (64) for a size beyond the log or an index not in `0..<size`;
    ///   `.badData` (65) when line 1 is not a genesis event, or when the line is not UTF-8
    ///   (a proof holds the line as JSON text).
    public func inclusionProof(index: Int, size: Int) throws(LedgerError) -> InclusionProofFile {
        let checkpoint = try checkpoint(size: size)
        guard index >= 0, index < size else {
            throw LedgerError(.usage, "line \(index + 1) is not in the tree of the first \(size) line\(size == 1 ? "" : "s")")
        }
        let bytes = line(at: index)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LedgerError(.badData, "the line is not UTF-8, so a proof cannot hold it as text",
                              file: LedgerStore.logName, line: index + 1)
        }
        let proof: InclusionProof
        do {
            proof = try tiles.inclusionPath(index: index, size: size)
        } catch {
            throw LedgerError(.usage, error.description)
        }
        return InclusionProofFile(checkpoint: checkpoint, index: index, line: text, path: proof.path)
    }

    /// The consistency proof from the tree of the first `from` lines to that of the first
    /// `to`, with both checkpoints: what `memberships prove --from` prints.
    /// - Throws: `.usage` (64) for sizes out of order, beyond the log, or `from` = 0 (a proof
    ///   from the empty tree proves nothing, and RFC 9162 defines none); `.badData` (65) when
    ///   line 1 is not a genesis event.
    public func consistencyProof(from: Int, to: Int) throws(LedgerError) -> ConsistencyProofFile {
        let second = try checkpoint(size: to)
        let first = try checkpoint(size: min(max(from, 0), to))
        let proof: ConsistencyProof
        do {
            proof = try tiles.consistencyPath(from: from, to: to)
        } catch {
            throw LedgerError(.usage, error.description)
        }
        return ConsistencyProofFile(from: first, to: second, path: proof.path)
    }

    private func checkSize(_ size: Int) throws(LedgerError) {
        guard size >= 0, size <= self.size else {
            throw LedgerError(.usage, "tree size \(size) is beyond the log's \(self.size) complete line\(self.size == 1 ? "" : "s")")
        }
    }

    /// The root of the first `size` lines; `size` must be in `0...self.size`.
    func rootOf(_ size: Int) -> SHA256Digest {
        (try? tiles.rootHash(size: size)) ?? MerkleHash.emptyRoot
    }

    // MARK: - Finding an event

    /// The 0-based index (seq − 1) of the first line whose event has the id `id`, or nil.
    ///
    /// Reads the lines whose id has the same fingerprint as `id` (a few at most) and
    /// compares their top-level `id` — straight from the bytes for a line in canonical form
    /// (`{"seq":N,"id":"…"`), through the JSON reader otherwise. When none has it, every
    /// line is read, on every core: so a fingerprint from the cache that no longer matches
    /// the log can only cost time, never hide an event.
    /// - Complexity: O(lines) comparisons of 32-bit fingerprints; O(bytes) for an unknown id.
    public func index(of id: EventID) -> Int? {
        let key = LogTiles.fingerprint(id: id.rawValue)
        let ids = tiles.ids
        var k = 0
        while k < ids.count {
            if ids[k] == key, tiles.bytes.withBuffer({ Self.eventID(UnsafeBufferPointer(rebasing: $0[tiles.lineRange(at: k)])) }) == id.rawValue {
                return k
            }
            k += 1
        }
        let wanted = id.rawValue
        return tiles.mapLines { index, line in Self.eventID(line) == wanted ? index : nil }.first
    }

    /// The ids of every line that has one, in log order (for a did-you-mean hint).
    public func eventIDs() -> [String] {
        tiles.mapLines { _, line in Self.eventID(line) }
    }

    /// The string value of a line's top-level `id`, or nil when it has none.
    static func eventID(_ line: UnsafeBufferPointer<UInt8>) -> String? {
        // Canonical lines start {"seq":<digits>,"id":"<id>" and ids need no escapes.
        if let start = LineStart.seqAndID(line) {
            return String(decoding: UnsafeBufferPointer(rebasing: line[start.id]), as: UTF8.self)
        }
        guard let json = try? JSONReader.parse(line) else { return nil }
        return json["id"]?.stringValue
    }
}
