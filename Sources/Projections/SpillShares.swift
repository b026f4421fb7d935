import Ledger
import Synchronization

/// A spilled log's high-volume facts shared out to one temporary file per range of members,
/// for replays that each hold the core and one range's facts (`MemberRanges`), or to one
/// file of the facts a view needs (`OneMember`, `NetworkTimeline`).
///
/// A correction may move an event to another member: the targets of such corrections, the
/// *movers*, go to every range. Every string a correction sets is given its handle here,
/// before any range is replayed, so that each range's replay names the same strings by the
/// same handles (it interns only what is new).
struct SpillShares {
    /// Where `shareOut` sends a member's facts: a range, or nowhere (`dropped`).
    static let dropped: Int32 = -1
    /// A mover's place while a batch is shared out: every range.
    private static let everywhere: Int32 = -2

    /// The core's strings and every string its corrections set.
    let names: Interner
    /// The id hashes of the facts corrections move to another member.
    let movers: Set<UInt64>
    /// The members they move to (one handle per such correction).
    let movedTo: [Int32]

    /// The shares of `core`, which take its strings, and the core without them (read, not
    /// consumed, from then on, with the shares' strings). Interning a correction's string
    /// into strings the core still held copied all of them: a tenth of a second, in fresh
    /// pages, at ten million events.
    static func taking(_ core: consuming FactLog) -> (shares: SpillShares, core: FactLog) {
        var core = core
        let shares = SpillShares(core: &core)
        return (shares, core)
    }

    /// Takes the core's strings, leaving it none.
    private init(core: inout FactLog) {
        var names = core.names
        core.names = Interner()
        var movers = Set<UInt64>(), movedTo: [Int32] = []
        for fact in core.facts where fact.type == .correction && fact.reference >= 0 {
            let correction = core.reference[Int(fact.reference)]
            guard case .object(let changes)? = correction.value("set") else { continue }
            for change in changes {
                guard let text = change.value.stringValue else { continue }
                let handle = names.intern(text)
                if let date = try? EDTFDate.parse(text) { _ = names.intern(date.text) }
                if change.key == "member", let target = correction.target {
                    movers.insert(Fact.hash(target))
                    movedTo.append(handle)
                }
            }
        }
        self.names = names
        self.movers = movers
        self.movedTo = movedTo
    }

    /// The spill shared out to `ranges` files: each fact to the file `place` names (none when
    /// `dropped`), a mover's to every one, in log order within each; and the amendments'
    /// targets found on the way, once rather than by every range's replay. The spill is
    /// emptied as it is read: nothing can be read from it after this.
    /// - Parameters:
    ///   - search: the targets sought already, on another core (`TargetSearch`, started on
    ///     this spill and core): `place` is then told no fact may be a target.
    ///   - place: a fact's file, told whether a known amendment may name it.
    func shareOut(core: FactLog, spill: FactSpill, file: MappedFile, knownAt: KnownAt?, ranges: Int,
                  search: TargetSearch? = nil,
                  place: (_ fact: Fact, _ mayBeTarget: Bool) -> Int32) throws(LedgerError) -> (parts: [FactSpill], amendments: SharedAmendments) {
        // Sought here unless sought already.
        var targets = search == nil ? SharedAmendments.Search(core: core, knownAt: knownAt) : nil
        var files: [FactSpill] = []
        for _ in 0..<ranges { files.append(try FactSpill(counting: false)) }
        // A batch at a time: each record's range found, the batch ordered by range (a
        // counting sort, so log order holds within a range), each range's share appended.
        let filter = MoverFilter(movers)
        var offsets = [Int](repeating: 0, count: ranges + 1)
        let sorted = UnsafeMutableBufferPointer<FactSpill.Record>.allocate(capacity: FactSpill.batch)
        defer { sorted.deallocate() }
        var partOf = [Int32](repeating: 0, count: FactSpill.batch)
        // The spill's space given back as it is read: the parts are written into the pages it
        // frees (fresh pages cost a quarter of the time at ten million events).
        // While the search reads the spill too, only what it has read is given back.
        let releasable = search.map { search in { search.read } }
        try spill.forEachBatch(releasing: true, releasable: releasable) { (records) throws(LedgerError) in
            for k in offsets.indices { offsets[k] = 0 }
            var moving = false
            for (k, record) in records.enumerated() {
                let mayBeTarget = targets?.consider(record.fact, start: record.start) ?? false
                if filter.mayContain(record.fact.idHash) && movers.contains(record.fact.idHash) {
                    // To every range, in log order with the others.
                    partOf[k] = SpillShares.everywhere
                    moving = true
                    continue
                }
                let p = place(record.fact, mayBeTarget)
                partOf[k] = p
                if p >= 0 { offsets[Int(p) + 1] += 1 }
            }
            if !moving {
                for p in 0..<ranges { offsets[p + 1] += offsets[p] }
                var next = offsets
                for (k, record) in records.enumerated() {
                    let p = Int(partOf[k])
                    guard p >= 0 else { continue }
                    sorted[next[p]] = record
                    next[p] += 1
                }
                for p in 0..<ranges where offsets[p + 1] > offsets[p] {
                    try files[p].append(contentsOf: UnsafeBufferPointer(rebasing: sorted[offsets[p]..<offsets[p + 1]]))
                }
            } else {
                // Rare (corrections that move events between members): one at a time.
                for (k, record) in records.enumerated() {
                    switch partOf[k] {
                    case SpillShares.everywhere:
                        for part in files { try part.append(record.fact, start: record.start) }
                    case let p where p >= 0:
                        try files[Int(p)].append(record.fact, start: record.start)
                    default:
                        break
                    }
                }
            }
        }
        // (The search reads the spill until it is done: only then is the spill emptied.)
        let amendments = try search?.result() ?? targets!.finish(file: file, names: names)
        spill.discard()
        return (files, amendments)
    }

