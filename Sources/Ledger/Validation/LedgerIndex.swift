/// What validation needs to know about the log so far, kept small and cheap to bring
/// up to date: ids (with a digest of each event's content, for idempotency),
/// registered slugs, network endings, and per (member, network) pair the dated
/// starts and life events. Appending folds each new event in; nothing is re-read.
///
/// The rules of SPEC §3 are checked by `check(_:)` against this state, "each line
/// against the lines before it".
public struct LedgerIndex: Sendable {
    /// One id already in the log.
    public struct Entry: Sendable, Equatable {
        public var seq: Int
        public var type: EventType
        public var content: SHA256Digest
        public var retracted: Bool
    }

    /// A dated event, reduced to what the commitment rules need.
    struct Mark: Sendable, Equatable {
        var seq: Int
        var type: EventType
        var earliest: Day
        var latest: Day
        var into: NetworkID?
        var network: NetworkID?

        var order: EventOrder { EventOrder(earliest: earliest, rank: type.rank, latest: latest, seq: seq) }
    }

    public internal(set) var ids: [EventID: Entry] = [:]
    public internal(set) var members: Set<MemberID> = []
    public internal(set) var networks: Set<NetworkID> = []
    /// Mergers and closures of each network.
    var endings: [NetworkID: [Mark]] = [:]
    /// Mergers into each network.
    var mergersInto: [NetworkID: [Mark]] = [:]
    /// Starts, withdrawals, suspensions and reinstatements of each pair.
    var pairs: [Pair: [Mark]] = [:]
    /// The seq of the last event folded in (0 when empty).
    public internal(set) var seq: Int = 0
    /// The `recorded` time of the last event folded in.
    public internal(set) var lastRecorded: Timestamp?

    /// Whether ids keep a digest of their event's content. Writers need it (idempotency);
    /// `verify` does not, and skips the cost.
    public internal(set) var tracksContent = true

    public init(tracksContent: Bool = true) {
        self.tracksContent = tracksContent
    }

    // MARK: - Checking

    /// Checks `event` (with its `seq` set) against the events folded in so far.
    /// Amendments are checked here for their target only; the caller then checks that
    /// the whole ledger still obeys the rules with the amendment applied (`Validator`).
    /// - Throws: `EventError` naming the rule that is broken.
    public func check(_ event: Event) throws(EventError) {
        if event.type == .ledger && event.seq != 1 {
            throw EventError("a 'ledger' (genesis) event may only be line 1")
        }
        if event.seq == 1 && event.type != .ledger {
            throw EventError("line 1 must be the genesis event (type 'ledger')")
        }
        if let existing = ids[event.id] {
            throw EventError("id '\(event.id)' is already used by line \(existing.seq)")
        }
        switch event.type {
        case .ledger:
            return
        case .member:
            let m = event.member!
            if members.contains(m) {
                throw EventError("member '\(m)' is already registered (change it with a 'rename' or a 'correction')")
            }
        case .network:
            let n = event.network!
            if networks.contains(n) {
                throw EventError("network '\(n)' is already registered (change it with a 'rename' or a 'correction')")
            }
        case .rename:
            if let m = event.member { try requireMember(m) }
            if let n = event.network { try requireNetwork(n) }
        case .policy:
            try requireNetwork(event.network!)
        case .merger:
            let n = event.network!, into = event.into!
            try requireNetwork(n, field: "network")
            try requireNetwork(into, field: "into")
            if n == into { throw EventError("network '\(n)' cannot merge into itself") }
            try requireNotEnded(n, at: event, what: "a merger")
            // Merging into a network that ends that same day (or earlier) would leave
            // commitments open in a network that is gone.
            if let end = endings[into]?.first(where: { $0.earliest <= event.date!.earliest }) {
                let how = end.type == .merger ? "merges into '\(end.into!)'" : "closes"
                throw EventError("network '\(into)' \(how) on \(end.earliest) (line \(end.seq)): a merger into it dated \(event.date!) is not possible")
            }
        case .closure:
            let n = event.network!
            try requireNetwork(n)
            if let successor = event.successor { try requireNetwork(successor, field: "successor") }
            try requireNotEnded(n, at: event, what: "a closure")
        case .membership, .signature, .selection:
            let pair = event.pair!
            try requireMember(pair.member)
            try requireNetwork(pair.network)
            try requireNotEnded(pair.network, at: event, what: "a \(event.type.rawValue)")
            let day = event.date!.earliest
            if let w = pairs[pair]?.first(where: { $0.type == .withdrawal && $0.earliest == day }) {
                throw EventError("a start cannot share its earliest day (\(day)) with the withdrawal of line \(w.seq) for \(pair); date the rejoin a day later")
            }
        case .withdrawal, .suspension, .reinstatement, .milestone, .recognition:
            let pair = event.pair!
            try requireMember(pair.member)
            try requireNetwork(pair.network)
            try requireNotEnded(pair.network, at: event, what: "a \(event.type.rawValue)")
            try requireOpenCommitment(event, pair: pair)
            if event.type == .withdrawal {
                let day = event.date!.earliest
                if let start = pairs[pair]?.first(where: { $0.type.isStart && $0.earliest == day }) {
                    throw EventError("a withdrawal cannot share its earliest day (\(day)) with the start of line \(start.seq) for \(pair)")
                }
            }
        case .activity:
            try requireMember(event.member!)
            if let n = event.network {
                try requireNetwork(n)
                try requireNotEnded(n, at: event, what: "an activity")
            }
        case .correction, .retraction:
            try checkTarget(event)
        }
    }

