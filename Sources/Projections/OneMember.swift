import Ledger

/// One member's views of a log too large to hold as facts (`status --member`, `member NAME`,
/// `timeline --member`): a replay of the core and that member's facts alone.
///
/// The log is decoded once with its high-volume facts set aside in a spill, as for
/// `StatusInRanges`; the member's facts are read out of the spill (with the targets of
/// corrections that move an event to another member, which may be moving one to it) and
/// replayed with the core (registrations, policies, mergers, closures, amendments…). A
/// member's rows, profile and dated events depend only on its own events and those of its
/// networks, which are in the core: the replay answers for that member what the whole log's
/// replay answers, and holds the core and one member's facts, not every event.
package enum OneMember {
    /// The replay of `core` and the facts of the member `slug` in `spill`.
    /// - Parameters:
    ///   - core: the log as decoded with `spill`: the lines that keep a whole event (taken).
    ///   - file: the mapped log the lines are read back from.
    ///   - slug: the member, as given on the command line. The replay's registry holds that
    ///     member (when registered) and the networks, no other member: a view checks the
    ///     slug, and words an unknown one's error, with the whole log's replay.
    /// - Throws: `.io` when a temporary file cannot be written or read.
    /// - Complexity: O(n) to read the spill once, then a replay of the core and the member's facts.
    package static func replay(core: consuming FactLog, spill: FactSpill, file: MappedFile, knownAt: KnownAt?,
                               slug: String) throws(LedgerError) -> Replay {
        let (shares, core) = SpillShares.taking(core)
        let member = shares.names.find(slug) ?? -2
        let (parts, amendments) = try shares.shareOut(core: core, spill: spill, file: file, knownAt: knownAt, ranges: 1) { fact, _ in
            fact.member == member ? 0 : SpillShares.dropped
        }
        // A registration was decoded as a fact alone (status, which the spill serves first,
        // reads none); this member's views read its own whole, as the whole log's replay
        // does. The others are not here: the registry knows this member and the networks.
        return try SpillShares.replay(core: core, part: parts[0], names: shares.names, file: file, knownAt: knownAt,
                                      registryAhead: true, amendments: amendments, registrationsWhole: true)
    }
}
