/// An RFC 9162 §2.1.4 consistency proof: the hashes that show the tree of
/// `firstSize` leaves is a prefix of the tree of `secondSize` leaves — that
/// the log only grew between two checkpoints.
///
/// Like `InclusionProof`, it is checked from its hashes alone.
public struct ConsistencyProof: Hashable, Sendable {
    /// The earlier tree size.
    public var firstSize: Int
    /// The later tree size.
    public var secondSize: Int
    /// PROOF(firstSize, D[secondSize]); empty when the sizes are equal.
    public var path: [SHA256Digest]

    /// A proof as given; nothing is checked until `verify`.
    public init(firstSize: Int, secondSize: Int, path: [SHA256Digest]) {
        self.firstSize = firstSize
        self.secondSize = secondSize
        self.path = path
    }

    /// Checks that the tree of `firstSize` leaves with root `firstRoot` is a
    /// prefix of the tree of `secondSize` leaves with root `secondRoot`
    /// (RFC 9162 §2.1.4.2).
    ///
    /// The RFC defines the algorithm for 0 < first < second. For equal sizes
    /// the path must be empty and the roots equal; from size 0 there is no
    /// proof (as in the reference verifier, transparency-dev/merkle).
    ///
    /// - Parameters:
    ///   - firstRoot: the root recorded for the first size, e.g. by an old checkpoint.
    ///   - secondRoot: the root recorded for the second size.
    /// - Throws: `ProofError.negativeSize`, `.sizesOutOfOrder`, `.emptyFirstTree`,
    ///   `.pathLength`, `.firstRootMismatch` or `.secondRootMismatch`.
    /// - Complexity: O(log secondSize) node hashes; a path of the wrong length
    ///   is refused before any hashing.
    public func verify(firstRoot: SHA256Digest, secondRoot: SHA256Digest) throws(ProofError) {
        guard firstSize >= 0 else { throw .negativeSize(firstSize) }
        guard secondSize >= 0 else { throw .negativeSize(secondSize) }
        guard firstSize <= secondSize else { throw .sizesOutOfOrder(first: firstSize, second: secondSize) }
        guard firstSize > 0 else { throw .emptyFirstTree(second: secondSize) }
        let expected = Self.pathLength(first: firstSize, second: secondSize)
        guard path.count == expected else { throw .pathLength(count: path.count, expected: expected) }
        if firstSize == secondSize {
            guard firstRoot == secondRoot else {
                throw .secondRootMismatch(expected: secondRoot, computed: firstRoot)
            }
            return
        }

        // Steps 2–7 of RFC 9162 §2.1.4.2; step 1 (an empty path fails) is the length check above.
        var fn = firstSize - 1
        var sn = secondSize - 1
        var hashes = path[...]
        // A first tree that is a perfect subtree of the second is not in the path: its root is.
        let seed = firstSize & (firstSize - 1) == 0 ? firstRoot : hashes.removeFirst()
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = seed
        var sr = seed
        for c in hashes {
            guard sn != 0 else { throw .pathLength(count: path.count, expected: expected) }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.node(c, fr)
                sr = MerkleHash.node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = MerkleHash.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw .pathLength(count: path.count, expected: expected) }
        guard fr == firstRoot else { throw .firstRootMismatch(expected: firstRoot, computed: fr) }
        guard sr == secondRoot else { throw .secondRootMismatch(expected: secondRoot, computed: sr) }
    }

    /// The number of hashes in PROOF(first, D[second]), 0 < first ≤ second.
    ///
    /// The proof is the tail of the inclusion path of leaf first − 1 in the
    /// second tree, from the level of the first tree's last perfect subtree
    /// up, plus that subtree's root unless it is the whole first tree.
    static func pathLength(first: Int, second: Int) -> Int {
        guard first < second else { return 0 }
        let last = first - 1
        let inner = Int.bitWidth - (last ^ (second - 1)).leadingZeroBitCount
        let border = (last >> inner).nonzeroBitCount
        let shift = first.trailingZeroBitCount
        let seed = first & (first - 1) == 0 ? 0 : 1
        return seed + inner - shift + border
    }
}

extension MerkleTree {
    /// The consistency proof from the tree of the first `from` leaves to the
    /// tree of the first `to`: PROOF(from, D[0:to]) of RFC 9162 §2.1.4.1
    /// (empty when the sizes are equal).
    ///
    /// - Parameters:
    ///   - from: the earlier size, in `1...to`.
    ///   - to: the later size, in `from...count`.
    /// - Throws: `ProofError.negativeSize`, `.sizeBeyondTree`, `.sizesOutOfOrder`
    ///   or `.emptyFirstTree`.
    /// - Complexity: O(log to) lookups and at most O(log to) node hashes.
    public func consistencyProof(from: Int, to: Int) throws(ProofError) -> ConsistencyProof {
        try consistencyPath(from: from, to: to)
    }
}
