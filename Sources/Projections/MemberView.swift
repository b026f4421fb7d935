import Ledger

extension Replay {
    /// The one row of `member NAME` as of `asOf` (SPEC §5): the member's profile (name in
    /// force, kind, country) and all its commitments as status rows (see `status`).
    ///
    /// Keys: `member, name, kind, country, commitments` (SPEC §6).
    /// - Complexity: O(n) to fold, then O(c log c) for its c commitments.
    public func member(_ id: MemberID, asOf: Day) -> JSONValue {
        memberRow(id, commitments: book(asOf: asOf).commitments(of: id), asOf: asOf)
    }

    /// One `member` row per registered member, sorted by slug, from a single fold.
    /// - Complexity: O(n) to fold, then O(c log c) over all commitments.
    public func members(asOf: Day) -> [JSONValue] {
        var byMember: [MemberID: [Commitment]] = [:]
        for c in book(asOf: asOf).commitments { byMember[c.member, default: []].append(c) }
        return registry.members.keys.sorted().map { memberRow($0, commitments: byMember[$0] ?? [], asOf: asOf) }
    }

    private func memberRow(_ id: MemberID, commitments: [Commitment], asOf: Day) -> JSONValue {
        let profile = registry.members[id]
        return Row.object([
            "member": .string(id.rawValue),
            "name": Row.text(registry.name(of: id, asOf: asOf)),
            "kind": Row.text(profile?.kind),
            "country": Row.text(profile?.country),
            "commitments": .array(statusRows(commitments, asOf: asOf)),
        ])
    }
}
