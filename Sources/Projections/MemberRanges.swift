import Ledger
import Synchronization

/// A spilled log's members cut into ranges, and each range replayed on its own: the core
/// and the range's facts, as a `Replay` of a log with only those lines (see `StatusInRanges`
/// for why a range's members get the whole log's answers). The views that go through it
/// (`status`, `network NAME`) keep, from each range, only its own members' rows.
struct MemberRanges {
    /// The core's strings and every string its corrections set (`SpillShares.names`).
    let names: Interner
    /// Each member's range (`SpillShares.dropped` for a handle with no fact to replay).
    let rangeOf: [Int32]
    /// The ranges' facts: one file per range, or the spill itself when one range holds all.
    private let parts: [FactSpill]
    private let amendments: SharedAmendments?

    /// The members (those with facts), in rank order (their slugs' byte order, the rows'
    /// order), cut where a range would pass `rangeFacts`; the spill shared out to them.
    /// - Parameter shares: `SpillShares(core:)`, made by the caller (who may start work on
    ///   its names while the spill is shared out).
    init(core: FactLog, spill: FactSpill, file: MappedFile, knownAt: KnownAt?, rangeFacts: Int,
         shares: SpillShares) throws(LedgerError) {
        names = shares.names
        // With more facts than one range holds, the amendments' targets are sought on the
        // other core (reading the spill on its own) while this one orders the members; the
        // spill is then shared out without seeking them.
        let search = spill.count > rangeFacts
            ? try SpillShares.TargetSearch(shares: shares, core: core, spill: spill, file: file, knownAt: knownAt) : nil
        var counts = spill.perMember
        if counts.count < names.count { counts.append(contentsOf: repeatElement(0, count: names.count - counts.count)) }
        for handle in shares.movedTo { counts[Int(handle)] += 1 }
        // (The core holds such facts too when it was loaded through a replay snapshot.)
        for fact in core.facts where FactLog.spills(fact) { counts[Int(fact.member)] += 1 }
        let members = MemberRanges.sortedByBytes((0..<Int32(names.count)).filter { counts[Int($0)] > 0 }, names)
        var rangeOf = [Int32](repeating: SpillShares.dropped, count: names.count)
        var ranges = 0, filled = 0
        for member in members {
            let n = Int(counts[Int(member)])
            if ranges == 0 || (filled > 0 && filled + n > rangeFacts) {
                ranges += 1
                filled = 0
            }
            filled += n
            rangeOf[Int(member)] = Int32(ranges - 1)
        }
        self.rangeOf = rangeOf
        // One file per range (none needed for a single range), the amendments' targets found
        // by the search (or on the way, without one).
        if ranges > 1 {
            (parts, amendments) = try shares.shareOut(core: core, spill: spill, file: file, knownAt: knownAt,
                                                      ranges: ranges, search: search) { fact, _ in rangeOf[Int(fact.member)] }
        } else {
            // (A search started is let finish, unread: the spill is read again below.)
            _ = try? search?.result()
            parts = [spill]
            amendments = nil
        }
    }

    /// Replays the ranges two at a time (one per core), each through `body`, and hands
    /// `consume` what each gives, in range order. The first error (from `body`, or reading a
    /// range's file) stops the ranges not yet begun and is thrown once those begun are done.
    /// - Parameter registryAhead: as `Replay.init`'s. The registry knows the networks, not
    ///   the members: the spill keeps their registrations as facts alone.
    func replay<T: Sendable>(core: FactLog, file: MappedFile, knownAt: KnownAt?, registryAhead: Bool,
                             _ body: @escaping @Sendable (_ replay: Replay, _ range: Int) throws(LedgerError) -> T,
                             consume: (T) -> Void) throws(LedgerError) {
        let names = self.names, parts = self.parts, amendments = self.amendments
        let stopped = StopFlag()
        var failure: LedgerError?
        Pipeline.run(parts.count, piece: 1, { r -> Result<T, LedgerError>? in
            if stopped.isSet { return nil }
            let range = r.lowerBound
            let part = parts[range]
            do throws(LedgerError) {
                let replay = try SpillShares.replay(core: core, part: part, names: names, file: file, knownAt: knownAt,
                                                    registryAhead: registryAhead, amendments: amendments)
                return .success(try body(replay, range))
            } catch {
                stopped.set()
                return .failure(error)
            }
        }, consume: { result in
            guard failure == nil, let result else { return }
            switch result {
            case .success(let value): consume(value)
            case .failure(let error): failure = error
            }
        })
        if let failure { throw failure }
    }
}

extension MemberRanges {
    /// Handles ordered by their strings' bytes: for slugs (ASCII), their order as strings,
    /// the rows' order. A radix sort on their first eight bytes (`ByteOrder.word`), then each
    /// run that shares them by the next eight and, where those tie too, by all their bytes:
    /// a comparison sort of a million slugs spent a third of a second on cache misses, and
    /// most slugs differ in their first eight bytes.
    static func sortedByBytes(_ handles: [Int32], _ names: Interner) -> [Int32] {
        var keyed = handles.map { handle in (key: names.withBytes(handle) { ByteOrder.word($0, from: 0) }, index: handle) }
        RadixSort.sort(&keyed)
        var run: [(word: UInt64, handle: Int32)] = []
        var start = 0
        while start < keyed.count {
            var end = start + 1
            while end < keyed.count && keyed[end].key == keyed[start].key { end += 1 }
            if end - start > 1 {
                run.removeAll(keepingCapacity: true)
                for k in start..<end { run.append((names.withBytes(keyed[k].index) { ByteOrder.word($0, from: 8) }, keyed[k].index)) }
                run.sort { a, b in
                    if a.word != b.word { return a.word < b.word }
                    return names.withBytes(a.handle) { x in names.withBytes(b.handle) { y in x.lexicographicallyPrecedes(y) } }
                }
                for (k, entry) in run.enumerated() { keyed[start + k].index = entry.handle }
            }
            start = end
        }
        return keyed.map(\.index)
    }
}

/// Set once, read by every thread.
private final class StopFlag: Sendable {
    private let flag = Mutex(false)
    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}
