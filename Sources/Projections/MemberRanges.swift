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
        var counts = spill.perMember
        if counts.count < names.count { counts.append(contentsOf: repeatElement(0, count: names.count - counts.count)) }
        for handle in shares.movedTo { counts[Int(handle)] += 1 }
        // (The core holds such facts too when it was loaded through a replay snapshot.)
        for fact in core.facts where FactLog.spills(fact) { counts[Int(fact.member)] += 1 }
        let members = StatusInRanges.sortedByBytes((0..<Int32(names.count)).filter { counts[Int($0)] > 0 }, names)
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
        // on the way.
        if ranges > 1 {
            (parts, amendments) = try shares.shareOut(core: core, spill: spill, file: file, knownAt: knownAt,
                                                      rangeOf: rangeOf, ranges: ranges)
        } else {
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
        let coreFacts = core.facts, coreStarts = core.lineStarts ?? [], reference = core.reference
        let names = self.names, parts = self.parts, amendments = self.amendments
        let stopped = StopFlag()
        var failure: LedgerError?
        Pipeline.run(parts.count, piece: 1, { r -> Result<T, LedgerError>? in
            if stopped.isSet { return nil }
            let range = r.lowerBound
            let part = parts[range]
            do throws(LedgerError) {
                // The facts held by the log alone, so that the replay amends them in place
                // rather than copying them first.
                var log = FactLog()
                let starts: [Int]
                (log.facts, starts) = try StatusInRanges.gathered(part, coreFacts, coreStarts)
                // Its file's space is given back once read.
                part.discard()
                log.names = names
                log.reference = reference
                log.lineStarts = starts
                let replay = Replay(log: log, source: LineSource(file: file, lineStarts: starts), knownAt: knownAt,
                                    registryAhead: registryAhead, shared: amendments)
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

/// Set once, read by every thread.
private final class StopFlag: Sendable {
    private let flag = Mutex(false)
    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}
