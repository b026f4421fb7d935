/// What validation needs to know about the log so far, kept small and cheap to bring
/// up to date: ids (with a digest of each event's content, for idempotency),
/// registered slugs, network endings, and per member its dated events in networks, in
/// §4 order. Appending folds each new event in; nothing is re-read.
///
/// `check(_:)` enforces SPEC §3. Registration rules (slugs registered earlier, ids unique,
/// the genesis first) hold line by line in log order. The commitment rules (an open
/// commitment for each life event, suspensions and reinstatements in turn, nothing in a
/// network after it ended) are checked on the whole record in §4 order, as the views fold
/// it: an event recorded late but dated early cannot leave earlier-recorded events without
/// their commitment (`CommitmentFold`).
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

        init(seq: Int, type: EventType, earliest: Day, latest: Day, into: NetworkID?, network: NetworkID?) {
            self.seq = seq
            self.type = type
            self.earliest = earliest
            self.latest = latest
            self.into = into
            self.network = network
        }

        init(_ event: Event) {
            self.init(seq: event.seq, type: event.type, earliest: event.date!.earliest, latest: event.date!.latest,
                      into: event.into, network: event.network)
        }
    }

    public internal(set) var ids: [EventID: Entry] = [:]
    public internal(set) var members: Set<MemberID> = []
    public internal(set) var networks: Set<NetworkID> = []
    /// Every merger and closure, in §4 order.
    var allEndings: [Mark] = []
    /// Each member's starts, life events and activities in a network, in §4 order.
    var marks: [MemberID: [Mark]] = [:]
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
        case .merger, .closure:
            let n = event.network!
            try requireNetwork(n, field: "network")
            if let into = event.into {
                try requireNetwork(into, field: "into")
                if n == into { throw EventError("network '\(n)' cannot merge into itself") }
                // Merging into a network that has ended by then would leave commitments
                // open in a network that is gone.
                if let end = endings(of: into).first(where: { $0.earliest <= event.date!.earliest }) {
                    throw EventError("network '\(into)' \(ended(end)) on \(end.earliest) (line \(end.seq)): a merger into it dated \(event.date!) is not possible")
                }
            }
            if let successor = event.successor { try requireNetwork(successor, field: "successor") }
            if let end = endings(of: n).first(where: { $0.earliest != event.date!.earliest }) {
                throw EventError("network '\(n)' \(ended(end)) on \(end.earliest) (line \(end.seq)): a network ends once, so a \(event.type.rawValue) dated \(event.date!) is not possible")
            }
            try checkCommitments(adding: Mark(event), for: Array(marks.keys))
        case .membership, .signature, .selection, .withdrawal, .suspension, .reinstatement, .milestone, .recognition:
            let pair = event.pair!
            try requireMember(pair.member)
            try requireNetwork(pair.network)
            try checkSameDayRejoin(event, pair: pair)
            try checkCommitments(adding: Mark(event), for: [pair.member])
        case .activity:
            try requireMember(event.member!)
            if let n = event.network {
                try requireNetwork(n)
                try checkCommitments(adding: Mark(event), for: [event.member!])
            }
        case .correction, .retraction:
            try checkTarget(event)
        }
    }

    /// The mergers and closures of one network (a network has few, usually none).
    private func endings(of network: NetworkID) -> [Mark] {
        allEndings.filter { $0.network == network }
    }

    private func ended(_ end: Mark) -> String {
        end.type == .merger ? "merges into '\(end.into!)'" : "closes"
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

    /// A start and a withdrawal of the same pair cannot share their earliest day.
    private func checkSameDayRejoin(_ event: Event, pair: Pair) throws(EventError) {
        guard event.type.isStart || event.type == .withdrawal else { return }
        let day = event.date!.earliest
        let other: (EventType) -> Bool = event.type.isStart ? { $0 == .withdrawal } : { $0.isStart }
        guard let clash = marks[pair.member]?.first(where: { $0.network == pair.network && other($0.type) && $0.earliest == day })
        else { return }
        if event.type.isStart {
            throw EventError("a start cannot share its earliest day (\(day)) with the withdrawal of line \(clash.seq) for \(pair); date the rejoin a day later")
        }
        throw EventError("a withdrawal cannot share its earliest day (\(day)) with the start of line \(clash.seq) for \(pair)")
    }

    /// Folds the commitments of `members` with `mark` added, and throws the first problem.
    private func checkCommitments(adding mark: Mark, for members: [MemberID]) throws(EventError) {
        var endings = allEndings
        if mark.type == .merger || mark.type == .closure { endings.insertSorted(mark) }
        for member in members.sorted() {
            var list = marks[member] ?? []
            if mark.type != .merger && mark.type != .closure { list.insertSorted(mark) }
            if let problem = CommitmentFold.firstProblem(member: member, marks: list, endings: endings) {
                throw EventError(problem.describe(newSeq: mark.seq, member: member))
            }
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

    // MARK: - Folding

    /// Takes the ids and the last `recorded` time of `other` (after a replay with amendments applied).
    mutating func replaceIDs(with other: LedgerIndex) {
        ids = other.ids
        tracksContent = other.tracksContent
        lastRecorded = other.lastRecorded
    }

    /// Folds a checked event into the state.
    public mutating func apply(_ event: Event) {
        if let recorded = event.recorded { lastRecorded = recorded }
        ids[event.id] = Entry(seq: event.seq, type: event.type,
                              content: tracksContent ? SHA256.hash(EventEncoder.content(event)) : .zero,
                              retracted: false)
        switch event.type {
        case .member: members.insert(event.member!)
        case .network: networks.insert(event.network!)
        case .merger, .closure:
            allEndings.insertSorted(Mark(event))
        case .membership, .signature, .selection, .withdrawal, .suspension, .reinstatement, .milestone, .recognition:
            marks[event.member!, default: []].insertSorted(Mark(event))
        case .activity where event.network != nil:
            marks[event.member!, default: []].insertSorted(Mark(event))
        case .retraction:
            if let target = event.target { ids[target]?.retracted = true }
        default:
            break
        }
    }
}

extension Array where Element == LedgerIndex.Mark {
    /// Inserts `mark` keeping the array in §4 order.
    mutating func insertSorted(_ mark: Element) {
        let order = mark.order
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid].order < order { low = mid + 1 } else { high = mid }
        }
        insert(mark, at: low)
    }
}
