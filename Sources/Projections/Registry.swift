import Ledger

/// The reference data of the record: registered members and networks, and their
/// renames, with the name in force at any day.
///
/// Built once from the effective events (corrections applied, retracted events left out).
struct Registry: Sendable {
    /// What a `member` or `network` registration says.
    struct Profile: Sendable {
        var name: String
        var kind: String?
        var country: String?
        var founded: String?
        var managedBy: String?
        /// The registration's note.
        var note: String?
    }

    /// A rename, reduced to its place in the §4 order and the new name.
    struct Rename: Sendable {
        var order: EventOrder
        var name: String
    }

    private(set) var members: [MemberID: Profile] = [:]
    private(set) var networks: [NetworkID: Profile] = [:]
    /// Renames of each member, in §4 order.
    private var memberRenames: [MemberID: [Rename]] = [:]
    /// Renames of each network, in §4 order.
    private var networkRenames: [NetworkID: [Rename]] = [:]

    /// - Parameter events: the effective events, in any order.
    /// - Complexity: O(n + r log r) for n events of which r are renames.
    init(_ events: some Collection<Event>) {
        // Sized once: a table of a million members grown by doubling rehashes them all
        // again at each step.
        var counts = (members: 0, networks: 0)
        for event in events {
            if event.type == .member { counts.members += 1 } else if event.type == .network { counts.networks += 1 }
        }
        members.reserveCapacity(counts.members)
        networks.reserveCapacity(counts.networks)
        for event in events {
            switch event.type {
            case .member:
                guard let id = event.member else { continue }
                members[id] = Profile(name: event.string("name") ?? id.rawValue, kind: event.string("kind"),
                                      country: event.string("country"), note: event.note)
            case .network:
                guard let id = event.network else { continue }
                networks[id] = Profile(name: event.string("name") ?? id.rawValue, kind: event.string("kind"),
                                       founded: event.string("founded"), managedBy: event.string("managedBy"))
            case .rename:
                guard let order = EventOrder(event), let name = event.string("name") else { continue }
                if let id = event.member {
                    memberRenames[id, default: []].append(Rename(order: order, name: name))
                } else if let id = event.network {
                    networkRenames[id, default: []].append(Rename(order: order, name: name))
                }
            default:
                continue
            }
        }
        for key in memberRenames.keys { memberRenames[key]!.sort { $0.order < $1.order } }
        for key in networkRenames.keys { networkRenames[key]!.sort { $0.order < $1.order } }
    }

    // MARK: - Names at a day

    /// The member's name in force at `day` (the last rename whose earliest day is not after it).
    func name(of id: MemberID, asOf day: Day) -> String? {
        members[id].map { name(of: id, asOf: day, registered: $0.name) }
    }

    /// The name in force at `day` of a member registered as `registered`: the table's own
    /// registration, or one it does not hold (`Replay.registeredNames(_:)`).
    func name(of id: MemberID, asOf day: Day, registered: String) -> String {
        memberRenames[id]?.last(where: { $0.order.earliest <= day })?.name ?? registered
    }

    /// The network's name in force at `day`.
    func name(of id: NetworkID, asOf day: Day) -> String? {
        guard let registered = networks[id]?.name else { return nil }
        return networkRenames[id]?.last(where: { $0.order.earliest <= day })?.name ?? registered
    }

    /// The member's name just before the event at `order` (renames earlier in §4 order);
    /// the registered name when `order` is nil (an undated event).
    func name(of id: MemberID, before order: EventOrder?) -> String? {
        members[id].map { name(of: id, before: order, registered: $0.name) }
    }

    /// The name just before the event at `order` of a member registered as `registered`:
    /// the table's own registration, or one it does not hold (`Replay.registeredNames(_:)`).
    func name(of id: MemberID, before order: EventOrder?, registered: String) -> String {
        guard let order else { return registered }
        return memberRenames[id]?.last(where: { $0.order < order })?.name ?? registered
    }

    /// The network's name just before the event at `order`; the registered name when nil.
    func name(of id: NetworkID, before order: EventOrder?) -> String? {
        guard let registered = networks[id]?.name else { return nil }
        guard let order else { return registered }
        return networkRenames[id]?.last(where: { $0.order < order })?.name ?? registered
    }

    /// The network's earlier names at `day`: the registered name and each rename in force by
    /// then, oldest first, each once, without the current one.
    func formerNames(of id: NetworkID, asOf day: Day) -> [String] {
        guard let registered = networks[id]?.name else { return [] }
        let chain = [registered] + (networkRenames[id] ?? []).filter { $0.order.earliest <= day }.map(\.name)
        let current = chain.last!
        var seen: Set<String> = [current]
        var result: [String] = []
        for name in chain where seen.insert(name).inserted { result.append(name) }
        return result
    }
}
