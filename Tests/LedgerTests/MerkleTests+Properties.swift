import Testing
import TestSupport
@testable import Ledger

extension MerkleTests {
    /// Seeded random trees of up to 300 leaves: what the code proves verifies,
    /// and nothing near it does.
    @Suite("Random trees (seeded)")
    struct Properties {
        /// `digest` with each of its 256 bits flipped in turn — or, to keep the
        /// suite quick, one random bit of each of its 32 bytes.
        static func flips(_ digest: SHA256Digest, everyBit: Bool, _ rng: inout SplitMix64) -> [SHA256Digest] {
            let bytes = digest.bytes
            let bits = everyBit ? Array(0..<256) : (0..<32).map { 8 * $0 + Int(rng.next() % 8) }
            return bits.map { bit in
                var flipped = bytes
                flipped[bit / 8] ^= 1 << UInt8(bit % 8)
                return SHA256Digest(uncheckedBytes: flipped)
            }
        }

        /// Whether `check` throws.
        static func fails(_ check: () throws(ProofError) -> Void) -> Bool {
            do { try check() } catch { return true }
            return false
        }

        @Test("inclusion: every proof verifies; a flipped bit of path, leaf or root fails, and so does another index or size unless the RFC's schedule is the same")
        func inclusion() throws {
            var rng = SplitMix64(seed: 0x9162_0213_0001)
            var proofs = 0, flipped = 0, renumbered = 0, sameSchedule = 0
            for _ in 0..<8 {
                let count = Int.random(in: 1...300, using: &rng)
                let hashes = MerkleTests.leafHashes(MerkleTests.entries(count, seed: rng.next()))
                let tree = MerkleTree(leafHashes: hashes)
                for round in 0..<4 {
                    let everyBit = round == 0
                    let size = Int.random(in: 1...count, using: &rng)
                    let index = Int.random(in: 0..<size, using: &rng)
                    let (leaf, root) = (hashes[index], RFC9162.mth(hashes[..<size]))
                    let proof = try tree.inclusionProof(index: index, size: size)
                    #expect(try tree.root(size: size) == root)
                    #expect(proof.path == RFC9162.path(index, hashes[..<size]))
                    try proof.verify(leafHash: leaf, root: root)
                    proofs += 1

                    for (k, hash) in proof.path.enumerated() {
                        for wrong in Self.flips(hash, everyBit: everyBit, &rng) {
                            var bad = proof
                            bad.path[k] = wrong
                            #expect(Self.fails { () throws(ProofError) in try bad.verify(leafHash: leaf, root: root) })
                            flipped += 1
                        }
                    }
                    for wrong in Self.flips(leaf, everyBit: everyBit, &rng) {
                        #expect(Self.fails { () throws(ProofError) in try proof.verify(leafHash: wrong, root: root) })
                        flipped += 1
                    }
                    for wrong in Self.flips(root, everyBit: everyBit, &rng) {
                        #expect(Self.fails { () throws(ProofError) in try proof.verify(leafHash: leaf, root: wrong) })
                        flipped += 1
                    }

                    // Same path, other numbers: it holds exactly when the RFC combines the
                    // hashes in the same order, which happens for some sizes (not indices):
                    // the size is bound to the root by the checkpoint, not by the path.
                    let schedule = RFC9162.inclusionSchedule(index, size)
                    let numbers = (-1...size + 1).map { ($0, size) } + (-1...count + 8).map { (index, $0) }
                    for (otherIndex, otherSize) in numbers where (otherIndex, otherSize) != (index, size) {
                        let moved = InclusionProof(index: otherIndex, treeSize: otherSize, path: proof.path)
                        let same = otherIndex >= 0 && otherIndex < otherSize
                            && RFC9162.inclusionSchedule(otherIndex, otherSize) == schedule
                        #expect(Self.fails { () throws(ProofError) in try moved.verify(leafHash: leaf, root: root) } == !same,
                                "leaf \(index) of \(size) as leaf \(otherIndex) of \(otherSize)")
                        #expect(!same || otherIndex == index, "two leaves of one tree share a schedule")
                        renumbered += 1
                        if same { sameSchedule += 1 }
                    }
                }
            }
            #expect(proofs == 32)
            #expect(flipped > 8 * 2 * 256 + 24 * 2 * 32)
            #expect(renumbered > 32 * 10)
            #expect(sameSchedule > 0)
        }