    private func requireMember(_ m: MemberID) throws(EventError) {
        guard members.contains(m) else {
            throw EventError("unknown member '\(m)'" + Suggestion.hint(for: m.rawValue, in: members.map(\.rawValue))
                + "; register it first with a 'member' event")
        }
    }

    private func requireNetwork(_ n: NetworkID, field: String = "network") throws(EventError) {
        guard networks.contains(n) else {
            let what = field == "network" ? "network" : "network in '\(field)'"
            throw EventError("unknown \(what) '\(n)'" + Suggestion.hint(for: n.rawValue, in: networks.map(\.rawValue))
                + "; register it first with a 'network' event")
        }
    }

    private func requireNotEnded(_ n: NetworkID, at event: Event, what: String) throws(EventError) {
        let day = event.date!.earliest
        if let end = endings[n]?.first(where: { $0.earliest < day }) {
            let how = end.type == .merger ? "merged into '\(end.into!)'" : "closed"
            throw EventError("network '\(n)' was \(how) on \(end.earliest) (line \(end.seq)): nothing happens in it after that, so \(what) dated \(event.date!) is not possible")
        }
    }

    private func checkTarget(_ event: Event) throws(EventError) {
        let target = event.target!
        guard let entry = ids[target] else {
            throw EventError("field 'target': no event has the id '\(target)'"
                + Suggestion.hint(for: target.rawValue, in: ids.keys.map(\.rawValue)))
        }
        if entry.type == .ledger { throw EventError("the genesis event cannot be amended") }
        if entry.type.isAmendment {
            throw EventError("field 'target': '\(target)' is a \(entry.type.rawValue); amendments cannot be amended")
        }
        if entry.retracted { throw EventError("field 'target': '\(target)' (line \(entry.seq)) was retracted") }
        if event.type == .correction, case .object(let changes)? = event.value("set") {
            for change in changes where EventSchema.spec(of: change.key, in: entry.type) == nil {
                throw EventError("field 'set.\(change.key)': a '\(entry.type.rawValue)' event has no field '\(change.key)'")
            }
        }
    }

    // MARK: - Commitments

    /// A commitment as validation sees it: when it started and ended, and where its
    /// suspensions and reinstatements are recorded (its own pair, and before a merger, the
    /// pair it was carried from).
    struct Span {
        var start: Day
        var end: Day?
        /// Where it opened in this network, in §4 order: its start, or the merger that carried it in.
        var opened: EventOrder
        /// (pair, from this order on, up to this order) segments whose suspensions count.
        var segments: [(pair: Pair, from: EventOrder, until: EventOrder?)]

        func isOpen(at day: Day) -> Bool { start <= day && (end == nil || end! >= day) }
    }

