import Testing
import TestSupport
@testable import Ledger

/// The Merkle tree of SPEC §10 against RFC 9162 §2.1's own definitions.
@Suite("Merkle tree (RFC 9162 §2.1)")
struct MerkleTests {
    /// n entries of varied lengths (some empty), the same for every run.
    static func entries(_ n: Int, seed: UInt64 = 9162) -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { _ in
            (0..<Int(rng.next() % 80)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        }
    }

    /// The leaf hashes of `entries`, by the RFC's definition.
    static func leafHashes(_ entries: [[UInt8]]) -> [SHA256Digest] {
        entries.map(RFC9162.leafHash)
    }

    @Test("leaf and node hashes carry the 0x00 and 0x01 prefixes; the empty tree's root is SHA-256 of nothing")
    func hashes() throws {
        let entry: [UInt8] = [0x10, 0x20, 0x30]
        #expect(MerkleHash.leaf(entry) == SHA256.hash([0x00] + entry))
        #expect(MerkleHash.leaf(entry[1...]) == SHA256.hash([0x00, 0x20, 0x30]))
        #expect(MerkleHash.leaf([]) == SHA256.hash([0x00]))
        let (a, b) = (SHA256.hash([1]), SHA256.hash([2]))
        #expect(MerkleHash.node(a, b) == SHA256.hash([0x01] + a.bytes + b.bytes))
        #expect(MerkleHash.node(a, b) != MerkleHash.node(b, a))
        #expect(MerkleHash.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(MerkleHash.root(ofLeafHashes: []) == MerkleHash.emptyRoot)
        #expect(MerkleTree().root == MerkleHash.emptyRoot)
        #expect(try MerkleTree().root(size: 0) == MerkleHash.emptyRoot)
    }