        @Test("consistency: every proof verifies; a flipped bit of path or either root fails, and so do other sizes unless the RFC's schedule is the same")
        func consistency() throws {
            var rng = SplitMix64(seed: 0x9162_0214_0001)
            var proofs = 0, flipped = 0, renumbered = 0, sameSchedule = 0
            for _ in 0..<8 {
                let count = Int.random(in: 1...300, using: &rng)
                let hashes = MerkleTests.leafHashes(MerkleTests.entries(count, seed: rng.next()))
                let tree = MerkleTree(leafHashes: hashes)
                for round in 0..<4 {
                    let everyBit = round == 0
                    let second = Int.random(in: 1...count, using: &rng)
                    let first = Int.random(in: 1...second, using: &rng)
                    let (root1, root2) = (RFC9162.mth(hashes[..<first]), RFC9162.mth(hashes[..<second]))
                    let proof = try tree.consistencyProof(from: first, to: second)
                    #expect(proof.path == RFC9162.proof(first, hashes[..<second]))
                    try proof.verify(firstRoot: root1, secondRoot: root2)
                    proofs += 1

                    for (k, hash) in proof.path.enumerated() {
                        for wrong in Self.flips(hash, everyBit: everyBit, &rng) {
                            var bad = proof
                            bad.path[k] = wrong
                            #expect(Self.fails { () throws(ProofError) in try bad.verify(firstRoot: root1, secondRoot: root2) })
                            flipped += 1
                        }
                    }
                    for wrong in Self.flips(root1, everyBit: everyBit, &rng) {
                        #expect(Self.fails { () throws(ProofError) in try proof.verify(firstRoot: wrong, secondRoot: root2) })
                        flipped += 1
                    }
                    for wrong in Self.flips(root2, everyBit: everyBit, &rng) {
                        #expect(Self.fails { () throws(ProofError) in try proof.verify(firstRoot: root1, secondRoot: wrong) })
                        flipped += 1
                    }

                    let schedule = RFC9162.consistencySchedule(first, second)
                    let numbers = (-1...second + 1).map { ($0, second) } + (-1...count + 8).map { (first, $0) }
                    for (otherFirst, otherSecond) in numbers where (otherFirst, otherSecond) != (first, second) {
                        let moved = ConsistencyProof(firstSize: otherFirst, secondSize: otherSecond, path: proof.path)
                        let same = 1 <= otherFirst && otherFirst <= otherSecond
                            && RFC9162.consistencySchedule(otherFirst, otherSecond) == schedule
                        #expect(Self.fails { () throws(ProofError) in try moved.verify(firstRoot: root1, secondRoot: root2) } == !same,
                                "\(first) to \(second) as \(otherFirst) to \(otherSecond)")
                        renumbered += 1
                        if same { sameSchedule += 1 }
                    }
                }
            }
            #expect(proofs == 32)
            #expect(flipped >= 8 * 2 * 256 + 24 * 2 * 32)
            #expect(renumbered > 32 * 10)
            #expect(sameSchedule > 0)
        }

        @Test("an inclusion path does not fix the tree size: leaf 0 of 4 checks as leaf 0 of 3 against the same root")
        func sizeComesWithTheRoot() throws {
            let hashes = MerkleTests.leafHashes(MerkleTests.entries(4))
            let tree = MerkleTree(leafHashes: hashes)
            let proof = try tree.inclusionProof(index: 0, size: 4)
            let asThree = InclusionProof(index: 0, treeSize: 3, path: proof.path)
            // Both orders hash (((leaf, p0), p1)): only a checkpoint binding size 4 to
            // this root tells the two claims apart, so `check` takes both from one checkpoint.
            try asThree.verify(leafHash: hashes[0], root: tree.root(size: 4))
            #expect(throws: ProofError.self) { try asThree.verify(leafHash: hashes[0], root: tree.root(size: 3)) }
        }
    }
}
