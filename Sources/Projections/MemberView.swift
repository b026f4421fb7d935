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
        var byMember: [Int32: [Commitment]] = [:]
        for c in book(asOf: asOf).commitments { byMember[c.member, default: []].append(c) }
        return registry.members.keys.sorted().map { id in
            memberRow(id, commitments: handle(id.rawValue).flatMap { byMember[$0] } ?? [], asOf: asOf)
        }
    }

    private func memberRow(_ id: MemberID, commitments: [Commitment], asOf: Day) -> MemberRow {
        let profile = registry.members[id]
        return MemberRow(member: id, name: registry.name(of: id, asOf: asOf), kind: profile?.kind,
                         country: profile?.country, note: profile?.note, commitments: sorted(commitments).map { judged($0, asOf: asOf) })
    }
}
