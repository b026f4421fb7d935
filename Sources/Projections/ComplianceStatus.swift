import Ledger
import Prefetch

/// A commitment's status (SPEC §5), in order of precedence.
public enum CommitmentStatus: String, Sendable {
    case ended, suspended, compliant
    case noObligations = "no-obligations"
    case overdue
    case onTrack = "on-track"
}

/// One rule of the policy in force, or one of its recurring obligations, judged.
public struct RuleRow: Sendable, Equatable {
    public var milestone: String
    public var due: Day
    public var met: Bool
    /// The date of the milestone that met it, as written.
    public var metOn: String?
    public var late: Bool
    public var overdue: Bool
    public var recurring: Bool
}

/// One row of `status`: one commitment, judged as of a day (SPEC §5, keys of §6).
public struct StatusRow: Sendable, Equatable {
    public var member: MemberID
    public var network: NetworkID
    /// How it began: `membership`, `signature`, `selection` or `merger`.
    public var via: String
    /// The start's date, as written.
    public var since: String
    public var status: CommitmentStatus
    /// Why it ended: `withdrawn`, `closed`, `merged`, `renewed` (nil unless ended).
    public var reason: String?
    /// What made it compliant: `recognition` or `rules`.
    public var basis: String?
    public var badge: String?
    public var certain: Bool
    public var rules: [RuleRow]
}

/// The days of one event as judging reads them: its date as written (a handle) and the
/// date's earliest and latest days.
struct EventDays: Sendable, Equatable {
    var date: Int32
    var earliest: Int32
    var latest: Int32

    var earliestDay: Day { Day(ordinal: earliest) }
    var latestDay: Day { Day(ordinal: latest) }

    init(date: Int32, earliest: Int32, latest: Int32) {
        self.date = date
        self.earliest = earliest
        self.latest = latest
    }

    init(_ fact: Fact) {
        self.init(date: fact.date, earliest: fact.earliest, latest: fact.latest)
    }
}

/// What judging a commitment reads (SPEC §5): a commitment as folded up to some day, from a
/// replay (`BookCommitment`) or from a snapshot's folded status (`FoldedStatus.AsOf`).
protocol JudgedCommitment {
    var member: Int32 { get }
    var network: Int32 { get }
    /// The network of the start event, whose vintages bind it for life.
    var origin: Int32 { get }
    /// How it began: the start's type, or nil for a merger.
    var via: EventType? { get }
    var start: EventDays { get }
    /// The latest day among its start's and its mergers' latest days: from then on, its
    /// existence is certain.
    var settles: Int32 { get }
    /// The first milestone of `name`, and the latest day among the milestones of that name.
    /// (Mutating, so that it is read where the commitment lies: a commitment's milestones,
    /// read from a copy, were copied whole at every lookup.)
    mutating func milestone(_ name: Int32) -> (first: EventDays, latestDay: Int32)?
    /// The recognition in effect, and its badge.
    var recognition: (days: EventDays, badge: Int32)? { get }
    /// The suspension in effect.
    var suspension: EventDays? { get }
    /// Why it ended, and the event that ended it.
    var ending: (reason: Commitment.Reason, days: EventDays)? { get }
}

/// A commitment of a `CommitmentBook`, read where it lies, with the replay's facts it points
/// into: pointers, not arrays, because rows are judged on every core at once, and a copy of an
/// array shared by both counted a reference to it from both, twice a row (its count's cache
/// line then went back and forth between the cores); nor is the commitment copied out (each
/// copy counted references to its lists). Valid while the arrays it points into are.
struct BookCommitment: JudgedCommitment {
    let commitment: UnsafePointer<Commitment>
    let facts: UnsafeBufferPointer<Fact>

    var member: Int32 { commitment.pointee.member }
    var network: Int32 { commitment.pointee.network }
    var origin: Int32 { commitment.pointee.origin }
    var via: EventType? { commitment.pointee.via }
    var start: EventDays { EventDays(facts[Int(commitment.pointee.start)]) }
    var settles: Int32 {
        let latest = facts[Int(commitment.pointee.start)].latest
        guard !commitment.pointee.mergers.isEmpty else { return latest }
        return commitment.pointee.mergers.reduce(latest) { max($0, facts[Int($1)].latest) }
    }
    func milestone(_ name: Int32) -> (first: EventDays, latestDay: Int32)? {
        Commitment.Milestones.named(name, in: commitment.pointer(to: \.milestones)!)
            .map { (EventDays(facts[Int($0.first)]), $0.latestDay) }
    }
    var recognition: (days: EventDays, badge: Int32)? {
        let r = commitment.pointee.recognition
        return r >= 0 ? (EventDays(facts[Int(r)]), facts[Int(r)].detail) : nil
    }
    var suspension: EventDays? {
        let s = commitment.pointee.suspension
        return s >= 0 ? EventDays(facts[Int(s)]) : nil
    }
    var ending: (reason: Commitment.Reason, days: EventDays)? {
        guard let ending = commitment.pointee.ending else { return nil }
        return (ending.reason, EventDays(facts[Int(ending.event)]))
    }