    /// Every commitment of `pair`, started there or carried into it by mergers.
    func commitments(of pair: Pair, depth: Int = 0) -> [Span] {
        var result: [Span] = []
        let marks = pairs[pair] ?? []
        let endDays = marks.filter { $0.type == .withdrawal }.map(\.earliest)
            + (endings[pair.network] ?? []).map(\.earliest)
        func end(after day: Day) -> Day? { endDays.filter { $0 >= day }.min() }
        for start in marks where start.type.isStart {
            result.append(Span(start: start.earliest, end: end(after: start.earliest), opened: start.order,
                               segments: [(pair, start.order, nil)]))
        }
        guard depth < 64 else { return result }
        for merger in mergersInto[pair.network] ?? [] {
            let from = Pair(pair.member, merger.network!)
            guard let carried = commitments(of: from, depth: depth + 1).last(where: { $0.isOpen(at: merger.earliest) })
            else { continue }
            var segments = carried.segments
            segments[segments.count - 1].until = merger.order
            segments.append((pair, merger.order, nil))
            result.append(Span(start: merger.earliest, end: end(after: merger.earliest), opened: merger.order,
                               segments: segments))
        }
        return result
    }

    private func requireOpenCommitment(_ event: Event, pair: Pair) throws(EventError) {
        let date = event.date!
        let open = commitments(of: pair).filter { $0.isOpen(at: date.earliest) }
        // The commitment the event attaches to, as the views fold it in §4 order: the one
        // opened last before the event; on a merger's day, a life event sorts before the
        // merger and so belongs to a commitment already there, if any (else to the carried one).
        let order = EventOrder(event)!
        let before = open.filter { $0.opened < order }
        guard let span = (before.isEmpty ? open : before).max(by: { $0.opened < $1.opened }) else {
            throw EventError("\(pair.member) has no commitment in \(pair.network) open on \(date.earliest) for this \(event.type.rawValue) (dated \(date)); record the membership, signature or selection first")
        }
        guard event.type == .suspension || event.type == .reinstatement else { return }
        var last: Mark?
        for segment in span.segments {
            for mark in pairs[segment.pair] ?? [] where mark.type == .suspension || mark.type == .reinstatement {
                let o = mark.order
                guard o >= segment.from, o < order, segment.until.map({ o < $0 }) ?? true else { continue }
                if last == nil || last!.order < o { last = mark }
            }
        }
        let suspended = last?.type == .suspension
        if event.type == .suspension && suspended {
            throw EventError("\(pair.member)'s commitment in \(pair.network) is already suspended on \(date.earliest) (line \(last!.seq))")
        }
        if event.type == .reinstatement && !suspended {
            throw EventError("\(pair.member)'s commitment in \(pair.network) is not suspended on \(date.earliest); a reinstatement needs a suspension before it")
        }
    }

    // MARK: - Folding

    /// Takes the ids and the log position of `other` (after a replay with amendments applied).
    mutating func replaceIDs(with other: LedgerIndex) {
        ids = other.ids
        tracksContent = other.tracksContent
        seq = other.seq
        lastRecorded = other.lastRecorded
    }

    /// Folds a checked event into the state.
    public mutating func apply(_ event: Event) {
        seq = event.seq
        if let recorded = event.recorded { lastRecorded = recorded }
        ids[event.id] = Entry(seq: event.seq, type: event.type,
                              content: tracksContent ? SHA256.hash(EventEncoder.content(event)) : .zero,
                              retracted: false)
        func mark() -> Mark {
            Mark(seq: event.seq, type: event.type, earliest: event.date!.earliest, latest: event.date!.latest,
                 into: event.into, network: event.network)
        }
        switch event.type {
        case .member: members.insert(event.member!)
        case .network: networks.insert(event.network!)
        case .merger:
            endings[event.network!, default: []].append(mark())
            mergersInto[event.into!, default: []].append(mark())
        case .closure:
            endings[event.network!, default: []].append(mark())
        case .membership, .signature, .selection, .withdrawal, .suspension, .reinstatement:
            pairs[event.pair!, default: []].append(mark())
        case .retraction:
            if let target = event.target { ids[target]?.retracted = true }
        default:
            break
        }
    }
}
