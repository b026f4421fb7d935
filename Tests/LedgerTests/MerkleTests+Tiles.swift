import Testing
import TestSupport
@testable import Ledger

extension MerkleTests {
    /// The tree kept as tiles (`LogTiles`): the roots of complete tiles, and the lines of a
    /// smaller subtree hashed when a proof needs it — held to the whole tree in memory
    /// (`MerkleTree`, itself held to RFC 9162's definitions by the suites above).
    @Suite("The tree in tiles")
    struct Tiles {
        /// `count` lines of printable bytes (some empty, some ended by `\r\n`), as a log.
        static func log(_ count: Int, seed: UInt64 = 256) -> (bytes: [UInt8], lines: [[UInt8]]) {
            var rng = SplitMix64(seed: seed)
            var bytes: [UInt8] = []
            var lines: [[UInt8]] = []
            for _ in 0..<count {
                let line = (0..<Int(rng.next() % 40)).map { _ in UInt8(0x20 + rng.next() % 95) }
                lines.append(line)
                bytes += line + (rng.next() % 8 == 0 ? [0x0D, 0x0A] : [0x0A])
            }
            return (bytes, lines)
        }

        /// Every root, and proofs from and to sizes around `sizes`, equal the whole tree's.
        static func expectSame(_ tiles: LogTiles, _ tree: MerkleTree, sizes: [Int],
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
            #expect(tiles.count == tree.count, sourceLocation: sourceLocation)
            for size in sizes where size >= 0 && size <= tree.count {
                #expect(try tiles.rootHash(size: size) == tree.root(size: size), "size \(size)", sourceLocation: sourceLocation)
                guard size > 0 else { continue }
                for index in Set([0, 1, size / 3, size / 2, size - 2, size - 1]) where index >= 0 && index < size {
                    #expect(try tiles.inclusionPath(index: index, size: size) == tree.inclusionProof(index: index, size: size),
                            "index \(index), size \(size)", sourceLocation: sourceLocation)
                }
                for from in Set([1, 2, size / 2, size - 1, size]) where from >= 1 && from <= size {
                    #expect(try tiles.consistencyPath(from: from, to: size) == tree.consistencyProof(from: from, to: size),
                            "from \(from) to \(size)", sourceLocation: sourceLocation)
                }
            }
        }

        @Test("for tiles of 2, 4 and 8 lines, every size 0…70 has the whole tree's root and proofs", arguments: [1, 2, 3])
        func smallTiles(height: Int) throws {
            let (bytes, lines) = Self.log(70)
            let tree = MerkleTree(leafHashes: lines.map(RFC9162.leafHash))
            let tiles = LogTiles(bytes: .held(bytes), height: height)
            #expect(tiles.completeTiles == 70 >> height)
            #expect(tiles.starts.count == (70 + (1 << height) - 1) >> height)
            try Self.expectSame(tiles, tree, sizes: Array(0...70))
            for index in [0, 1, 7, 8, 69] {
                #expect(tiles.line(at: index) == lines[index])
            }
        }

        @Test("tiles of 256 lines: sizes on, before and after a tile's end", arguments: [255, 256, 257, 700, 1024, 1100])
        func tilesOf256(count: Int) throws {
            let (bytes, lines) = Self.log(count, seed: UInt64(count))
            let tree = MerkleTree(leafHashes: lines.map(RFC9162.leafHash))
            let tiles = LogTiles(bytes: .held(bytes))
            #expect(tiles.completeTiles == count / 256)
            try Self.expectSame(tiles, tree, sizes: [1, 2, 127, 255, 256, 257, 511, 512, 513, 700, 768, 1000, 1023, 1024, 1025, count - 1, count])
            // The RFC's own recursion agrees, at a size that is no power of two.
            let hashes = lines.map(RFC9162.leafHash)
            let size = min(count, 700)
            #expect(try tiles.rootHash(size: size) == RFC9162.mth(hashes[..<size]))
            #expect(try tiles.inclusionPath(index: size / 2, size: size).path == RFC9162.path(size / 2, hashes[..<size]))
            #expect(try tiles.consistencyPath(from: size / 3 + 1, to: size).path == RFC9162.proof(size / 3 + 1, hashes[..<size]))
        }

        @Test("tiles taken as they are and the lines after them hashed give what hashing every line gives", arguments: [1, 3, 8])
        func extended(height: Int) throws {
            let (bytes, lines) = Self.log(600, seed: 77)
            let tile = 1 << height
            for cut in [tile, 3 * tile + 1, 300, 600] where cut <= lines.count {
                // The first `cut` lines, then the whole log after their complete tiles.
                let firstPart = Array(bytes.prefix(Self.offset(after: cut, in: bytes)))
                let before = LogTiles(bytes: .held(firstPart), height: height)
                #expect(before.count == cut)
                let prefix = before.complete
                #expect(prefix.tiles == cut / tile && prefix.ids.count == prefix.tiles * tile)
                let grown = LogTiles(bytes: .held(bytes), after: prefix, height: height)
                let whole = LogTiles(bytes: .held(bytes), height: height)
                #expect(grown.count == whole.count && grown.starts == whole.starts && grown.end == whole.end)
                #expect(grown.ids == whole.ids)
                #expect(grown.complete == whole.complete)
                #expect(grown.upper.root == whole.upper.root)
                try Self.expectSame(grown, MerkleTree(leafHashes: lines.map(RFC9162.leafHash)), sizes: [cut - 1, cut, cut + 1, 600])
            }
        }

        /// The offset just past the `n`th line's `\n`.
        static func offset(after n: Int, in bytes: [UInt8]) -> Int {
            var seen = 0
            for (k, byte) in bytes.enumerated() where byte == 0x0A {
                seen += 1
                if seen == n { return k + 1 }
            }
            return bytes.count
        }

        @Test("a torn final line is no leaf, and the tile it would end is not complete")
        func tornTail() throws {
            let (bytes, lines) = Self.log(8)
            let tiles = LogTiles(bytes: .held(bytes + Array("torn".utf8)), height: 3)
            #expect(tiles.count == 8 && tiles.completeTiles == 1 && tiles.end == bytes.count)
            let shorter = LogTiles(bytes: .held(Array(bytes.dropLast()) + [0x78]), height: 3)
            #expect(shorter.count == 7 && shorter.completeTiles == 0)
            #expect(try shorter.rootHash(size: 7) == RFC9162.mth(lines.prefix(7).map(RFC9162.leafHash)[...]))
        }

        @Test("each line's id fingerprint is the fingerprint of its id, 0 without one")
        func fingerprints() throws {
            let log = [#"{"seq":1,"id":"a"}"#, #"{"id":"b\u0078","seq":2}"#, "not json", #"{"seq":4}"#]
            let tiles = LogTiles(bytes: .held(Array(log.map { $0 + "\n" }.joined().utf8)), height: 1)
            #expect(tiles.ids == [LogTiles.fingerprint(id: "a"), LogTiles.fingerprint(id: "bx"), 0, 0])
            #expect(LogTiles.fingerprint(id: "a") != LogTiles.fingerprint(id: "b"))
            #expect(!tiles.ids.prefix(2).contains(0))
        }
    }
}
