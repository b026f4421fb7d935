import Ledger

/// The log replayed as known at `knownAt`: the events recorded by then (`seq` ≤ N, or
/// `recorded` ≤ the instant), the corrections and retractions known by then applied, the
/// dated events in the order of SPEC §4. Built once per command; serves every view.
///
/// Each view folds the ordered events up to its as-of day (SPEC §4: an event counts once
/// its earliest day is not after the day; it is certain once its latest day is not after
/// it), so the same `Replay` answers any `--as-of`.
public struct Replay: Sendable {
    /// Registered members and networks, with their renames.
    let registry: Registry
    /// The policies of every network.
    let policies: PolicyBook
    /// The effective events that have a `date`, in §4 order.
    let ordered: [Event]
    /// The ids of the events a known correction changed.
    let corrected: Set<EventID>

    /// Replays `events` (the log in order, amendments included) as known at `knownAt`
    /// (everything when nil).
    /// - Complexity: O(n log n) for n events: one filter, one pass to apply amendments,
    ///   one sort. Each view then folds in O(n).
    public init(events: [Event], knownAt: KnownAt?) {
        let known = knownAt.known(events)
        var corrected: Set<EventID> = []
        for event in known where event.type == .correction {
            if let target = event.target { corrected.insert(target) }
        }
        let effective = Amendments.effective(known)
        self.corrected = corrected
        self.registry = Registry(effective)
        self.policies = PolicyBook(effective)
        // Sort positions, not events: an event is a large value, and moving it costs.
        var keyed: [(order: EventOrder, index: Int)] = []
        keyed.reserveCapacity(effective.count)
        for (index, event) in effective.enumerated() {
            if let order = EventOrder(event) { keyed.append((order, index)) }
        }
        keyed.sort { $0.order < $1.order }
        self.ordered = keyed.map { effective[$0.index] }
    }

    /// The commitments as of `day`.
    func book(asOf day: Day) -> CommitmentBook {
        CommitmentBook(ordered, through: day)
    }

    /// The member, if registered in the record as known.
    /// - Throws: `ViewError` such as `unknown member 'pariss' (did you mean 'paris'?)`.
    public func checkMember(_ name: String) throws(ViewError) -> MemberID {
        let id = MemberID(name)
        guard registry.members[id] == nil else { return id }
        throw ViewError("unknown member \(ViewError.quoted(name))"
            + Suggestion.hint(for: name, in: registry.members.keys.map(\.rawValue)))
    }

    /// The network, if registered in the record as known.
    /// - Throws: `ViewError` such as `unknown network 'c41' (did you mean 'c40'?)`.
    public func checkNetwork(_ name: String) throws(ViewError) -> NetworkID {
        let id = NetworkID(name)
        guard registry.networks[id] == nil else { return id }
        throw ViewError("unknown network \(ViewError.quoted(name))"
            + Suggestion.hint(for: name, in: registry.networks.keys.map(\.rawValue)))
    }
}
