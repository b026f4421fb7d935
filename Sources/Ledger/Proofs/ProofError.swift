/// Why a Merkle root or proof could not be made, or why a proof does not hold:
/// which check failed, and for a hash, which one differs and how.
///
/// Verifying never traps: hostile input (a negative or out-of-order size, an
/// index past the end, a path too short or too long, a wrong hash) comes back
/// as one of these.
public enum ProofError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A tree size below zero.
    case negativeSize(Int)
    /// A tree size larger than the tree the proof is asked of.
    case sizeBeyondTree(size: Int, count: Int)
    /// A leaf index that is not in `0..<treeSize`.
    case indexOutOfRange(index: Int, treeSize: Int)
    /// A consistency proof asked from a larger tree to a smaller one.
    case sizesOutOfOrder(first: Int, second: Int)
    /// A consistency proof from the empty tree: RFC 9162 §2.1.4 defines them
    /// only for 0 < first, and one would prove nothing.
    case emptyFirstTree(second: Int)
    /// A path with the wrong number of hashes for its sizes and index.
    case pathLength(count: Int, expected: Int)
    /// An inclusion path that leads to another root than the one given.
    case rootMismatch(expected: SHA256Digest, computed: SHA256Digest)
    /// A consistency path whose first-tree root differs from the one given.
    case firstRootMismatch(expected: SHA256Digest, computed: SHA256Digest)
    /// A consistency path whose second-tree root differs from the one given.
    /// For equal sizes: the two roots differ. When the first size is a power
    /// of two, the first root is where the path starts, so a wrong first root
    /// shows here too.
    case secondRootMismatch(expected: SHA256Digest, computed: SHA256Digest)

    /// The reason as a sentence for a diagnostic, naming the numbers and
    /// hashes (lowercase hex) at fault.
    public var description: String {
        switch self {
        case .negativeSize(let size):
            return "tree size \(size) is negative"
        case .sizeBeyondTree(let size, let count):
            return "tree size \(size) is beyond the \(count) \(count == 1 ? "leaf" : "leaves") there are"
        case .indexOutOfRange(let index, let treeSize):
            return "leaf index \(index) is not in a tree of size \(treeSize) (indices 0..<\(treeSize))"
        case .sizesOutOfOrder(let first, let second):
            return "the first tree size \(first) is larger than the second, \(second)"
        case .emptyFirstTree(let second):
            return "a consistency proof from size 0 to \(second) proves nothing; the first size must be at least 1"
        case .pathLength(let count, let expected):
            return "the path has \(count) \(count == 1 ? "hash" : "hashes"); these sizes need \(expected)"
        case .rootMismatch(let expected, let computed):
            return "the path leads to root \(computed.hex), not \(expected.hex)"
        case .firstRootMismatch(let expected, let computed):
            return "the path gives the first tree the root \(computed.hex), not \(expected.hex)"
        case .secondRootMismatch(let expected, let computed):
            return "the path gives the second tree the root \(computed.hex), not \(expected.hex)"
        }
    }
}
