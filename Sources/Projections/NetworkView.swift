import Ledger

/// One member of a network, in the network view.
public struct NetworkMemberRow: Sendable, Equatable {
    public var member: MemberID
    /// The member's name in force at the as-of day.
    public var name: String?
    public var since: String
    public var via: String
    public var status: CommitmentStatus
}

/// The one row of `network NAME` (SPEC §5, keys of §6).
public struct NetworkRow: Sendable, Equatable {
    public var network: NetworkID
    public var name: String?
    public var kind: String?
    public var founded: String?
    public var managedBy: String?
    /// `active`, `merged` or `closed`.
    public var state: String
    public var formerNames: [String]
    public var members: [NetworkMemberRow]
}

extension Replay {
    /// The one row of `network NAME` as of `asOf` (SPEC §5): the network's profile — name in
    /// force, former names (distinct, oldest first, without the current one), kind, founded,
    /// managed by, state (`active`, `merged` or `closed`) — and its members: the commitments
    /// still open there, each with the member's name in force, since, via and status, sorted
    /// by member.
    /// - Complexity: O(n) to fold, then O(m log m) for its m open commitments.
    public func network(_ id: NetworkID, asOf: Day) -> NetworkRow {
        networkRow(id, book: book(asOf: asOf), asOf: asOf)
    }

    /// One `network` row per registered network, sorted by slug, from a single fold.
    /// - Complexity: O(n) to fold, then O(c log c) over all open commitments.
    public func networks(asOf: Day) -> [NetworkRow] {
        let book = book(asOf: asOf)
        return registry.networks.keys.sorted().map { networkRow($0, book: book, asOf: asOf) }
    }

    private func networkRow(_ id: NetworkID, book: CommitmentBook, asOf: Day) -> NetworkRow {
        let profile = registry.networks[id]
        let h = handle(id.rawValue) ?? -2
        let state: String
        switch book.networkEnding[h].map({ facts[Int($0)].type }) {
        case .merger?: state = "merged"
        case .closure?: state = "closed"
        default: state = "active"
        }
        let open = book.open.members(of: h).map { (member: MemberID(string($0.member)), index: $0.commitment) }
            .sorted { $0.member < $1.member }
        let members = open.map { member, index in
            let c = book.commitments[Int(index)]
            return NetworkMemberRow(member: member, name: registry.name(of: member, asOf: asOf),
                                    since: string(facts[Int(c.start)].date), via: c.via?.rawValue ?? "merger",
                                    status: judged(c, asOf: asOf).status)
        }
        return NetworkRow(network: id, name: registry.name(of: id, asOf: asOf), kind: profile?.kind,
                          founded: profile?.founded, managedBy: profile?.managedBy, state: state,
                          formerNames: registry.formerNames(of: id, asOf: asOf), members: members)
    }
}
