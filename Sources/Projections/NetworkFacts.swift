import Ledger

/// The members of a spilled log whose facts can bear on the commitments in one network,
/// for the views of that network alone (`network NAME`, `status --network NAME`) of a log
/// too large to hold as facts: only their facts are replayed.
///
/// A commitment belongs to one member in one network, and only the member's own events
/// change it, until a merger carries it into another network. So a member can have a
/// commitment in network N only if one of its events is in N or in a network that merges
/// into N, directly or not (N's *upstream*), or is an event an amendment may name (a
/// correction may move an event into N from elsewhere, or to another member). Every other
/// member has no commitment there and no row to give. A member kept keeps all its facts,
/// so its rows are the whole log's; the core (every network's own events, the mergers,
/// closures, policies and amendments) is replayed whole, as for every range.
///
/// The upstream is read from the mergers both as recorded and as corrected: a correction
/// may set a merger's `network` or `into`, and either may hold as of the day and the line
/// a view is asked for.
struct NetworkFacts {
    /// By handle: whether a fact in that network makes its member kept (none for a slug
    /// the log never names: that network's view then fails as the whole log's does).
    private let upstream: [Bool]
    /// The ids amendments name (by their hashes; any collision only keeps a member more).
    private let targets: WantedIDs

    /// What to keep for the network `slug`.
    /// - Parameter names: the core's strings, with every string its corrections set
    ///   (`SpillShares.names`).
    init(network slug: String, core: FactLog, names: Interner) {
        // Each merger's network and the network it merges into, as recorded and as any
        // correction sets them: every pairing of these counts, so that none is missed.
        var mergers: [UInt64: (from: [Int32], into: [Int32])] = [:]
        for fact in core.facts where fact.type == .merger {
            mergers[fact.idHash] = ([fact.network], [fact.into])
        }
        var named: [EventID] = []
        for fact in core.facts where (fact.type == .correction || fact.type == .retraction) && fact.reference >= 0 {
            let amendment = core.reference[Int(fact.reference)]
            guard let target = amendment.target else { continue }
            named.append(target)
            let hash = Fact.hash(target)
            guard fact.type == .correction, mergers[hash] != nil, case .object(let changes)? = amendment.value("set") else { continue }
            for change in changes {
                guard let text = change.value.stringValue, let handle = names.find(text) else { continue }
                if change.key == "network" { mergers[hash]!.from.append(handle) }
                if change.key == "into" { mergers[hash]!.into.append(handle) }
            }
        }
        targets = WantedIDs(named)
        var upstream = [Bool](repeating: false, count: names.count)
        if let n = names.find(slug) {
            // The networks merging into each one.
            var mergingInto: [Int32: [Int32]] = [:]
            for (from, into) in mergers.values {
                for to in into where to >= 0 {
                    for network in from where network >= 0 { mergingInto[to, default: []].append(network) }
                }
            }
            upstream[Int(n)] = true
            var queue = [n]
            while let next = queue.popLast() {
                for from in mergingInto[next] ?? [] where !upstream[Int(from)] {
                    upstream[Int(from)] = true
                    queue.append(from)
                }
            }
        }
        self.upstream = upstream
    }

    /// Whether `fact` makes its member kept.
    private func marks(_ fact: Fact) -> Bool {
        (fact.network >= 0 && upstream[Int(fact.network)])
            || targets.ids(hashed: fact.idHash) != nil
    }

    /// The spill's facts of the members kept for `network`, in log order, in a spill of their
    /// own that counts its members' facts (to be cut into ranges as the whole spill was).
    /// The spill is read twice: once to find the members, once (emptying it) to keep their
    /// facts. A fact an amendment may name, a mover's among them, has its member kept.
    static func spill(_ spill: FactSpill, network: String, shares: SpillShares, core: FactLog) throws(LedgerError) -> FactSpill {
        let facts = NetworkFacts(network: network, core: core, names: shares.names)
        var kept = [Bool](repeating: false, count: shares.names.count)
        func mark(_ fact: Fact) {
            if fact.member >= 0, facts.marks(fact) { kept[Int(fact.member)] = true }
        }
        // Members a correction moves an event to; members whose facts the core holds (a log
        // loaded through a replay snapshot).
        for handle in shares.movedTo { kept[Int(handle)] = true }
        for fact in core.facts { mark(fact) }
        try spill.forEachBatch { batch in
            for record in batch { mark(record.fact) }
        }
        let part = try FactSpill()
        let chosen = UnsafeMutableBufferPointer<FactSpill.Record>.allocate(capacity: FactSpill.batch)
        defer { chosen.deallocate() }
        try spill.forEachBatch(releasing: true) { (batch) throws(LedgerError) in
            var n = 0
            // Every spilled fact names a member.
            for record in batch where kept[Int(record.fact.member)] {
                chosen[n] = record
                n += 1
            }
            try part.append(contentsOf: UnsafeBufferPointer(rebasing: chosen[..<n]))
        }
        spill.discard()
        return part
    }
}
