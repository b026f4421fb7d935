/// The RFC 9162 §2.1 Merkle tree of a log: its leaf hashes and every complete
/// subtree above them, so that roots and proofs for any earlier size come
/// from a few lookups (SPEC §10).
///
/// Hash each line once, then ask as often as needed:
///
/// ```swift
/// var tree = MerkleTree()
/// for line in lines { tree.append(leafHash: MerkleHash.leaf(bytes[line.range])) }
/// let root = try tree.root(size: n)                         // MTH(D[0:n])
/// let proof = try tree.inclusionProof(index: seq - 1, size: n)
/// let growth = try tree.consistencyProof(from: m, to: n)
/// ```
///
/// Storage is about two digests (64 bytes) per leaf: a 1M-line log holds 64 MB.
public struct MerkleTree: Sendable {
    /// `levels[h][j]` is the root of the perfect subtree of 2^h leaves that
    /// starts at leaf j·2^h. Only complete subtrees are kept, so `levels[h]`
    /// holds ⌊count / 2^h⌋ hashes; `levels[0]` holds the leaf hashes.
    private var levels: [[SHA256Digest]] = [[]]

    /// A tree with no leaves.
    public init() {}

    /// A tree over `leafHashes`, first leaf first.
    /// - Complexity: O(n): n − 1 node hashes.
    public init(leafHashes: some Sequence<SHA256Digest>) {
        let expected = leafHashes.underestimatedCount
        if expected > 1 {
            levels = (0..<Int.bitWidth - expected.leadingZeroBitCount).map { level in
                var row: [SHA256Digest] = []
                row.reserveCapacity(expected >> level)
                return row
            }
        }
        for leafHash in leafHashes { append(leafHash: leafHash) }
    }

    /// The number of leaves.
    public var count: Int { levels[0].count }

    /// The hash of the leaf at `index` (0-based: seq − 1); `index` must be in `0..<count`.
    public func leafHash(at index: Int) -> SHA256Digest { levels[0][index] }

    /// Adds one leaf, and every subtree it completes.
    /// - Parameter leafHash: the leaf's hash, from `MerkleHash.leaf`.
    /// - Complexity: amortized O(1): one node hash per leaf on average.
    public mutating func append(leafHash: SHA256Digest) {
        var index = levels[0].count
        levels[0].append(leafHash)
        var level = 0
        var subtree = leafHash
        // A right child completes its parent: climb while we are one.
        while index & 1 == 1 {
            subtree = MerkleHash.node(levels[level][index - 1], subtree)
            level += 1
            index >>= 1
            if level == levels.count { levels.append([]) }
            levels[level].append(subtree)
        }
    }

    /// MTH(D[0:size]), the root of the tree of the first `size` leaves.
    ///
    /// - Parameter size: a tree size in `0...count`; 0 gives `MerkleHash.emptyRoot`.
    /// - Throws: `ProofError.sizeBeyondTree` or `.negativeSize` when `size` is out of range.
    /// - Complexity: O(log size) lookups and node hashes.
    public func root(size: Int) throws(ProofError) -> SHA256Digest {
        try rootHash(size: size)
    }

    /// The root of all `count` leaves.
    public var root: SHA256Digest {
        count == 0 ? MerkleHash.emptyRoot : subtreeRoot(start: 0, size: count)
    }
}

extension MerkleTree: SubtreeHashes {
    func perfectRoot(level: Int, index: Int) -> SHA256Digest { levels[level][index] }
}

extension MerkleTree {
    /// The largest power of two smaller than `n` (n > 1): the size of the left
    /// subtree of a tree of n leaves (RFC 9162 §2.1.1's k).
    static func split(_ n: Int) -> Int {
        1 << (Int.bitWidth - 1 - (n - 1).leadingZeroBitCount)
    }
}