    /// Calls `body` with the commitment at `index` of `commitments`.
    static func with<R>(_ commitments: [Commitment], at index: Int, facts: [Fact], _ body: (inout BookCommitment) -> R) -> R {
        commitments.withUnsafeBufferPointer { c in
            facts.withUnsafeBufferPointer { f in
                var commitment = BookCommitment(commitment: c.baseAddress! + index, facts: f)
                return body(&commitment)
            }
        }
    }
}

extension Replay {
    /// The commitment judged as of `asOf` (see `StatusJudge.row`).
    func judged(_ c: Commitment, asOf: Day) -> StatusRow {
        judged(c, asOf: asOf, names: names)
    }

    /// The commitment judged as of `asOf`, its strings read from `names`.
    func judged(_ c: Commitment, asOf: Day, names: some NameLookup) -> StatusRow {
        judged(in: [c], at: 0, asOf: asOf, names: names)
    }

    /// The commitment at `index` in `commitments` judged as of `asOf` (read in place).
    func judged(in commitments: [Commitment], at index: Int, asOf: Day, names: some NameLookup) -> StatusRow {
        BookCommitment.with(commitments, at: index, facts: facts) { c in
            StatusJudge.row(&c, asOf: asOf, policies: policies, names: names)
        }
    }

    /// The commitments sorted in row order: member, network, the start's earliest day, the
    /// §4 order of the start, then creation order.
    /// - Parameter ranks: as for `rowOrder`; made once by a caller that sorts many lists.
    func sorted(_ commitments: [Commitment], ranks: [Int32]? = nil) -> [Commitment] {
        rowOrder(commitments, ranks: ranks).map { commitments[$0] }
    }

    /// The positions of `commitments` in row order (see `sorted`): what to read them by
    /// without copying them.
    /// - Parameter ranks: the rank of every slug of `commitments` in string order
    ///   (`SlugRanks`), when made already; else they are ranked here.
    func rowOrder(_ commitments: [Commitment], ranks: [Int32]? = nil) -> [Int] {
        // Slugs compare as strings; each distinct one is ranked once, in a table by handle.
        let rank = ranks ?? slugRanks(commitments)
        // By member and network first: a stable radix sort, so each pair's commitments stay in
        // creation order. (Sorting every commitment on its start first, as before, compared
        // facts read all over the array; most pairs have one commitment.)
        var keys = commitments.indices.map { index in
            (key: UInt64(UInt32(rank[Int(commitments[index].member)])) << 32 | UInt64(UInt32(rank[Int(commitments[index].network)])),
             index: Int32(index))
        }
        RadixSort.sort(&keys)
        // Then within a pair: the start's §4 order, its seq, creation order. The fold creates
        // commitments in the §4 order of their starts, so only one a merger carried can be
        // out of place: a pair's few are sorted where they lie.
        // `facts` bound here: a closure reading `self.facts` copied the whole replay (every
        // field counted up and down) at each comparison.
        let facts = self.facts
        let before = { (a: Int32, b: Int32) -> Bool in
            let x = facts[Int(commitments[Int(a)].start)], y = facts[Int(commitments[Int(b)].start)]
            return (Replay.orderKey(x), x.seq, commitments[Int(a)].serial) < (Replay.orderKey(y), y.seq, commitments[Int(b)].serial)
        }
        var order = keys.map(\.index)
        var low = 0
        while low < keys.count {
            var high = low + 1
            while high < keys.count && keys[high].key == keys[low].key { high += 1 }
            if high - low > 1 { order[low..<high].sort(by: before) }
            low = high
        }
        return order.map(Int.init)
    }

    /// The rank of each slug of `commitments` among them, in a table by handle (-1 for
    /// handles they do not name; `SlugRanks`). A table as long as the strings: made once per
    /// view.
    func slugRanks(_ commitments: [Commitment]) -> [Int32] {
        SlugRanks.ranks(in: names) { note in
            // Fields read in place: binding a whole commitment would copy (and count) its lists.
            for index in commitments.indices {
                note(commitments[index].member)
                note(commitments[index].network)
            }
        }
    }

    /// The compliance status as of `asOf`: one row per commitment started by then (ended
    /// ones included), optionally only those of one member and/or in one network, sorted by
    /// member, network, the start's earliest day, then the §4 order of the start.
    /// - Complexity: O(n) to fold, then O(c log c) for the c commitments shown.
    public func status(asOf: Day, member: MemberID?, network: NetworkID?) -> [StatusRow] {
        Array(statusRows(asOf: asOf, member: member, network: network))
    }

    /// The rows of `status(asOf:member:network:)`, each judged only when it is read: a
    /// caller that writes them out one by one never holds them all.
    public func statusRows(asOf: Day, member: MemberID?, network: NetworkID?) -> some RandomAccessCollection<StatusRow> {
        let (shown, order, made, _) = ordered(asOf: asOf, member: member, network: network, literals: false)
        let strings = made!
        return order.indices.lazy.map { k in
            Replay.prefetch(after: k, order: order, commitments: shown, facts: facts)
            return judged(in: shown, at: order[k], asOf: asOf, names: strings)
        }
    }

