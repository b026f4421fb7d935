import Ledger

/// `network NAME` of a log too large to hold as facts, replayed one range of members at a
/// time (`MemberRanges`), as `status` is (`StatusInRanges`).
///
/// The network's profile (name, kind, founded, managed by, state, former names) comes from
/// its own events, which are in the core: every range gives the same. Its members are the
/// commitments still open there; each range gives those of its own members, with their
/// statuses and names (the registrations of the members listed read back from their
/// lines), sorted by member, and the ranges go in member order: one after the other, they
/// are the whole log's list. Only the members that can have a commitment in the network
/// (`NetworkFacts`) are cut into ranges and replayed.
package enum NetworkInRanges {
    /// The row of `network NAME` as of `asOf`, as the whole log's `Replay.network` gives it.
    /// - Parameters:
    ///   - core: the log as decoded with `spill`: the lines that keep a whole event (taken).
    ///   - file: the mapped log the lines are read back from.
    ///   - network: the slug, checked as `Replay.checkNetwork` checks it.
    /// - Throws: `.badData` for an unknown network (before any range but the first is
    ///   replayed); `.io` when a temporary file cannot be written or read.
    package static func row(core: consuming FactLog, spill: FactSpill, file: MappedFile, knownAt: KnownAt?, asOf: Day,
                            rangeFacts: Int = StatusInRanges.defaultRangeFacts, network: String) throws(LedgerError) -> NetworkRow {
        let (shares, core) = SpillShares.taking(core)
        // Only the members that can have a commitment in the network are cut into ranges.
        let spill = try NetworkFacts.spill(spill, network: network, shares: shares, core: core)
        let ranges = try MemberRanges(core: core, spill: spill, file: file, knownAt: knownAt, rangeFacts: rangeFacts,
                                      shares: shares)
        let rangeOf = ranges.rangeOf, names = ranges.names
        var row: NetworkRow?
        try ranges.replay(core: core, file: file, knownAt: knownAt, registryAhead: true) { (replay, range) throws(LedgerError) -> NetworkRow in
            var part = replay.network(try replay.checkedNetwork(network), asOf: asOf)
            // This range's members, by handle: every member slug is a handle of `names` (a
            // correction's strings are interned before the ranges start).
            let own = part.members.compactMap { member -> (NetworkMemberRow, Int32)? in
                guard let handle = names.find(member.member.rawValue), rangeOf[Int(handle)] == Int32(range) else { return nil }
                return (member, handle)
            }
            // The range's registrations are facts alone (reading every one back would cost
            // more than the whole replay): the names of the members listed are read now.
            let registered = replay.registeredNames(Set(own.map(\.1)))
            part.members = own.map { member, handle in
                var member = member
                member.name = registered[handle].map { replay.registry.name(of: member.member, asOf: asOf, registered: $0) }
                return member
            }
            return part
        } consume: { part in
            if row == nil { row = part } else { row!.members += part.members }
        }
        // There is always a range (the core's alone when no member has facts).
        return row!
    }
}

