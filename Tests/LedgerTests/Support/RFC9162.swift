import Ledger

/// RFC 9162 §2.1 written as its definitions read — recursive, slow, plainly
/// right — to hold the efficient code in Sources/Ledger/Proofs to.
///
/// It shares nothing with that code but SHA-256: the prefixes, the split and
/// the recursions are written out again here.
enum RFC9162 {
    /// SHA-256(0x00 ‖ entry).
    static func leafHash(_ entry: [UInt8]) -> SHA256Digest {
        SHA256.hash([0x00] + entry)
    }

    /// SHA-256(0x01 ‖ left ‖ right).
    static func nodeHash(_ left: SHA256Digest, _ right: SHA256Digest) -> SHA256Digest {
        SHA256.hash([0x01] + left.bytes + right.bytes)
    }

    /// k: the largest power of two smaller than n (n > 1).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    /// MTH(D[n]) over leaf hashes (§2.1.1).
    static func mth(_ d: ArraySlice<SHA256Digest>) -> SHA256Digest {
        switch d.count {
        case 0: return SHA256.hash([UInt8]())
        case 1: return d.first!
        default:
            let k = split(d.count)
            return nodeHash(mth(d.prefix(k)), mth(d.dropFirst(k)))
        }
    }

    /// PATH(m, D[n]) (§2.1.3.1).
    static func path(_ m: Int, _ d: ArraySlice<SHA256Digest>) -> [SHA256Digest] {
        let n = d.count
        if n == 1 { return [] }
        let k = split(n)
        if m < k { return path(m, d.prefix(k)) + [mth(d.dropFirst(k))] }
        return path(m - k, d.dropFirst(k)) + [mth(d.prefix(k))]
    }

    /// PROOF(m, D[n]) = SUBPROOF(m, D[n], true) (§2.1.4.1).
    static func proof(_ m: Int, _ d: ArraySlice<SHA256Digest>) -> [SHA256Digest] {
        subproof(m, d, true)
    }

    /// SUBPROOF(m, D[n], b).
    static func subproof(_ m: Int, _ d: ArraySlice<SHA256Digest>, _ b: Bool) -> [SHA256Digest] {
        let n = d.count
        if m == n { return b ? [] : [mth(d)] }
        let k = split(n)
        if m <= k { return subproof(m, d.prefix(k), b) + [mth(d.dropFirst(k))] }
        return subproof(m - k, d.dropFirst(k), false) + [mth(d.prefix(k))]
    }

    // MARK: - Shapes

    /// For PATH(m, D[n]), whether each hash is a left sibling: the order in
    /// which a verifier combines them. Two (m, n) with the same schedule check
    /// the same equation, so one's proof holds for the other's numbers.
    static func inclusionSchedule(_ m: Int, _ n: Int) -> [Bool] {
        if n == 1 { return [] }
        let k = split(n)
        if m < k { return inclusionSchedule(m, k) + [false] }
        return inclusionSchedule(m - k, n - k) + [true]
    }

    /// How a verifier uses each hash of a consistency proof.
    enum Role: Equatable {
        /// MTH(D[m]) of the subtree the first tree ends with.
        case seed
        /// A left sibling, in both trees.
        case left
        /// A right sibling, in the second tree only.
        case right
    }

    /// The roles of the hashes of SUBPROOF(m, D[n], b), in order; like
    /// `inclusionSchedule`, equal schedules check the same equation.
    static func consistencySchedule(_ m: Int, _ n: Int, _ b: Bool = true) -> [Role] {
        if m == n { return b ? [] : [.seed] }
        let k = split(n)
        if m <= k { return consistencySchedule(m, k, b) + [.right] }
        return consistencySchedule(m - k, n - k, false) + [.left]
    }
}
