import Ledger

/// The log replayed as known at `knownAt`: the lines recorded by then (`seq` ≤ N, or
/// `recorded` ≤ the instant), the corrections and retractions known by then applied, the
/// dated events in the order of SPEC §4. Built once per command; serves every view.
///
/// Events are stored once, as `Fact`s (small values, strings interned), and the §4 order is
/// an array of their positions, sorted on integer keys. Views fold those positions up to
/// their as-of day (an event counts once its earliest day is not after the day; it is certain
/// once its latest day is not after it), so one `Replay` answers any `--as-of`. What a view
/// shows of an event beyond its fact (an id, a source, a title) is read back from its line.
public struct Replay: Sendable {
    /// The facts of the log, as amended by what is known.
    let facts: [Fact]
    /// The strings the facts name.
    let names: Interner
    /// How many lines are known (`facts[..<known]`).
    let known: Int
    /// Reads an event back from its line.
    let source: LineSource
    /// Registered members and networks, with their renames: made ahead on another core, or
    /// when first asked for.
    private let registering: Deferred<Registry>
    /// Registered members and networks, with their renames.
    var registry: Registry { registering.value }
    /// The policies of every network.
    let policies: PolicyBook
    /// The dated effective events, as positions in `facts`, in §4 order.
    let ordered: [Int32]
    /// How many of them are starts: the commitments a fold opens, mergers aside (what it
    /// makes room for at once).
    let starts: Int
    /// The whole event, as corrected, of each corrected reference fact (by position).
    let amended: [Int32: Event]
    /// The corrections of each corrected high-volume fact (by position), in log order.
    let corrections: [Int32: [Event]]
    /// The ledger's name, from its genesis event.
    public let ledgerName: String?

    /// Replays `events` (the log in order, amendments included) as known at `knownAt`
    /// (everything when nil).
    public init(events: [Event], knownAt: KnownAt?) {
        self.init(log: FactLog(events: events), source: LineSource(events: events), knownAt: knownAt)
    }

    /// Replays a log in compact form. `source` reads back the event of each fact.
    /// - Parameter registryAhead: make the table of registered members and networks (which
    ///   the member, network, timeline and audit views read) on another core at once; when
    ///   false, it is made the first time a view asks (`status` never does).
    /// - Complexity: O(n) to find what is known, apply amendments and order the dated events
    ///   (a counting sort on their earliest days). Each view then folds in O(n).
    public init(log: consuming FactLog, source: LineSource, knownAt: KnownAt?, registryAhead: Bool = true) {
        self.init(log: log, source: source, knownAt: knownAt, registryAhead: registryAhead, shared: nil)
    }

