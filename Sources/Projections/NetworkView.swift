import Ledger

extension Replay {
    /// The one row of `network NAME` as of `asOf` (SPEC §5): the network's profile — name in
    /// force, former names (distinct, oldest first, without the current one), kind, founded,
    /// managed by, state (`active`, `merged` or `closed`) — and its members: the commitments
    /// still open there, each with the member's name in force, since, via and status, sorted
    /// by member.
    ///
    /// Keys: `network, name, kind, founded, managedBy, state, formerNames, members`; each
    /// member `member, name, since, via, status` (SPEC §6).
    /// - Complexity: O(n) to fold, then O(m log m) for its m open commitments.
    public func network(_ id: NetworkID, asOf: Day) -> JSONValue {
        networkRow(id, book: book(asOf: asOf), asOf: asOf)
    }

    /// One `network` row per registered network, sorted by slug, from a single fold.
    /// - Complexity: O(n) to fold, then O(c log c) over all open commitments.
    public func networks(asOf: Day) -> [JSONValue] {
        let book = book(asOf: asOf)
        return registry.networks.keys.sorted().map { networkRow($0, book: book, asOf: asOf) }
    }

    private func networkRow(_ id: NetworkID, book: CommitmentBook, asOf: Day) -> JSONValue {
        let profile = registry.networks[id]
        let state: String
        switch book.networkEnding[id]?.type {
        case .merger?: state = "merged"
        case .closure?: state = "closed"
        default: state = "active"
        }
        let open = (book.open[id] ?? [:]).sorted { $0.key < $1.key }
        let members: [JSONValue] = open.map { member, index in
            let c = book.commitments[index]
            return Row.object([
                "member": .string(member.rawValue),
                "name": Row.text(registry.name(of: member, asOf: asOf)),
                "since": .string(c.startDate.text),
                "via": .string(c.via),
                "status": .string(c.judged(asOf: asOf, policies: policies).status),
            ])
        }
        return Row.object([
            "network": .string(id.rawValue),
            "name": Row.text(registry.name(of: id, asOf: asOf)),
            "kind": Row.text(profile?.kind),
            "founded": Row.text(profile?.founded),
            "managedBy": Row.text(profile?.managedBy),
            "state": .string(state),
            "formerNames": .array(registry.formerNames(of: id, asOf: asOf).map(JSONValue.string)),
            "members": .array(members),
        ])
    }
}
