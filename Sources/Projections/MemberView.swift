import Ledger

/// The one row of `member NAME` (SPEC §5, keys of §6).
public struct MemberRow: Sendable, Equatable {
    public var member: MemberID
    public var name: String?
    public var kind: String?
    public var country: String?
    /// The note of its registration (as corrected).
    public var note: String?
    /// Its commitments, as status rows.
    public var commitments: [StatusRow]
}

extension Replay {
    /// The one row of `member NAME` as of `asOf` (SPEC §5): the member's profile (name in
    /// force, kind, country) and all its commitments as status rows (see `status`).
    /// - Complexity: O(n) to fold, then O(c log c) for its c commitments.
    public func member(_ id: MemberID, asOf: Day) -> MemberRow {
        let commitments = handle(id.rawValue).map { book(asOf: asOf).commitments(of: $0) } ?? []
        return memberRow(id, commitments: commitments, asOf: asOf)
    }

    /// One `member` row per registered member, sorted by slug, from a single fold.
    /// - Complexity: O(n) to fold, then O(c log c) over all commitments.
    public func members(asOf: Day) -> [MemberRow] {
        let all = book(asOf: asOf).commitments
        var byMember: [Int32: [Commitment]] = [:]
        for c in all { byMember[c.member, default: []].append(c) }
        // The slugs ranked once for every member's list (ranking them for each member made a
        // table of every string per member: quadratic).
        let ranks = slugRanks(all)
        return registry.members.keys.sorted().map { id in
            memberRow(id, commitments: handle(id.rawValue).flatMap { byMember[$0] } ?? [], asOf: asOf, ranks: ranks)
        }
    }

    private func memberRow(_ id: MemberID, commitments: [Commitment], asOf: Day, ranks: [Int32]? = nil) -> MemberRow {
        let profile = registry.members[id]
        return MemberRow(member: id, name: registry.name(of: id, asOf: asOf), kind: profile?.kind,
                         country: profile?.country, note: profile?.note, commitments: sorted(commitments, ranks: ranks).map { judged($0, asOf: asOf) })
    }
}
