/// The hashes of an RFC 9162 §2.1 Merkle tree over SHA-256 (SPEC §10).
///
/// The log's lines are the tree's leaves, line 1 first, each hashed without its
/// terminator — exactly the bytes that are hashed for `prev`:
///
/// ```swift
/// let leaf = MerkleHash.leaf(lineBytes)           // SHA-256(0x00 ‖ line)
/// let parent = MerkleHash.node(leftHash, rightHash) // SHA-256(0x01 ‖ left ‖ right)
/// ```
///
/// The two prefixes keep a leaf from ever passing for an interior node.
public enum MerkleHash {
    /// MTH({}), the root of the empty tree: SHA-256 of the empty string.
    public static let emptyRoot = SHA256.hash([UInt8]())

    /// The leaf hash of one entry: SHA-256(0x00 ‖ `bytes`).
    ///
    /// - Parameter bytes: the entry; for the log, a line without its `\n` or `\r\n`.
    /// - Complexity: O(`bytes.count`).
    public static func leaf(_ bytes: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x00)) { hasher.update($0) }
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The leaf hash of one entry: SHA-256(0x00 ‖ `bytes`).
    public static func leaf(_ bytes: [UInt8]) -> SHA256Digest {
        bytes.withUnsafeBytes { leaf($0) }
    }

    /// The leaf hash of one entry: SHA-256(0x00 ‖ `bytes`).
    public static func leaf(_ bytes: ArraySlice<UInt8>) -> SHA256Digest {
        bytes.withUnsafeBytes { leaf($0) }
    }

    /// The hash of an interior node: SHA-256(0x01 ‖ `left` ‖ `right`).
    /// - Complexity: O(1): two SHA-256 blocks.
    public static func node(_ left: SHA256Digest, _ right: SHA256Digest) -> SHA256Digest {
        // In a release build the optimizer keeps these small arrays off the heap:
        // measured, this is as fast as copying the digests' words into a stack buffer.
        var hasher = SHA256()
        hasher.update([0x01])
        hasher.update(left.bytes)
        hasher.update(right.bytes)
        return hasher.finalize()
    }

    /// MTH(D[0:n]) of RFC 9162 §2.1.1 for the leaves whose hashes are given, in order.
    ///
    /// Folds the leaves into a stack of perfect subtrees (one per set bit of the
    /// count so far, largest first), then folds the stack from the right — the
    /// same tree as the RFC's recursion, without the recursion.
    ///
    /// - Parameter leafHashes: the leaf hashes, first leaf first.
    /// - Returns: the root; `emptyRoot` when there are no leaves.
    /// - Complexity: O(n) node hashes (n − 1 of them), O(log n) memory.
    public static func root(ofLeafHashes leafHashes: some Sequence<SHA256Digest>) -> SHA256Digest {
        var stack: [SHA256Digest] = []
        var count = 0
        for leafHash in leafHashes {
            var subtree = leafHash
            var below = count
            // Each trailing 1 bit of the count is a perfect subtree the size of
            // the one being carried: merge them, like a binary increment.
            while below & 1 == 1 {
                subtree = node(stack.removeLast(), subtree)
                below >>= 1
            }
            stack.append(subtree)
            count += 1
        }
        guard var root = stack.popLast() else { return emptyRoot }
        while let left = stack.popLast() {
            root = node(left, root)
        }
        return root
    }
}
