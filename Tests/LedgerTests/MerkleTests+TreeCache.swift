import Foundation
import Testing
@testable import Ledger

extension MerkleTests {
    /// `Snapshots/merkle-tree.cache`: written by the first proof, read by the next, extended
    /// as the log grows, and ignored — the answer still the log's — whenever it is damaged,
    /// stale or of another log.
    @Suite("The tree's cache")
    struct TreeCaches {
        /// A ledger folder whose log is `lines` (a genesis, then lines the tree takes as bytes).
        final class Folder {
            let root = NSTemporaryDirectory() + "tree-cache-" + UUID().uuidString
            var store: LedgerStore { LedgerStore(root: root) }
            var cachePath: String { TreeCache.path(store) }

            init(_ lines: [String], snapshots: Bool = true) throws {
                try FileManager.default.createDirectory(atPath: root + "/Events", withIntermediateDirectories: true)
                if snapshots { try FileManager.default.createDirectory(atPath: root + "/Snapshots", withIntermediateDirectories: true) }
                try write(lines)
            }

            deinit { try? FileManager.default.removeItem(atPath: root) }

            func write(_ lines: [String]) throws {
                try Data(LogTrees.bytes(lines)).write(to: URL(fileURLWithPath: store.logPath))
            }

            func append(_ lines: [String]) throws {
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: store.logPath))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(LogTrees.bytes(lines)))
                try handle.close()
            }

            func cache() throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: cachePath))) }
            func setCache(_ bytes: [UInt8]) throws { try Data(bytes).write(to: URL(fileURLWithPath: cachePath)) }

            /// The tree of the log through the cache.
            func load() throws -> LogTree { try LogTree.load(store, cache: .use) }

            /// The log's lines as they are now, hashed whole, apart from any cache.
            func fresh() throws -> LogTree { LogTree(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: store.logPath)))) }
        }

        /// Lines 2… of a log, numbered from `first`.
        static func more(_ range: ClosedRange<Int>, note: String = "more") -> [String] {
            range.map { #"{"seq":\#($0),"id":"event-\#($0)","note":"\#(note)"}"# }
        }

        /// Checkpoints, inclusion and consistency proofs, and the lines found by id, the same
        /// from both trees.
        /// - Parameter thorough: at a dozen sizes around the tiles' ends (else three).
        static func expectSameAnswers(_ cached: LogTree, _ fresh: LogTree, thorough: Bool = true,
                                      sourceLocation: SourceLocation = #_sourceLocation) throws {
            let n = fresh.size
            #expect(cached.size == n, sourceLocation: sourceLocation)
            let sizes = (thorough ? [1, 2, 255, 256, 257, 300, 511, 512, 700, 768, 769, n - 1, n] : [1, 300, n]).filter { $0 >= 1 && $0 <= n }
            for size in sizes {
                #expect(try cached.checkpoint(size: size) == fresh.checkpoint(size: size), "size \(size)", sourceLocation: sourceLocation)
                for index in Set([0, size / 2, size - 1]) {
                    #expect(try cached.inclusionProof(index: index, size: size) == fresh.inclusionProof(index: index, size: size),
                            "index \(index), size \(size)", sourceLocation: sourceLocation)
                }
                for from in Set([1, size / 3 + 1, size]) where from <= size {
                    #expect(try cached.consistencyProof(from: from, to: size) == fresh.consistencyProof(from: from, to: size),
                            "from \(from) to \(size)", sourceLocation: sourceLocation)
                }
            }
            for seq in [1, 2, 256, 257, n / 2, n] where seq >= 2 && seq <= n {
                #expect(cached.index(of: EventID("event-\(seq)")) == seq - 1, sourceLocation: sourceLocation)
            }
            #expect(cached.index(of: EventID("event-\(n + 1)")) == nil, sourceLocation: sourceLocation)
        }

        @Test("the first proof writes the cache, the next reads it, and both answer as the log hashed whole")
        func writtenThenRead() throws {
            let folder = try Folder(LogTrees.lines(1000))
            let first = try folder.load()
            #expect(first.cache == LogTree.CacheReport(tilesRead: 0, rejected: "there is none", written: true))
            #expect(try folder.cache().count == TreeCache.headerSize + 3 * TreeCache.tileSize + 768 * 4)
            let second = try folder.load()
            #expect(second.cache == LogTree.CacheReport(tilesRead: 3, rejected: nil, written: false))
            #expect(second.usedCache && !first.usedCache)
            try Self.expectSameAnswers(first, try folder.fresh())
            try Self.expectSameAnswers(second, try folder.fresh())
            // Without .use, the cache is neither read nor written.
            try FileManager.default.removeItem(atPath: folder.cachePath)
            #expect(try LogTree.load(folder.store).cache == LogTree.CacheReport())
            #expect(!FileManager.default.fileExists(atPath: folder.cachePath))
        }

        @Test("a cache behind the log is extended: only the lines after it are hashed, and it is written again once a tile is complete")
        func extended() throws {
            let folder = try Folder(LogTrees.lines(600))
            _ = try folder.load()
            try folder.append(Self.more(601...1000))
            let grown = try folder.load()
            #expect(grown.cache == LogTree.CacheReport(tilesRead: 2, rejected: nil, written: true))
            try Self.expectSameAnswers(grown, try folder.fresh())
            #expect(try folder.load().cache.tilesRead == 3)

            // Fewer than a tile's worth of new lines: read, not written.
            try folder.append(Self.more(1001...1010))
            let tail = try folder.load()
            #expect(tail.cache == LogTree.CacheReport(tilesRead: 3, rejected: nil, written: false))
            try Self.expectSameAnswers(tail, try folder.fresh())
            // A torn final line is no leaf, with or without the cache.
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.store.logPath))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(#"{"seq":1011"#.utf8))
            try handle.close()
            let torn = try folder.load()
            #expect(torn.size == 1010 && torn.cache.tilesRead == 3)
            #expect(try torn.checkpoint(size: 1010) == tail.checkpoint(size: 1010))
        }

        @Test("any byte changed, the file cut short or made longer: its checksums refuse it")
        func damagedBytes() throws {
            let folder = try Folder(LogTrees.lines(520))
            _ = try folder.load()
            let good = try folder.cache()
            #expect(good.count == TreeCache.headerSize + 2 * TreeCache.tileSize + 512 * 4)
            guard case .success = TreeCache.decode(good, height: LogTiles.height) else {
                Issue.record("the cache as written does not decode")
                return
            }
            var accepted: [Int] = []
            for offset in good.indices {
                var bad = good
                bad[offset] ^= 0x20
                if case .success = TreeCache.decode(bad, height: LogTiles.height) { accepted.append(offset) }
            }
            #expect(accepted.isEmpty, "accepted with a byte changed at \(accepted)")
            for length in [0, 7, 127, 128, 200, good.count - 4, good.count - 1] {
                #expect(throws: CacheRejection.self) { try TreeCache.decode(Array(good.prefix(length)), height: 8).get() }
            }
            #expect(throws: CacheRejection.self) { try TreeCache.decode(good + [0], height: 8).get() }
            #expect(throws: CacheRejection.self) { try TreeCache.decode(good, height: 7).get() }
        }

        /// `cache` with the u64 at `offset` set to `value` and the header's checksum made to match.
        static func rewritingHeader(_ cache: [UInt8], at offset: Int, to value: Int) -> [UInt8] {
            var out = cache
            withUnsafeBytes(of: UInt64(value).littleEndian) { for (k, byte) in $0.enumerated() { out[offset + k] = byte } }
            let checksum = out.withUnsafeBytes { PageHash.hash($0.baseAddress!, count: TreeCache.checksumOffset) }
            withUnsafeBytes(of: checksum.littleEndian) { for (k, byte) in $0.enumerated() { out[TreeCache.checksumOffset + k] = byte } }
            return out
        }

        /// A log in `folder` and a cache made for it, changed by `damage`: the cache is refused,
        /// the answers are the log's, and the cache is written again and then used.
        static func expectIgnored(_ why: String, lines: [String] = LogTrees.lines(600),
                                  damage: (Folder, [UInt8]) throws -> Void,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
            let folder = try Folder(lines)
            _ = try folder.load()
            try damage(folder, try folder.cache())
            let tree = try folder.load()
            #expect(tree.cache.tilesRead == 0 && tree.cache.rejected != nil, "\(why): \(tree.cache)", sourceLocation: sourceLocation)
            try Self.expectSameAnswers(tree, try folder.fresh(), thorough: false, sourceLocation: sourceLocation)
            #expect(tree.cache.written == (tree.size >= 256), "\(why)", sourceLocation: sourceLocation)
            if tree.size >= 256 {
                #expect(try folder.load().cache.tilesRead == tree.size / 256, "\(why)", sourceLocation: sourceLocation)
            }
        }

        @Test("a damaged, stale or foreign cache is ignored: the answer is the log's, and the cache is rebuilt")
        func ignored() throws {
            for offset in [0, 20, 50, 130, 200, 1000, 2000] {
                try Self.expectIgnored("a byte changed at \(offset)") { folder, cache in
                    var bad = cache
                    bad[offset] ^= 0x01
                    try folder.setCache(bad)
                }
            }
            try Self.expectIgnored("cut short") { folder, cache in try folder.setCache(Array(cache.dropLast(4))) }
            try Self.expectIgnored("empty") { folder, _ in try folder.setCache([]) }
            // Header fields changed with a checksum to match: S, where line S ends, where it starts.
            try Self.expectIgnored("another line count") { folder, cache in
                try folder.setCache(Self.rewritingHeader(cache, at: 24, to: 256))
            }
            try Self.expectIgnored("another tile count") { folder, cache in
                try folder.setCache(Self.rewritingHeader(cache, at: 16, to: 1))
            }
            try Self.expectIgnored("line S said to end elsewhere") { folder, cache in
                let end = cache.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: 32, as: UInt64.self)) }
                try folder.setCache(Self.rewritingHeader(cache, at: 32, to: end + 60))
            }
            try Self.expectIgnored("line S said to start elsewhere") { folder, cache in
                let start = cache.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: 40, as: UInt64.self)) }
                try folder.setCache(Self.rewritingHeader(cache, at: 40, to: start - 1))
            }
            // The cache of another log with as many lines.
            try Self.expectIgnored("of another ledger") { folder, _ in
                let other = try Folder(LogTrees.lines(600, note: "another ledger"))
                _ = try other.load()
                try folder.setCache(try other.cache())
            }
            // The log rewritten (a recomputed chain changes every line after the first change),
            // cut back, cut back and grown again, or replaced by a shorter one.
            try Self.expectIgnored("the log rewritten from line 300") { folder, _ in
                let lines = LogTrees.lines(600)
                try folder.write(Array(lines.prefix(299)) + LogTrees.lines(600, note: "rewritten").dropFirst(299))
            }
            try Self.expectIgnored("the log cut back to 400 lines") { folder, _ in
                try folder.write(Array(LogTrees.lines(600).prefix(400)))
            }
            try Self.expectIgnored("the log cut back and grown again with other lines") { folder, _ in
                try folder.write(Array(LogTrees.lines(600).prefix(400)) + Self.more(401...600, note: "other"))
            }
            try Self.expectIgnored("the log replaced by one of 100 lines") { folder, _ in
                try folder.write(LogTrees.lines(100))
            }
        }

        @Test("without Snapshots/ nothing is written, and the answers are the same")
        func noSnapshots() throws {
            let folder = try Folder(LogTrees.lines(700), snapshots: false)
            let tree = try folder.load()
            #expect(tree.cache == LogTree.CacheReport(tilesRead: 0, rejected: "there is none", written: false))
            try Self.expectSameAnswers(tree, try folder.fresh())
        }

        @Test("rebuild hashes the whole log and writes the cache again, whatever it held")
        func rebuild() throws {
            let folder = try Folder(LogTrees.lines(600))
            _ = try folder.load()
            let good = try folder.cache()
            var bad = good
            bad[60] ^= 0xFF
            try folder.setCache(bad)
            let rebuilt = try LogTree.load(folder.store, cache: .rebuild)
            #expect(rebuilt.cache.tilesRead == 0 && rebuilt.cache.written)
            #expect(try folder.cache() == good)
        }
    }
}
