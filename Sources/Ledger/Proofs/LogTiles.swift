/// A log's complete lines cut in tiles of 2^`height` (256) lines, as RFC 9162 logs are
/// served in tiles: where each tile starts, the root of each complete tile, the tree over
/// those roots, and a 32-bit fingerprint of each line's event id.
///
/// That is all a proof needs: a perfect subtree of a tile or more is read from the tree
/// over the tiles' roots; a smaller one lies inside one tile, whose lines are split and
/// hashed when it is asked for (at most two or three tiles a proof: the leaf's, and those
/// where the sizes end). The complete tiles are what `TreeCache` keeps in `Snapshots/`, so
/// that a proof on a large log hashes a few hundred lines instead of all of them.
///
/// ```swift
/// let tiles = LogTiles(bytes: .held(log))                      // hashes every line
/// let again = LogTiles(bytes: .held(log), after: tiles.complete) // hashes only the last, partial tile
/// ```
struct LogTiles: SubtreeHashes, Sendable {
    /// Tiles of 256 lines, as RFC 9162's tiled logs (C2SP tlog-tiles) use.
    static let height = 8

    /// Lines per tile: 2^height.
    let height: Int
    /// The log.
    let bytes: LogBytes
    /// Where each tile's first line starts: the complete tiles, then the last, partial one
    /// when the line count is not a multiple of the tile.
    let starts: [Int]
    /// Just past the last complete line's `\n` (a torn line after it is no leaf).
    let end: Int
    /// The tree whose leaves are the complete tiles' roots: level h of it is level
    /// `height` + h of the log's tree.
    let upper: MerkleTree
    /// The fingerprint of each complete line's event id (`fingerprint(id:)`; 0: none).
    let ids: [UInt32]
    /// The number of complete lines: the tree's leaves.
    let count: Int

    /// The complete tiles.
    var completeTiles: Int { upper.count }

    /// The complete tiles of a log, as read from or written to the cache.
    struct Prefix: Equatable {
        /// Where each tile starts.
        var starts: [Int] = []
        /// Each tile's root: MTH of its 2^height lines.
        var roots: [SHA256Digest] = []
        /// The fingerprint of each line's id, 2^height per tile.
        var ids: [UInt32] = []
        /// Just past the last line's `\n`.
        var end = 0

        var tiles: Int { roots.count }
    }

    /// The tiles of the log `bytes`, taking the tiles of `prefix` as they are and splitting
    /// and hashing only the lines after `prefix.end`.
    ///
    /// - Parameters:
    ///   - prefix: complete tiles of this log (from the cache, checked against the log by
    ///     `TreeCache`); none by default, so every line is hashed.
    ///   - height: log₂ of the lines per tile, 1…13 (a piece of `Parallel` holds whole tiles).
    /// - Complexity: O(bytes after `prefix.end`) hashing, on every core; O(tiles) node hashes.
    init(bytes: LogBytes, after prefix: Prefix = Prefix(), height: Int = LogTiles.height) {
        precondition((1...13).contains(height) && Parallel.piece % (1 << height) == 0)
        precondition(prefix.ids.count == prefix.tiles << height && prefix.starts.count == prefix.tiles)
        self.bytes = bytes
        self.height = height
        let tile = 1 << height
        let base = prefix.end
        let (lineStarts, lineEnd): ([Int], Int) = bytes.withBuffer { buffer in
            LogLines.starts(UnsafeBufferPointer(rebasing: buffer[min(base, buffer.count)...]))
        }
        let lines = lineStarts.count
        // Each piece holds whole tiles (its start is a multiple of Parallel.piece), and
        // the prefix ends on a tile, so a piece's tiles are the log's.
        let pieces: [(roots: [SHA256Digest], ids: [UInt32])] = bytes.withBuffer { buffer in
            nonisolated(unsafe) let buffer = buffer
            return Parallel.map(lines) { range in
                var roots: [SHA256Digest] = []
                var ids: [UInt32] = []
                var leaves: [SHA256Digest] = []
                ids.reserveCapacity(range.count)
                leaves.reserveCapacity(tile)
                for k in range {
                    let start = base + lineStarts[k]
                    var stop = base + (k + 1 < lines ? lineStarts[k + 1] : lineEnd) - 1
                    if stop > start && buffer[stop - 1] == 0x0D { stop -= 1 }
                    let line = UnsafeBufferPointer(rebasing: buffer[start..<stop])
                    leaves.append(MerkleHash.leaf(UnsafeRawBufferPointer(line)))
                    ids.append(Self.fingerprint(line: line))
                    if leaves.count == tile {
                        roots.append(MerkleHash.root(ofLeafHashes: leaves))
                        leaves.removeAll(keepingCapacity: true)
                    }
                }
                return (roots, ids)
            }
        }
        var roots = prefix.roots
        var ids = prefix.ids
        ids.reserveCapacity(ids.count + lines)
        for piece in pieces {
            roots.append(contentsOf: piece.roots)
            ids.append(contentsOf: piece.ids)
        }
        starts = prefix.starts + stride(from: 0, to: lines, by: tile).map { base + lineStarts[$0] }
        end = base + lineEnd
        count = (prefix.tiles << height) + lines
        upper = MerkleTree(leafHashes: roots)
        self.ids = ids
    }