    /// The same rows as `statusRows` as judged, with their strings as JSON: what the command
    /// line writes as JSON (no `String` per row).
    package func judgedRows(asOf: Day, member: MemberID?, network: NetworkID?) -> JudgedRows<LazyMapCollection<Range<Int>, JudgedRow>> {
        judgedRows(asOf: asOf, member: member, network: network, prepared: nil)
    }

    /// As `judgedRows(asOf:member:network:)`, with the rows' strings made JSON already
    /// (`prepared`, for these `names`) rather than again here.
    func judgedRows(asOf: Day, member: MemberID?, network: NetworkID?,
                    prepared: PreparedNames?) -> JudgedRows<LazyMapCollection<Range<Int>, JudgedRow>> {
        let (shown, order, _, literals) = ordered(asOf: asOf, member: member, network: network, literals: true, prepared: prepared)
        // Bound here: a closure reading `self`'s would copy the whole replay.
        let (facts, policies) = (self.facts, self.policies)
        @Sendable func judge(_ k: Int, into row: inout JudgedRow) {
            Replay.prefetch(after: k, order: order, commitments: shown, facts: facts)
            BookCommitment.with(shown, at: order[k], facts: facts) { c in
                StatusJudge.judge(&c, asOf: asOf, policies: policies, into: &row)
            }
        }
        let rows = order.indices.lazy.map { k in
            var row = JudgedRow.blank
            judge(k, into: &row)
            return row
        }
        return JudgedRows(rows: rows, names: literals!, texts: JSONLiterals(policies.texts), fill: judge)
    }

    /// The commitments shown as of `asOf` (folded, filtered), their row order, the strings
    /// (unless `literals`) and, when asked, the strings as JSON literals.
    private func ordered(asOf: Day, member: MemberID?, network: NetworkID?, literals: Bool, prepared: PreparedNames? = nil)
        -> (shown: [Commitment], order: [Int], strings: StringTable?, literals: JSONLiterals?) {
        if let prepared {
            let shown = selected(book(asOf: asOf), member: member, network: network)
            return (shown, rowOrder(shown), prepared.strings, prepared.literals)
        }
        // The rows' strings are made, and the slugs the facts name ranked, on another core
        // while this one folds.
        let table = Background { [names, facts] in
            (prepared: PreparedNames(names, literals: literals), ranks: SlugRanks.ranks(namedBy: facts, in: names))
        }
        let shown = selected(book(asOf: asOf), member: member, network: network)
        let made = table.wait()
        return (shown, rowOrder(shown, ranks: made.ranks), made.prepared.strings, made.prepared.literals)
    }

    /// Starts loading what the rows after row `k` will read. Rows go in member order, the
    /// commitments and their facts lie in fold and log order: without this, each row waits
    /// for two to five cache misses in turn (most of its judging time at a million events).
    /// The commitment of row k + 16 is loaded first (its first milestones held in it), then
    /// the facts it points to at row k + 8, then the facts of its milestones at row k + 4.
    static func prefetch(after k: Int, order: [Int], commitments: [Commitment], facts: [Fact]) {
        commitments.withUnsafeBufferPointer { commitments in
            facts.withUnsafeBufferPointer { facts in
                guard let first = commitments.baseAddress, let fact = facts.baseAddress else { return }
                func load(_ index: Int32) { if index >= 0 { Prefetch.prefetch(fact + Int(index)) } }
                if k + 16 < order.count { Commitment.prefetch(first + order[k + 16]) }
                if k + 8 < order.count {
                    let c = first + order[k + 8]
                    load(c.pointee.start)
                    load(c.pointee.recognition)
                    load(c.pointee.suspension)
                    load(c.pointee.ending?.event ?? -1)
                }
                if k + 4 < order.count {
                    let c = first + order[k + 4]
                    for m in c.pointee.milestones.indices { load(c.pointee.milestones[m].first) }
                }
            }
        }
    }

    /// The commitments of the book that pass the filters.
    func selected(_ book: CommitmentBook, member: MemberID?, network: NetworkID?) -> [Commitment] {
        if member == nil && network == nil { return book.commitments }
        // A slug no event names has no commitment.
        let m = member.map { handle($0.rawValue) ?? -2 }, n = network.map { handle($0.rawValue) ?? -2 }
        return book.commitments.filter { (m == nil || $0.member == m) && (n == nil || $0.network == n) }
    }

    /// The status rows as `status(asOf:member:network:)` gives them, each with the earliest
    /// day of the event that ended its commitment (nil while it is open): what a chart needs
    /// to draw each commitment's span, without re-deriving the fold.
    /// - Complexity: as `status`.
    public func spans(asOf: Day, member: MemberID?, network: NetworkID?) -> [CommitmentSpan] {
        sorted(selected(book(asOf: asOf), member: member, network: network)).map {
            CommitmentSpan(row: judged($0, asOf: asOf), endedOn: $0.ending.map { facts[Int($0.event)].earliestDay })
        }
    }
}

/// One commitment for a chart: its `status` row and the earliest day of the event that ended
/// it, nil while it is open.
public struct CommitmentSpan: Sendable {
    public let row: StatusRow
    public let endedOn: Day?
}
