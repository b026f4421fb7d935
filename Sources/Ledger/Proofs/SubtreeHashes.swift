/// A store of the roots of a Merkle tree's perfect subtrees, from which roots and proofs
/// for any size are made (RFC 9162 §2.1): `MerkleTree` keeps every one in memory;
/// `LogTiles` keeps those of 2^h leaves or more and hashes smaller ones from the log's
/// lines when asked.
///
/// Every range the RFC's recursions visit is laid out of perfect subtrees that start on a
/// multiple of their size, so these few lookups are all the algorithms below need.
protocol SubtreeHashes {
    /// The number of leaves.
    var count: Int { get }

    /// The root of the perfect subtree of 2^`level` leaves that starts at leaf
    /// `index`·2^`level`; the subtree lies within `0..<count`.
    func perfectRoot(level: Int, index: Int) -> SHA256Digest
}

extension SubtreeHashes {
    /// Throws unless `size` is in `0...count`.
    func checkSize(_ size: Int) throws(ProofError) {
        guard size >= 0 else { throw .negativeSize(size) }
        guard size <= count else { throw .sizeBeyondTree(size: size, count: count) }
    }

    /// MTH(D[0:size]); `size` in `0...count`, 0 giving `MerkleHash.emptyRoot`.
    func rootHash(size: Int) throws(ProofError) -> SHA256Digest {
        try checkSize(size)
        return size == 0 ? MerkleHash.emptyRoot : subtreeRoot(start: 0, size: size)
    }

    /// MTH(D[start:start+size]).
    ///
    /// By RFC 9162 §2.1.1 the MTH of n leaves is the right fold of the perfect
    /// subtrees given by the set bits of n, largest first. Every range the
    /// RFC's recursion visits lays those pieces on multiples of their sizes, so
    /// each is one `perfectRoot` (checked: any other range traps).
    ///
    /// - Complexity: popcount(size) − 1 node hashes, and the lookups.
    func subtreeRoot(start: Int, size: Int) -> SHA256Digest {
        precondition(size > 0 && start >= 0 && start + size <= count)
        var end = start + size
        var remaining = size
        var level = 0
        var root: SHA256Digest?
        while remaining != 0 {
            if remaining & 1 == 1 {
                end -= 1 << level
                precondition(end & ((1 << level) - 1) == 0, "not a subtree of the RFC 9162 recursion")
                let piece = perfectRoot(level: level, index: end >> level)
                root = root.map { MerkleHash.node(piece, $0) } ?? piece
            }
            remaining >>= 1
            level += 1
        }
        return root!
    }

    /// PATH(index, D[0:size]) of RFC 9162 §2.1.3.1: `index` in `0..<size`, `size` in `1...count`.
    /// - Throws: `ProofError.negativeSize`, `.sizeBeyondTree` or `.indexOutOfRange`.
    /// - Complexity: O(log size) lookups and at most O(log size) node hashes.
    func inclusionPath(index: Int, size: Int) throws(ProofError) -> InclusionProof {
        try checkSize(size)
        guard index >= 0, index < size else { throw .indexOutOfRange(index: index, treeSize: size) }

        // The RFC's recursion, top down; the path lists its hashes bottom up.
        var path: [SHA256Digest] = []
        var start = 0
        var width = size
        var m = index
        while width > 1 {
            let k = MerkleTree.split(width)
            if m < k {
                path.append(subtreeRoot(start: start + k, size: width - k))
                width = k
            } else {
                path.append(subtreeRoot(start: start, size: k))
                start += k
                m -= k
                width -= k
            }
        }
        path.reverse()
        return InclusionProof(index: index, treeSize: size, path: path)
    }

    /// PROOF(from, D[0:to]) of RFC 9162 §2.1.4.1 (empty when the sizes are equal):
    /// `from` in `1...to`, `to` in `from...count`.
    /// - Throws: `ProofError.negativeSize`, `.sizeBeyondTree`, `.sizesOutOfOrder` or
    ///   `.emptyFirstTree`.
    /// - Complexity: O(log to) lookups and at most O(log to) node hashes.
    func consistencyPath(from: Int, to: Int) throws(ProofError) -> ConsistencyProof {
        guard from >= 0 else { throw .negativeSize(from) }
        try checkSize(to)
        guard from <= to else { throw .sizesOutOfOrder(first: from, second: to) }
        guard from > 0 else { throw .emptyFirstTree(second: to) }

        // SUBPROOF(m, D[start:start+width], whole), top down; the proof lists its hashes bottom up.
        var path: [SHA256Digest] = []
        var start = 0
        var width = to
        var m = from
        var whole = true
        while m < width {
            let k = MerkleTree.split(width)
            if m <= k {
                path.append(subtreeRoot(start: start + k, size: width - k))
                width = k
            } else {
                path.append(subtreeRoot(start: start, size: k))
                start += k
                m -= k
                width -= k
                whole = false
            }
        }
        // SUBPROOF(m, D[m], false) = {MTH(D[m])}: the first tree's last subtree,
        // which a verifier holding the whole first tree's root does not need.
        if !whole { path.append(subtreeRoot(start: start, size: width)) }
        path.reverse()
        return ConsistencyProof(firstSize: from, secondSize: to, path: path)
    }
}