    /// The complete tiles, for the cache.
    var complete: Prefix {
        let tiles = completeTiles
        return Prefix(starts: Array(starts.prefix(tiles)), roots: (0..<tiles).map(upper.leafHash(at:)),
                      ids: Array(ids.prefix(tiles << height)), end: tiles < starts.count ? starts[tiles] : end)
    }

    // MARK: - Lines

    /// The byte ranges of tile `t`'s lines, without their terminators.
    func lineRanges(ofTile t: Int) -> [Range<Int>] {
        let start = starts[t]
        let stop = t + 1 < starts.count ? starts[t + 1] : end
        return bytes.withBuffer { buffer in
            LogLines.split(UnsafeBufferPointer(rebasing: buffer[start..<stop])).map { line in
                (start + line.range.lowerBound)..<(start + line.range.upperBound)
            }
        }
    }

    /// The byte range of line `index + 1`, without its terminator; `index` in `0..<count`.
    func lineRange(at index: Int) -> Range<Int> {
        let lines = lineRanges(ofTile: index >> height)
        let k = index & ((1 << height) - 1)
        // A tile holds 2^height lines unless a cache lied about where it starts (one whose
        // checksums match, written on purpose): then an empty line, never a trap.
        return k < lines.count ? lines[k] : starts[index >> height]..<starts[index >> height]
    }

    /// The bytes of line `index + 1`, without its terminator; `index` in `0..<count`.
    func line(at index: Int) -> [UInt8] {
        let range = lineRange(at: index)
        return bytes.withBuffer { Array($0[range]) }
    }

    /// `body` applied to every complete line, as its index and bytes, on every core: the
    /// values it returns, in line order (nil: none for that line).
    func mapLines<T: Sendable>(_ body: @Sendable (Int, UnsafeBufferPointer<UInt8>) -> T?) -> [T] {
        let pieces: [[T]] = bytes.withBuffer { buffer in
            nonisolated(unsafe) let buffer = buffer
            return Parallel.map(count) { range in
                var out: [T] = []
                guard !range.isEmpty else { return out }
                for t in (range.lowerBound >> height)...((range.upperBound - 1) >> height) {
                    for (k, line) in lineRanges(ofTile: t).enumerated() {
                        if let value = body((t << height) + k, UnsafeBufferPointer(rebasing: buffer[line])) {
                            out.append(value)
                        }
                    }
                }
                return out
            }
        }
        return Array(pieces.joined())
    }

    // MARK: - The tree

    func perfectRoot(level: Int, index: Int) -> SHA256Digest {
        if level >= height { return upper.perfectRoot(level: level - height, index: index) }
        let first = index << level
        let t = first >> height
        let lines = lineRanges(ofTile: t)
        let offset = min(first - (t << height), lines.count)
        return bytes.withBuffer { buffer in
            MerkleHash.root(ofLeafHashes: lines[offset..<min(offset + (1 << level), lines.count)].map {
                MerkleHash.leaf(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[$0])))
            })
        }
    }

    // MARK: - Ids

    /// The fingerprint of an event id: 32 bits of a 64-bit hash of its UTF-8, never 0.
    static func fingerprint(id: String) -> UInt32 {
        var id = id
        let hash = id.withUTF8 { Interner.hash($0) }
        let folded = UInt32(truncatingIfNeeded: hash ^ hash >> 32)
        return folded == 0 ? 1 : folded
    }

    /// The fingerprint of a line's top-level `id` (`LogTree.eventID`); 0 when it has none.
    static func fingerprint(line: UnsafeBufferPointer<UInt8>) -> UInt32 {
        LogTree.eventID(line).map(fingerprint(id:)) ?? 0
    }
}
