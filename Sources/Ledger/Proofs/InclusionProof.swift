/// An RFC 9162 §2.1.3 inclusion proof: the audit path that ties one leaf to
/// the root of the tree of a given size.
///
/// It holds no hash of its own to trust: `verify` recomputes the root from the
/// leaf's hash and the path, so a proof can be checked with no log at all
/// (`memberships check`, SPEC §10).
public struct InclusionProof: Hashable, Sendable {
    /// The leaf's 0-based index: the line's seq − 1.
    public var index: Int
    /// The size of the tree whose root the path leads to.
    public var treeSize: Int
    /// PATH(index, D[treeSize]): sibling hashes from the leaf up to the root.
    public var path: [SHA256Digest]

    /// A proof as given; nothing is checked until `verify`.
    public init(index: Int, treeSize: Int, path: [SHA256Digest]) {
        self.index = index
        self.treeSize = treeSize
        self.path = path
    }

    /// Checks that the leaf with hash `leafHash` is leaf `index` of the tree of
    /// `treeSize` leaves whose root is `root` (RFC 9162 §2.1.3.2).
    ///
    /// - Parameters:
    ///   - leafHash: the leaf's hash, `MerkleHash.leaf(line)`.
    ///   - root: the root the proof is checked against, e.g. a checkpoint's.
    /// - Throws: `ProofError.indexOutOfRange` (also for a size ≤ 0),
    ///   `.pathLength`, or `.rootMismatch` naming the root the path leads to.
    /// - Complexity: O(log treeSize) node hashes; a path of the wrong length
    ///   is refused before any hashing.
    public func verify(leafHash: SHA256Digest, root: SHA256Digest) throws(ProofError) {
        let computed = try rootFrom(leafHash: leafHash)
        guard computed == root else { throw .rootMismatch(expected: root, computed: computed) }
    }

    /// The root that the path leads to from `leafHash`: steps 1–4 of RFC 9162 §2.1.3.2.
    func rootFrom(leafHash: SHA256Digest) throws(ProofError) -> SHA256Digest {
        guard index >= 0, index < treeSize else { throw .indexOutOfRange(index: index, treeSize: treeSize) }
        let expected = Self.pathLength(index: index, treeSize: treeSize)
        guard path.count == expected else { throw .pathLength(count: path.count, expected: expected) }

        var fn = index
        var sn = treeSize - 1
        var r = leafHash
        for p in path {
            guard sn != 0 else { throw .pathLength(count: path.count, expected: expected) }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHash.node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = MerkleHash.node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw .pathLength(count: path.count, expected: expected) }
        return r
    }

    /// The number of hashes in PATH(index, D[treeSize]), 0 ≤ index < treeSize.
    ///
    /// Below the level where the paths to `index` and to the last leaf part,
    /// there is one sibling per level; above it, one per left sibling on the
    /// right border, that is per set bit of what is left of the index.
    static func pathLength(index: Int, treeSize: Int) -> Int {
        let inner = Int.bitWidth - (index ^ (treeSize - 1)).leadingZeroBitCount
        return inner + (index >> inner).nonzeroBitCount
    }
}

extension MerkleTree {
    /// The inclusion proof of leaf `index` in the tree of the first `size`
    /// leaves: PATH(index, D[0:size]) of RFC 9162 §2.1.3.1.
    ///
    /// - Parameters:
    ///   - index: the leaf's 0-based index (a line's seq − 1), in `0..<size`.
    ///   - size: the tree size, in `1...count`.
    /// - Throws: `ProofError.negativeSize`, `.sizeBeyondTree` or `.indexOutOfRange`.
    /// - Complexity: O(log size) lookups and at most O(log size) node hashes.
    public func inclusionProof(index: Int, size: Int) throws(ProofError) -> InclusionProof {
        try inclusionPath(index: index, size: size)
    }
}