    /// Replays a log in compact form, as `init(log:source:knownAt:registryAhead:)` does.
    /// - Parameter shared: the amendments worked out once in a whole log for the replays of
    ///   many parts of it (`StatusInRanges`); a target outside `log` is then left alone.
    ///   Nil: the amendments are worked out here.
    init(log: consuming FactLog, source: LineSource, knownAt: KnownAt?, registryAhead: Bool,
         shared: SharedAmendments?) {
        // Taken out of the log, so that when the caller hands its only copy over, the facts
        // are amended in place rather than copied.
        var log = log
        let tally = log.tally
        var facts = log.facts
        log.facts = []
        var names = log.names
        log.names = Interner()
        let known = Replay.knownCount(facts, knownAt)
        // What the decoding noted, when it holds for every fact known.
        let noted = known == facts.count ? tally : nil
        var amended: [Int32: Event] = [:]
        // The reference events (registrations, policies…) as written, and the current version
        // of those corrected, by their place in `reference`: beside it, so that an array the
        // caller shares (each range of `StatusInRanges` has the same) is never copied.
        let reference = log.reference
        log.reference = []
        var correctedReference: [Int32: Event] = [:]

        // Amendments, in log order. A high-volume fact is corrected in place (its line is read
        // back, with the corrections, only if a view shows it); a reference event is corrected
        // whole.
        var corrections: [Int32: [Event]] = [:]
        let amendments = noted.map { $0.amendments.map(Int.init) }
            ?? facts.withUnsafeBufferPointer { f in (0..<known).filter { f[$0].type.isAmendment } }
        // Starts retracted (not counted in `starts`).
        var retractedStarts = 0
        let shared = shared.flatMap { $0.known == amendments.count ? $0 : nil }
        if !amendments.isEmpty {
            let targets = shared == nil ? FactLog.targets(of: amendments, facts: facts, reference: reference, source: source) : [:]
            // The shared targets this part of the log holds, by seq (most are elsewhere).
            let held = shared.map { Replay.positions(ofSeqs: $0.targetSeqs, in: facts) } ?? [:]
            for index in amendments {
                let r = facts[index].reference
                let position: Int, amendment: Event
                if let shared {
                    // Most targets are in other ranges: the amendment is copied only once its
                    // target is found here.
                    guard let seq = shared.targets[facts[index].seq], let found = held[seq] else { continue }
                    position = Int(found)
                    amendment = correctedReference[r] ?? reference[Int(r)]
                } else {
                    amendment = correctedReference[r] ?? reference[Int(r)]
                    guard let id = amendment.target, let found = targets[id] else { continue }
                    position = found
                }
                let target = Int32(position)
                if amendment.type == .retraction {
                    if !facts[Int(target)].isRetracted && facts[Int(target)].type.isStart { retractedStarts += 1 }
                    facts[Int(target)].flags |= Fact.retracted
                    continue
                }
                guard case .object(let changes)? = amendment.value("set") else { continue }
                let old = facts[Int(target)]
                if old.reference >= 0 {
                    var corrected: Event
                    var fact: Fact
                    if let final = shared?.reference[old.reference] {
                        // As every known correction leaves it: what the last one here leaves.
                        (corrected, fact) = final
                    } else {
                        corrected = correctedReference[old.reference] ?? reference[Int(old.reference)]
                        // A correction that did not fit was rejected when appended; here it is skipped.
                        for change in changes { try? corrected.set(change.key, to: change.value) }
                        fact = Fact(corrected, names: &names)
                    }
                    fact.reference = old.reference
                    fact.flags = old.flags | Fact.corrected
                    facts[Int(target)] = fact
                    correctedReference[old.reference] = corrected
                    amended[target] = corrected
                } else {
                    var fact = old
                    for change in changes { fact.apply(change.key, change.value, names: &names) }
                    fact.flags |= Fact.corrected
                    facts[Int(target)] = fact
                    corrections[target, default: []].append(amendment)
                }
            }
        }
        self.corrections = corrections

        // Reference data, as amended: positions in `reference`, so no event is copied.
        var effective: [Int32] = []
        var policyEvents: [Int32] = []
        var starts = 0
        facts.withUnsafeBufferPointer { f in
            func note(_ index: Int) {
                guard f[index].reference >= 0 else { return }
                effective.append(f[index].reference)
                if f[index].type == .policy { policyEvents.append(f[index].reference) }
            }
            if let noted {
                // Only the few that keep a whole event are read.
                starts = noted.starts - retractedStarts
                for index in noted.referenced where !f[Int(index)].isRetracted { note(Int(index)) }
            } else {
                for index in 0..<known where !f[index].isRetracted {
                    if f[index].type.isStart { starts += 1 }
                    note(index)
                }
            }
        }
        let current: @Sendable (Int32) -> Event = { [correctedReference] r in correctedReference[r] ?? reference[Int(r)] }
        if let first = effective.first, case .ledger(let genesis) = current(first).payload {
            ledgerName = genesis.name
        } else {
            ledgerName = nil
        }
        // The registry (a table of every member, on one core) is built on another core while
        // this one orders and folds the events, or when first asked for.
        registering = Deferred(ahead: registryAhead) { [effective] in Registry(effective.lazy.map(current)) }
        policies = PolicyBook(policyEvents.lazy.map(current), names: names)

        ordered = DatedOrder.positions(facts, known: known)
        self.starts = starts
        self.facts = facts
        self.names = names
        self.known = known
        self.source = source
        self.amended = amended
    }

    /// Earliest day, rank, latest day packed so that integer order is the §4 order (days
    /// of years 1000–2999 fit in 21 bits once offset).
    static func orderKey(_ fact: Fact) -> UInt64 {
        let offset: Int64 = 1 << 20
        let earliest = UInt64(Int64(fact.earliest) + offset) & 0x1F_FFFF
        let latest = UInt64(Int64(fact.latest) + offset) & 0x1F_FFFF
        return earliest << 24 | UInt64(fact.type.rank) << 21 | latest
    }

    /// The position of the fact of line `seq` in `facts` (in log order, as every log's are),
    /// or nil when `facts` has no such line.
    static func position(ofSeq seq: Int32, in facts: [Fact]) -> Int? {
        facts.withUnsafeBufferPointer { facts in
            let low = firstPlace(notBelow: seq, in: facts, 0..<facts.count)
            return low < facts.count && facts[low].seq == seq ? low : nil
        }
    }