    /// The amendments' targets sought among a core and its spill on another core, in a read
    /// of the spill of its own (which gives nothing back), while the caller works out where
    /// each fact goes: what `shareOut` finds on its way, for a `place` that needs no answer
    /// (`MemberRanges`: a large log's ranges, whose member order takes a sort first). Nothing
    /// may be appended to the spill meanwhile.
    final class TargetSearch: Sendable {
        /// The records the search has read (the rest are still to be read).
        private final class Progress: Sendable {
            let read = Mutex(0)
        }
        private let progress: Progress
        private let found: Background<Result<SharedAmendments, LedgerError>>

        /// Starts the search (the spill written out first).
        /// - Throws: `.io` when what is pending cannot be written.
        init(shares: SpillShares, core: FactLog, spill: FactSpill, file: MappedFile, knownAt: KnownAt?) throws(LedgerError) {
            try spill.flush()
            let progress = Progress()
            self.progress = progress
            let names = shares.names
            found = Background {
                var targets = SharedAmendments.Search(core: core, knownAt: knownAt)
                do throws(LedgerError) {
                    try spill.forEachBatch { records in
                        for record in records { targets.consider(record.fact, start: record.start) }
                        progress.read.withLock { $0 += records.count }
                    }
                } catch {
                    return .failure(error)
                }
                return .success(targets.finish(file: file, names: names))
            }
        }

        /// The records read so far.
        var read: Int { progress.read.withLock { $0 } }

        /// The amendments worked out, once the search is done.
        /// - Throws: `.io` when the spill could not be read.
        func result() throws(LedgerError) -> SharedAmendments {
            try found.wait().get()
        }
    }
}

extension SpillShares {
    /// A replay of the core and the facts of `part` (one of `shareOut`'s files, emptied once
    /// read), with the strings of `names` and the amendments `shareOut` worked out.
    /// - Parameter registrationsWhole: read the part's member registrations (facts alone in
    ///   the spill) back whole from their lines, so that the registry holds those members.
    static func replay(core: FactLog, part: FactSpill, names: Interner, file: MappedFile, knownAt: KnownAt?,
                       registryAhead: Bool, amendments: SharedAmendments?,
                       registrationsWhole: Bool = false) throws(LedgerError) -> Replay {
        // The facts held by the log alone, so that the replay amends them in place rather
        // than copying them first.
        var log = FactLog()
        let starts: [Int]
        (log.facts, starts) = try SpillShares.gathered(part, core.facts, core.lineStarts ?? [])
        part.discard()
        log.names = names
        log.reference = core.reference
        log.lineStarts = starts
        let source = LineSource(file: file, lineStarts: starts)
        if registrationsWhole {
            for i in log.facts.indices where log.facts[i].type == .member && log.facts[i].reference < 0 {
                guard let event = source.event(at: i) else { continue }
                log.facts[i].reference = Int32(log.reference.count)
                log.reference.append(event)
            }
        }
        // Handed over, not passed: while `log` still held them here, the replay's first
        // amendment copied all the facts (tens of megabytes of fresh pages per range).
        return Replay(log: log.take(), source: source, knownAt: knownAt, registryAhead: registryAhead, shared: amendments)
    }

    /// A part's facts (read back from `part`) and the core's, in log order, with their
    /// lines' starts.
    private static func gathered(_ part: FactSpill, _ core: [Fact], _ coreStarts: [Int]) throws(LedgerError) -> (facts: [Fact], starts: [Int]) {
        let total = part.count + core.count
        var failure: LedgerError?
        // Some twenty ranges at ten million events, each with tens of megabytes of fresh
        // facts: on 2 MB pages where the kernel offers them, advised before they are written.
        // (Each start is written below before it is read; those not written are removed.)
        var starts: [Int] = HugePages.unwritten(count: total)
        let facts = starts.withUnsafeMutableBufferPointer { starts in
            [Fact](unsafeUninitializedCapacity: total) { facts, initialized in
                HugePages.advise(facts)
                var n = 0, c = 0
                func takeCore(before seq: Int32) {
                    while c < core.count && core[c].seq < seq {
                        (facts.baseAddress! + n).initialize(to: core[c])
                        starts[n] = coreStarts[c]
                        n += 1
                        c += 1
                    }
                }
                do throws(LedgerError) {
                    try part.forEachBatch(releasing: true) { (batch) throws(LedgerError) in
                        for record in batch {
                            takeCore(before: record.fact.seq)
                            (facts.baseAddress! + n).initialize(to: record.fact)
                            starts[n] = record.start
                            n += 1
                        }
                    }
                } catch {
                    failure = error
                }
                takeCore(before: .max)
                initialized = n
            }
        }
        if let failure { throw failure }
        starts.removeLast(total - facts.count)
        return (facts, starts)
    }
}

/// A bit per hash: most facts' ids are told apart from the movers' without hashing them again.
private struct MoverFilter {
    static let bits = 1 << 16
    private var words: [UInt64]

    init(_ hashes: Set<UInt64>) {
        words = [UInt64](repeating: 0, count: MoverFilter.bits / 64)
        for hash in hashes { words[Int(hash & UInt64(MoverFilter.bits - 1)) >> 6] |= 1 << (hash & 63) }
    }

    func mayContain(_ hash: UInt64) -> Bool {
        words[Int(hash & UInt64(MoverFilter.bits - 1)) >> 6] & (1 << (hash & 63)) != 0
    }
}
