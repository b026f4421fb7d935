import Ledger

/// `timeline --network NAME` of a log too large to hold as facts: a replay of the core and
/// the facts that can be in that network's timeline.
///
/// The log is decoded once with its high-volume facts set aside in a spill, as for
/// `StatusInRanges`; the spill is then read once, keeping the facts of the network (its
/// `network` is it), the members' registrations (facts alone, for the names the rows'
/// summaries give) and every fact a known amendment may name (a correction may move an event
/// into the network or out of it; its target is kept whatever it says now). With the core
/// (the network's own events, mergers, policies, every amendment), that is every line the
/// whole log's timeline of the network reads, in log order: one replay gives its rows.
package enum NetworkTimeline {
    /// The rows of `timeline --network network` (with `--from`, `--to` when given) as of
    /// `asOf`, as the whole log's `Replay.timeline` gives them.
    /// - Parameters:
    ///   - core: the log as decoded with `spill`: the lines that keep a whole event (taken).
    ///   - file: the mapped log the lines are read back from.
    ///   - network: the slug, checked as `Replay.checkNetwork` checks it.
    /// - Throws: `.badData` for an unknown network; `.io` when a temporary file cannot be
    ///   written or read.
    /// - Complexity: O(n) to read the spill once, then a replay of the facts kept.
    package static func rows(core: consuming FactLog, spill: FactSpill, file: MappedFile, knownAt: KnownAt?, asOf: Day,
                             network: String, from: EDTFDate?, to: EDTFDate?) throws(LedgerError) -> [TimelineRow] {
        let (shares, core) = SpillShares.taking(core)
        let n = shares.names.find(network) ?? -2
        // A fact a known amendment may name is kept whatever it says now (a fact kept that is
        // no target is just not shown).
        let (parts, amendments) = try shares.shareOut(core: core, spill: spill, file: file, knownAt: knownAt,
                                                      ranges: 1) { fact, mayBeTarget in
            fact.network == n || fact.type == .member || mayBeTarget ? 0 : SpillShares.dropped
        }
        let replay = try SpillShares.replay(core: core, part: parts[0], names: shares.names, file: file, knownAt: knownAt,
                                            registryAhead: true, amendments: amendments)
        let id = try replay.checkedNetwork(network)
        let shown = replay.timelineIndexes(asOf: asOf, member: nil, network: id, from: from, to: to)
        // The members' registrations are facts alone: the names of those the rows name are
        // read back from their lines.
        let registered = replay.registeredNames(Set(shown.lazy.map { replay.facts[Int($0)].member }.filter { $0 >= 0 }))
        return shown.compactMap { replay.timelineRow(at: $0, asOf: asOf, registered: registered) }
    }
}
