import Ledger

/// The rows' strings of an interner, made once: as `String`s (what text and CSV rows read)
/// or as JSON literals (what JSON rows copy).
struct PreparedNames: Sendable {
    /// Every string as a `String`, unless made as literals.
    let strings: StringTable?
    /// Every string as a JSON literal, when asked for.
    let literals: JSONLiterals?

    init(_ names: Interner, literals: Bool = true) {
        strings = literals ? nil : StringTable(names)
        self.literals = literals ? names.literals() : nil
    }
}

/// The compliance status of a log too large to hold as facts, replayed one range of members
/// at a time, so that what is held grows with members and commitments, not with events.
///
/// The log is decoded once (`LedgerStore.loadForViews(knownAtSeq:spill:warn:)`): the lines
/// that keep a whole event (networks, policies, renames, mergers, closures, amendments…)
/// stay in memory as the *core*; every member's high-volume facts and its registration go
/// to a temporary file, the spill. The members, in the order rows are written (their slugs' string order), are cut
/// into ranges of at most `rangeFacts` facts; the spill is shared out to one temporary
/// file per range; then each range is replayed on its own — the core and the range's facts
/// in log order, as a `Replay` of a log with only those lines — and its rows kept. A
/// member's rows depend only on its own events and those of its networks (which are in the
/// core), and rows go in member order, so the ranges' rows, one after the other, are the
/// rows of the whole log.
///
/// A correction may move an event to another member: such a correction's target goes to
/// every range, and each range keeps only the rows of its own members.
package enum StatusInRanges {
    /// Facts a range holds at most (32 MB, 64 bytes each with their lines' starts), unless
    /// one member has more. Two ranges are replayed at once.
    package static let defaultRangeFacts = 500_000

    /// The rows of `status --as-of asOf` (with no member filter: see `OneMember`), as the
    /// whole log's `Replay` gives them.
    /// - Parameters:
    ///   - core: the log as decoded with `spill`: the lines that keep a whole event (taken:
    ///     its strings are added to, not copied).
    ///   - file: the mapped log the lines are read back from.
    ///   - network: `--network`: only that network's rows, the slug checked as
    ///     `Replay.checkNetwork` checks it (bad data when unknown, before any range's rows).
    /// - Throws: `.io` when a temporary file cannot be written or read; `.badData` for an
    ///   unknown network.
    /// - Complexity: O(n) in the events, plus the core once per range.
    package static func rows(core: consuming FactLog, spill: FactSpill, file: MappedFile, knownAt: KnownAt?, asOf: Day,
                             rangeFacts: Int = defaultRangeFacts, network: String? = nil,
                             each: (RangedRows) -> Void) throws(LedgerError) {
        let (shares, core) = SpillShares.taking(core)
        var names = shares.names
        // The rows' strings are made on another core while the spill is shared out.
        let preparing = Background { [names] in PreparedNames(names) }
        // With --network, only the members that can have a commitment in that network.
        let spill = try network.map { (network) throws(LedgerError) in
            try NetworkFacts.spill(spill, network: network, shares: shares, core: core)
        } ?? spill
        let ranges = try MemberRanges(core: core, spill: spill, file: file, knownAt: knownAt, rangeFacts: rangeFacts,
                                      shares: shares)
        let prepared = preparing.take()
        // The ranges replayed two at a time (one per core), each keeping the rows of its own
        // members; then, in order, their texts and any strings their replays added (a
        // corrected date's text) renumbered into these.
        // The policies are in the core, so every range has the same texts, though perhaps
        // in another order (its own table of policies).
        var texts: [String] = [], textIndex: [String: Int32] = [:]
        var literals = prepared.literals!, textLiterals = JSONLiterals([])
        let known = names.count
        let rangeOf = ranges.rangeOf
        // An unknown network fails the first range, before any rows are written.
        try ranges.replay(core: core, file: file, knownAt: knownAt, registryAhead: network != nil) { (replay, range) throws(LedgerError) -> RangeRows in
            let networkID = try network.map { (network) throws(LedgerError) in try replay.checkedNetwork(network) }
            let grown = replay.names.count > known
            let judged = replay.judgedRows(asOf: asOf, member: nil, network: networkID, prepared: grown ? nil : prepared)
            var kept: [JudgedRow] = []
            kept.reserveCapacity(judged.rows.count)
            for row in judged.rows where rangeOf[Int(row.member)] == Int32(range) { kept.append(row) }
            return RangeRows(rows: kept, texts: replay.policies.texts, names: grown ? replay.names : nil)
        } consume: { result in
            let textCount = texts.count, nameCount = names.count
            let textOf = result.texts.map { text -> Int32 in
                if let k = textIndex[text] { return k }
                textIndex[text] = Int32(texts.count)
                texts.append(text)
                return Int32(texts.count - 1)
            }
            var kept = result.rows
            let added = result.names
            func renumber(_ handle: Int32) -> Int32 {
                guard handle >= known, let added else { return handle }
                return added.withBytes(handle) { names.intern($0) }
            }
            // Most ranges name no string of their own and list the policies' texts in the
            // same order as the first: their rows stand as they are (renumbering them in
            // place copied every row first, since the range's result still held them).
            if added != nil || !textOf.elementsEqual(0..<Int32(textOf.count)) {
                for k in kept.indices {
                    if added != nil {
                        kept[k].since = renumber(kept[k].since)
                        if case .name(let badge) = kept[k].badge { kept[k].badge = .name(renumber(badge)) }
                    }
                    if case .text(let t) = kept[k].badge { kept[k].badge = .text(textOf[Int(t)]) }
                    kept[k].rules.renumber(milestone: { textOf[Int($0)] }, metOn: renumber)
                }
            }
            if texts.count > textCount { textLiterals = JSONLiterals(texts) }
            if names.count > nameCount { literals = names.literals() }
            each(RangedRows(judged: JudgedRows(rows: kept, names: literals, texts: textLiterals), names: names, texts: texts))
        }
    }
}

/// What replaying one range gives.
private struct RangeRows: Sendable {
    var rows: [JudgedRow] = []
    /// The policies' texts its rows' indexes name.
    var texts: [String] = []
    /// Its replay's strings, when the replay added some to those it was given.
    var names: Interner?
}

/// The rows of `StatusInRanges`: as judged (what the JSON writer reads), or as `StatusRow`s.
package struct RangedRows {
    package let judged: JudgedRows<[JudgedRow]>
    /// The strings the rows' handles name.
    let names: Interner
    /// The policies' texts the rows' indexes name.
    let texts: [String]

    /// The rows as `status(asOf:member:network:)` gives them.
    package func statusRows() -> [StatusRow] {
        judged.rows.map { StatusRow($0, texts: texts, names: names) }
    }
}