    @Test("for every size 0…64 the root is the RFC's MTH: folded, built at that size, and as a prefix of 64 leaves")
    func roots() throws {
        let hashes = Self.leafHashes(Self.entries(64))
        let whole = MerkleTree(leafHashes: hashes)
        var grown = MerkleTree()
        for n in 0...64 {
            let expected = RFC9162.mth(hashes[..<n])
            #expect(MerkleHash.root(ofLeafHashes: hashes[..<n]) == expected, "fold, size \(n)")
            #expect(MerkleTree(leafHashes: hashes[..<n]).root == expected, "built, size \(n)")
            #expect(grown.root == expected, "grown, size \(n)")
            #expect(try whole.root(size: n) == expected, "prefix, size \(n)")
            #expect(grown.count == n)
            if n < 64 { grown.append(leafHash: hashes[n]) }
        }
        for i in 0..<64 { #expect(whole.leafHash(at: i) == hashes[i]) }
    }

    @Test("every inclusion path of every leaf in every tree size 1…64 is the RFC's PATH, and verifies")
    func inclusionPaths() throws {
        let hashes = Self.leafHashes(Self.entries(64))
        let tree = MerkleTree(leafHashes: hashes)
        var checked = 0
        for n in 1...64 {
            let root = RFC9162.mth(hashes[..<n])
            for m in 0..<n {
                let proof = try tree.inclusionProof(index: m, size: n)
                #expect(proof.index == m && proof.treeSize == n)
                #expect(proof.path == RFC9162.path(m, hashes[..<n]), "PATH(\(m), D[\(n)])")
                #expect(proof.path.count == InclusionProof.pathLength(index: m, treeSize: n))
                #expect(throws: Never.self) { try proof.verify(leafHash: hashes[m], root: root) }
                checked += 1
            }
        }
        #expect(checked == 64 * 65 / 2)
    }

    @Test("every consistency proof for 1 ≤ m ≤ n ≤ 64 is the RFC's PROOF, and verifies")
    func consistencyProofs() throws {
        let hashes = Self.leafHashes(Self.entries(64))
        let tree = MerkleTree(leafHashes: hashes)
        let roots = (0...64).map { RFC9162.mth(hashes[..<$0]) }
        var checked = 0
        for n in 1...64 {
            for m in 1...n {
                let proof = try tree.consistencyProof(from: m, to: n)
                #expect(proof.firstSize == m && proof.secondSize == n)
                #expect(proof.path == RFC9162.proof(m, hashes[..<n]), "PROOF(\(m), D[\(n)])")
                #expect(proof.path.count == ConsistencyProof.pathLength(first: m, second: n))
                #expect(throws: Never.self) { try proof.verify(firstRoot: roots[m], secondRoot: roots[n]) }
                checked += 1
            }
        }
        #expect(checked == 64 * 65 / 2)
    }

    @Test("making a root or proof for a size, index or pair of sizes the tree does not have is refused")
    func refusedRequests() throws {
        let tree = MerkleTree(leafHashes: Self.leafHashes(Self.entries(10)))
        #expect(throws: ProofError.sizeBeyondTree(size: 11, count: 10)) { try tree.root(size: 11) }
        #expect(throws: ProofError.negativeSize(-1)) { try tree.root(size: -1) }
        #expect(throws: ProofError.indexOutOfRange(index: 5, treeSize: 5)) { try tree.inclusionProof(index: 5, size: 5) }
        #expect(throws: ProofError.indexOutOfRange(index: -1, treeSize: 5)) { try tree.inclusionProof(index: -1, size: 5) }
        #expect(throws: ProofError.indexOutOfRange(index: 0, treeSize: 0)) { try tree.inclusionProof(index: 0, size: 0) }
        #expect(throws: ProofError.sizeBeyondTree(size: 11, count: 10)) { try tree.inclusionProof(index: 0, size: 11) }
        #expect(throws: ProofError.emptyFirstTree(second: 4)) { try tree.consistencyProof(from: 0, to: 4) }
        #expect(throws: ProofError.emptyFirstTree(second: 0)) { try tree.consistencyProof(from: 0, to: 0) }
        #expect(throws: ProofError.sizesOutOfOrder(first: 5, second: 4)) { try tree.consistencyProof(from: 5, to: 4) }
        #expect(throws: ProofError.sizeBeyondTree(size: 11, count: 10)) { try tree.consistencyProof(from: 2, to: 11) }
        #expect(throws: ProofError.negativeSize(-3)) { try tree.consistencyProof(from: -3, to: 4) }
        #expect(try tree.consistencyProof(from: 10, to: 10).path.isEmpty)
    }

    @Test("hostile numbers and paths are refused, never trapped on")
    func hostileInput() {
        let leaf = RFC9162.leafHash([1])
        let root = RFC9162.leafHash([2])
        let junk = (0..<1000).map { SHA256.hash([UInt8(truncatingIfNeeded: $0)]) }
        func inclusion(_ index: Int, _ size: Int, _ path: [SHA256Digest]) -> ProofError? {
            do { try InclusionProof(index: index, treeSize: size, path: path).verify(leafHash: leaf, root: root) }
            catch { return error }
            return nil
        }
        #expect(inclusion(0, 0, []) == .indexOutOfRange(index: 0, treeSize: 0))
        #expect(inclusion(3, 3, [junk[0]]) == .indexOutOfRange(index: 3, treeSize: 3))
        #expect(inclusion(-1, 3, []) == .indexOutOfRange(index: -1, treeSize: 3))
        #expect(inclusion(Int.min, Int.min, []) == .indexOutOfRange(index: Int.min, treeSize: Int.min))
        #expect(inclusion(0, -5, []) == .indexOutOfRange(index: 0, treeSize: -5))
        #expect(inclusion(Int.max, Int.max, []) == .indexOutOfRange(index: Int.max, treeSize: Int.max))
        #expect(inclusion(0, 8, []) == .pathLength(count: 0, expected: 3))
        #expect(inclusion(0, 8, Array(junk[..<4])) == .pathLength(count: 4, expected: 3))
        #expect(inclusion(5, 8, junk) == .pathLength(count: 1000, expected: 3))
        #expect(inclusion(0, 1, [junk[0]]) == .pathLength(count: 1, expected: 0))
        // The largest trees there are: full-length paths are hashed, and fail on the root.
        if case .rootMismatch = inclusion(Int.max - 1, Int.max, Array(junk[..<62])) {} else { Issue.record("last leaf of Int.max") }
        if case .rootMismatch = inclusion(0, Int.max, Array(junk[..<63])) {} else { Issue.record("first leaf of Int.max") }
        #expect(inclusion(0, 1, []) == .rootMismatch(expected: root, computed: leaf))

        func consistency(_ first: Int, _ second: Int, _ path: [SHA256Digest], _ r1: SHA256Digest = leaf, _ r2: SHA256Digest = root) -> ProofError? {
            do { try ConsistencyProof(firstSize: first, secondSize: second, path: path).verify(firstRoot: r1, secondRoot: r2) }
            catch { return error }
            return nil
        }
        #expect(consistency(0, 0, []) == .emptyFirstTree(second: 0))
        #expect(consistency(0, 0, [], leaf, leaf) == .emptyFirstTree(second: 0))
        #expect(consistency(0, 5, []) == .emptyFirstTree(second: 5))
        #expect(consistency(5, 3, []) == .sizesOutOfOrder(first: 5, second: 3))
        #expect(consistency(-1, 3, []) == .negativeSize(-1))
        #expect(consistency(1, -3, []) == .negativeSize(-3))
        #expect(consistency(Int.min, Int.max, []) == .negativeSize(Int.min))
        #expect(consistency(Int.max, Int.min, []) == .negativeSize(Int.min))
        #expect(consistency(1, 1, [junk[0]], leaf, leaf) == .pathLength(count: 1, expected: 0))
        #expect(consistency(1, 1, []) == .secondRootMismatch(expected: root, computed: leaf))
        #expect(consistency(1, 1, [], leaf, leaf) == nil)
        #expect(consistency(Int.max, Int.max, [], leaf, leaf) == nil)
        #expect(consistency(4, 8, []) == .pathLength(count: 0, expected: 1))
        #expect(consistency(3, 8, junk) == .pathLength(count: 1000, expected: 4))
        if case .firstRootMismatch = consistency(Int.max - 1, Int.max, Array(junk[..<63])) {} else { Issue.record("Int.max − 1 to Int.max") }
        if case .secondRootMismatch = consistency(1, Int.max, Array(junk[..<63])) {} else { Issue.record("1 to Int.max") }
    }

    @Test("a wrong hash is named: the root an inclusion path leads to, the tree a consistency path disagrees on")
    func namedMismatches() throws {
        let hashes = Self.leafHashes(Self.entries(13))
        let tree = MerkleTree(leafHashes: hashes)
        let (root6, root13) = (try tree.root(size: 6), try tree.root(size: 13))
        let other = SHA256.hash([9])

        let inclusion = try tree.inclusionProof(index: 4, size: 13)
        #expect(throws: ProofError.rootMismatch(expected: other, computed: root13)) {
            try inclusion.verify(leafHash: hashes[4], root: other)
        }
        let consistency = try tree.consistencyProof(from: 6, to: 13)
        #expect(throws: ProofError.firstRootMismatch(expected: other, computed: root6)) {
            try consistency.verify(firstRoot: other, secondRoot: root13)
        }
        #expect(throws: ProofError.secondRootMismatch(expected: other, computed: root13)) {
            try consistency.verify(firstRoot: root6, secondRoot: other)
        }
        let messages = [ProofError.rootMismatch(expected: other, computed: root13).description,
                        ProofError.pathLength(count: 4, expected: 3).description]
        #expect(messages[0] == "the path leads to root \(root13.hex), not \(other.hex)")
        #expect(messages[1] == "the path has 4 hashes; these sizes need 3")
    }
}