    /// The first place in `range` of `facts` (in log order) whose seq is not below `seq`, or
    /// the range's end.
    private static func firstPlace(notBelow seq: Int32, in facts: UnsafeBufferPointer<Fact>, _ range: Range<Int>) -> Int {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let mid = (low + high) / 2
            if facts[mid].seq < seq { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The positions in `facts` (in log order) of the lines whose seqs `seqs` (increasing)
    /// names, for those `facts` holds: one pass forward, each seq found by galloping from
    /// the last one's place. (A binary search of all the facts for each seq missed the cache
    /// at every step: at ten million events, twenty ranges and 50,000 amendments, a quarter
    /// of a second.)
    static func positions(ofSeqs seqs: [Int32], in facts: [Fact]) -> [Int32: Int32] {
        var found: [Int32: Int32] = [:]
        facts.withUnsafeBufferPointer { facts in
            var low = 0
            for seq in seqs {
                // Gallop: the first place at or after `low` whose seq is not below `seq` is in
                // `low..<high`, or is `high`.
                var step = 1, high = low
                while high < facts.count && facts[high].seq < seq {
                    low = high + 1
                    high = low + step
                    step *= 2
                }
                low = firstPlace(notBelow: seq, in: facts, low..<min(high, facts.count))
                if low == facts.count { break }
                if facts[low].seq == seq { found[seq] = Int32(low) }
            }
        }
        return found
    }

    /// How many lines of the log are known at `knownAt`. `recorded` never decreases along
    /// the log, so what is known is a prefix.
    static func knownCount(_ facts: [Fact], _ knownAt: KnownAt?) -> Int {
        switch knownAt {
        case nil: return facts.count
        case .seq(let n)?: return facts.prefix(while: { Int($0.seq) <= n }).count
        case .instant(let instant)?:
            // Recorded to the second, so recorded ≤ instant ⇔ its seconds ≤ the instant's.
            return facts.prefix(while: { $0.recorded <= instant.seconds || $0.recorded == 0 }).count
        }
    }

    /// The whole event at a position, as amended.
    func event(at index: Int32) -> Event? {
        if let event = amended[index] { return event }
        guard var event = source.event(at: Int(index)) else { return nil }
        for correction in corrections[index] ?? [] {
            guard case .object(let changes)? = correction.value("set") else { continue }
            for change in changes { try? event.set(change.key, to: change.value) }
        }
        return event
    }

    /// The event on line `seq` with the corrections known applied (a correction of a
    /// registration or policy replaces it whole), or nil past what is known or when its line
    /// can no longer be read: what a view shows of an event beyond its row.
    public func amendedEvent(seq: Int) -> Event? {
        guard seq >= 1, seq <= known else { return nil }
        return event(at: Int32(seq - 1))
    }

    /// The commitments as of `day`.
    func book(asOf day: Day, tracking: Bool = false) -> CommitmentBook {
        CommitmentBook(self, through: day, tracking: tracking)
    }

    /// The member of a slug, if registered in the record as known.
    /// - Throws: `ViewError` such as `unknown member 'pariss' (did you mean 'paris'?)`.
    public func checkMember(_ name: String) throws(ViewError) -> MemberID {
        let id = MemberID(name)
        guard registry.members[id] == nil else { return id }
        throw ViewError.unknown("member", name, among: registry.members.keys.map(\.rawValue))
    }

    /// The network of a slug, if registered in the record as known.
    /// - Throws: `ViewError` such as `unknown network 'c41' (did you mean 'c40'?)`.
    public func checkNetwork(_ name: String) throws(ViewError) -> NetworkID {
        let id = NetworkID(name)
        guard registry.networks[id] == nil else { return id }
        throw ViewError.unknown("network", name, among: registry.networks.keys.map(\.rawValue))
    }

    /// `checkNetwork` for a view of part of a large log (`StatusInRanges`,
    /// `NetworkInRanges`, `NetworkTimeline`): an unknown network is bad data, as on the
    /// command line.
    func checkedNetwork(_ name: String) throws(LedgerError) -> NetworkID {
        do throws(ViewError) { return try checkNetwork(name) } catch { throw LedgerError(.badData, error.message) }
    }

    /// The handle of a slug, if any event names it.
    func handle(_ slug: String) -> Int32? { names.find(slug) }
    /// The string of a handle.
    func string(_ handle: Int32) -> String { names.string(handle) }
}
