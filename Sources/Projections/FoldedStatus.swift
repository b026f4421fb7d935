import Ledger

/// The compliance status folded once over every date, as everything recorded says: what a
/// snapshot at the head keeps so that `status` skips the replay as well as the decoding.
///
/// The fold of SPEC §5 up to a day is a prefix of the fold over every day: it takes the events
/// whose earliest day is not after the day, in §4 order. So each commitment of the whole fold
/// is kept with the day it begins (its start's earliest day, or its merger's) and the changes
/// that shaped it, in the order they were folded, each with the days of the event that made
/// it: the commitments as of a day are those begun by then, each with the changes made by
/// then. Kept in row order (member, network, start), so no sort is left either; what remains
/// per row is judging it (`StatusJudge`), as a replay does.
public struct FoldedStatus: Sendable {
    /// One commitment of the whole fold.
    struct Entry: Sendable, Equatable {
        var member: Int32
        var network: Int32
        var origin: Int32
        /// The start's type, or nil for a commitment carried by a merger.
        var via: EventType?
        /// The earliest day from which it exists: its start's, or its merger's.
        var begins: Int32
        var start: EventDays
        /// The latest day among its start's and its mergers'.
        var settles: Int32
        /// Its changes: `changes[first..<first + count]`.
        var first: Int32
        var count: Int32
    }

    /// One change folded into a commitment: a milestone, a recognition, a suspension or
    /// reinstatement, or its ending.
    struct Change: Sendable, Equatable {
        enum Kind: UInt8, Sendable {
            case milestone, recognition, suspension, reinstatement
            case withdrawn, closed, merged, renewed

            /// The change a life event makes; nil for any other type (a start or a merger
            /// shapes a commitment otherwise, a withdrawal is its ending).
            init?(_ type: EventType) {
                switch type {
                case .milestone: self = .milestone
                case .recognition: self = .recognition
                case .suspension: self = .suspension
                case .reinstatement: self = .reinstatement
                default: return nil
                }
            }

            /// The ending of `reason`.
            init(_ reason: Commitment.Reason) {
                switch reason {
                case .withdrawn: self = .withdrawn
                case .closed: self = .closed
                case .merged: self = .merged
                case .renewed: self = .renewed
                }
            }
        }
        var kind: Kind
        /// A milestone's name, a recognition's badge (else `Interner.none`).
        var detail: Int32
        /// The days of the event that made it: included as of any day not before its earliest.
        var days: EventDays

        /// Why it ended the commitment, when it is an ending.
        var reason: Commitment.Reason? {
            switch kind {
            case .withdrawn: return .withdrawn
            case .closed: return .closed
            case .merged: return .merged
            case .renewed: return .renewed
            default: return nil
            }
        }
    }

    /// The strings its handles name; the first `dates` are dates as written (the dates of
    /// starts and changes), so that their days are one table when encoded.
    let names: Names
    let dates: Int
    let policies: PolicyBook
    /// The registered members and networks (handles), to check `--member` and `--network`.
    let members: [Int32]
    let networks: [Int32]
    /// Every commitment, in row order, and their changes.
    let table: CommitmentTable
    /// The strings' JSON literals, when they were begun on another thread as the status was
    /// read (`decoded(_:literalsAhead:)`); else they are made when the rows ask for them.
    var literalsAhead: Deferred<JSONLiterals>?

    /// Every commitment, in row order (made whole: for encoding and checks).
    var entries: [Entry] { (0..<table.entryCount).map(table.entry) }
    /// Their changes, each commitment's after the previous one's.
    var changes: [Change] { (0..<table.changeCount).map(table.change) }

    /// A folded status of commitments and changes given whole (each commitment's changes
    /// following the previous one's).
    init(names: Names, dates: Int, policies: PolicyBook, members: [Int32], networks: [Int32], entries: [Entry],
         changes: [Change]) {
        self.init(names: names, dates: dates, policies: policies, members: members, networks: networks,
                  table: CommitmentTable(entries: entries, changes: changes, dates: dates))
    }

    init(names: Names, dates: Int, policies: PolicyBook, members: [Int32], networks: [Int32], table: CommitmentTable) {
        self.names = names
        self.dates = dates
        self.policies = policies
        self.members = members
        self.networks = networks
        self.table = table
    }

    /// The strings of a folded status: interned when it is folded from a replay; read in
    /// place from a snapshot, where nothing is interned (the slug or two a command asks for
    /// is found by a scan).
    enum Names: Sendable {
        case interned(Interner)
        case encoded(EncodedStrings)

        var count: Int {
            switch self {
            case .interned(let names): names.count
            case .encoded(let names): names.count
            }
        }

        /// The string of `handle`.
        func string(_ handle: Int32) -> String {
            switch self {
            case .interned(let names): names.string(handle)
            case .encoded(let names): String(decoding: names.bytes(Int(handle)).assumingMemoryBound(to: UInt8.self), as: UTF8.self)
            }
        }

        /// The handle of `text`, if it is one of them.
        func find(_ text: String) -> Int32? {
            switch self {
            case .interned(let names): names.find(text)
            case .encoded(let names): names.find(text)
            }
        }

        func encode(into out: inout ByteWriter) {
            switch self {
            case .interned(let names): names.encode(into: &out)
            case .encoded(let names): names.encode(into: &out)
            }
        }

        /// Every string as a JSON literal, by handle.
        func literals() -> JSONLiterals {
            switch self {
            case .interned(let names):
                names.literals()
            case .encoded(let names):
                JSONLiterals(count: names.count) { names.bytes($0) }
            }
        }

        /// Every string, by handle (made whole: for rows that read them as `String`s).
        func table() -> StringTable {
            switch self {
            case .interned(let names): StringTable(names)
            case .encoded(let names): StringTable(strings: names.strings())
            }
        }
    }
}

extension FoldedStatus {
    /// Folds a replay over every date. Its strings are interned again, so that it keeps only
    /// those its rows and policies name.
    /// - Complexity: one fold and one sort of the commitments, as one `status` costs.
    init(_ replay: Replay) {
        let book = replay.book(asOf: AuditTrail.farFuture, tracking: true)
        var names = Interner()
        var moved = [Int32](repeating: Interner.none - 1, count: replay.names.count)
        func keep(_ handle: Int32) -> Int32 {
            guard handle >= 0 else { return handle }
            if moved[Int(handle)] == Interner.none - 1 {
                moved[Int(handle)] = replay.names.withBytes(handle) { names.intern($0) }
            }
            return moved[Int(handle)]
        }
        func days(_ index: Int32) -> EventDays {
            let fact = replay.facts[Int(index)]
            return EventDays(date: keep(fact.date), earliest: fact.earliest, latest: fact.latest)
        }
        let commitments = replay.sorted(book.commitments)
        // Dates first: their handles are 0..<dates.
        for c in commitments {
            _ = keep(replay.facts[Int(c.start)].date)
            for index in c.events where Change.Kind(replay.facts[Int(index)].type) != nil { _ = keep(replay.facts[Int(index)].date) }
            if let ending = c.ending { _ = keep(replay.facts[Int(ending.event)].date) }
        }
        let dates = names.count
        var entries: [Entry] = []
        var changes: [Change] = []
        entries.reserveCapacity(commitments.count)
        for c in commitments {
            let first = Int32(changes.count)
            for index in c.events {
                let fact = replay.facts[Int(index)]
                guard let kind = Change.Kind(fact.type) else { continue }
                changes.append(Change(kind: kind, detail: keep(fact.detail), days: days(index)))
            }
            if let ending = c.ending {
                changes.append(Change(kind: Change.Kind(ending.reason), detail: Interner.none, days: days(ending.event)))
            }
            let start = replay.facts[Int(c.start)]
            let settles = c.mergers.reduce(start.latest) { max($0, replay.facts[Int($1)].latest) }
            let begins = c.mergers.last.map { replay.facts[Int($0)].earliest } ?? start.earliest
            entries.append(Entry(member: keep(c.member), network: keep(c.network), origin: keep(c.origin), via: c.via,
                                 begins: begins, start: days(c.start), settles: settles,
                                 first: first, count: Int32(changes.count) - first))
        }
        // In handle order, as below the registered slugs: what `keep` numbers, and the lists
        // encoded, must not follow a dictionary's order, which differs from one process to
        // the next (a snapshot of the same log is then the same bytes).
        var policies: [Int32: [Policy]] = [:]
        for (network, list) in replay.policies.networks.sorted(by: { $0.key < $1.key }) {
            policies[keep(network)] = list.map { policy in
                var rules = policy.rules, every = policy.every
                for k in rules.indices { rules[k].handle = keep(rules[k].handle) }
                for k in every.indices {
                    every[k].handle = keep(every[k].handle)
                    every[k].after = keep(every[k].after)
                }
                return Policy(order: policy.order, isStandard: policy.isStandard, rules: rules, every: every, badge: policy.badge)
            }
        }
        // Registered slugs are named by their registrations, so they have handles.
        let members = replay.registry.members.keys.compactMap { replay.handle($0.rawValue) }.sorted().map(keep)
        let networks = replay.registry.networks.keys.compactMap { replay.handle($0.rawValue) }.sorted().map(keep)
        self.init(names: .interned(names), dates: dates, policies: PolicyBook(byNetwork: policies), members: members,
                  networks: networks, entries: entries, changes: changes)
    }

    // MARK: - Rows

    /// A commitment as of a day: the changes made by then, folded once when it is made.
    ///
    /// It holds no reference to the changes (rows are judged on every core at once, and
    /// counting references to one shared array from both would cost more than the judging):
    /// the first milestones of up to six names sit in the value itself (`MilestoneList`).
    struct AsOf: JudgedCommitment {
        let entry: Entry
        private(set) var recognition: (days: EventDays, badge: Int32)?
        private(set) var suspension: EventDays?
        private(set) var ending: (reason: Commitment.Reason, days: EventDays)?
        private var milestones = MilestoneList<6, EventDays>(placeholder: EventDays(date: 0, earliest: 0, latest: 0))

        /// Folds the commitment's changes made by `day`, in the order they were folded.
        /// (Always inlined: made where the caller keeps it, rather than made aside and copied
        /// there, over two hundred bytes a row.)
        @inline(__always)
        init(entry: Entry, table: borrowing CommitmentTable, day: Int32) {
            self.entry = entry
            for k in Int(entry.first)..<Int(entry.first + entry.count) where table.changeEarliest(k) <= day {
                let change = table.change(k)
                switch change.kind {
                case .milestone: addMilestone(change)
                case .recognition: recognition = (change.days, change.detail)
                case .suspension: suspension = change.days
                case .reinstatement: suspension = nil
                case .withdrawn, .closed, .merged, .renewed:
                    if ending == nil, let reason = change.reason { ending = (reason, change.days) }
                }
            }
        }

        private mutating func addMilestone(_ change: Change) {
            milestones.add(name: change.detail, first: change.days, latestDay: change.days.latest)
        }

        var member: Int32 { entry.member }
        var network: Int32 { entry.network }
        var origin: Int32 { entry.origin }
        var via: EventType? { entry.via }
        var start: EventDays { entry.start }
        var settles: Int32 { entry.settles }

        mutating func milestone(_ name: Int32) -> (first: EventDays, latestDay: Int32)? {
            withUnsafePointer(to: &milestones) { MilestoneList.named(name, in: $0) }.map { ($0.first, $0.latestDay) }
        }
    }

    /// The rows of `status` as of `asOf` — those `Replay.status(asOf:member:network:)` gives
    /// for the same record — each judged only when it is read.
    public func statusRows(asOf: Day, member: MemberID?, network: NetworkID?) -> some RandomAccessCollection<StatusRow> {
        let day = asOf.ordinal
        let strings = names.table()
        return shown(asOf: asOf, member: member, network: network).lazy.map { [table, policies] k in
            var c = AsOf(entry: table.entry(Int(k)), table: table, day: day)
            return StatusJudge.row(&c, asOf: asOf, policies: policies, names: strings)
        }
    }

    /// The same rows as `statusRows` as judged, with their strings as JSON: what the command
    /// line writes as JSON (no `String` per row).
    package func judgedRows(asOf: Day, member: MemberID?, network: NetworkID?) -> JudgedRows<LazyMapCollection<Range<Int>, JudgedRow>> {
        let day = asOf.ordinal
        let shown = shown(asOf: asOf, member: member, network: network)
        let (table, policies) = (self.table, self.policies)
        @Sendable func judge(_ k: Int, into row: inout JudgedRow) {
            var c = AsOf(entry: table.entry(Int(shown[k])), table: table, day: day)
            StatusJudge.judge(&c, asOf: asOf, policies: policies, into: &row)
        }
        let rows = shown.indices.lazy.map { k in
            var row = JudgedRow.blank
            judge(k, into: &row)
            return row
        }
        return JudgedRows(rows: rows, names: literalsAhead?.value ?? names.literals(), texts: JSONLiterals(policies.texts),
                          fill: judge)
    }

    /// The places of the commitments begun by `asOf`, in row order, that pass the filters.
    private func shown(asOf: Day, member: MemberID?, network: NetworkID?) -> [Int32] {
        let day = asOf.ordinal
        let m = member.map { names.find($0.rawValue) ?? -2 }, n = network.map { names.find($0.rawValue) ?? -2 }
        let begun = table.begun(by: day)
        guard m != nil || n != nil else { return begun }
        return begun.filter { k in
            let entry = table.entry(Int(k))
            return (m == nil || entry.member == m) && (n == nil || entry.network == n)
        }
    }

    /// A registered member's slug, checked as `Replay.checkMember` checks it.
    /// - Throws: `ViewError` such as `unknown member 'pariss' (did you mean 'paris'?)`.
    public func checkMember(_ name: String) throws(ViewError) -> MemberID {
        if let handle = names.find(name), members.contains(handle) { return MemberID(name) }
        throw ViewError.unknown("member", name, among: members.map(names.string))
    }

    /// A registered network's slug, checked as `Replay.checkNetwork` checks it.
    /// - Throws: `ViewError` such as `unknown network 'c41' (did you mean 'c40'?)`.
    public func checkNetwork(_ name: String) throws(ViewError) -> NetworkID {
        if let handle = names.find(name), networks.contains(handle) { return NetworkID(name) }
        throw ViewError.unknown("network", name, among: networks.map(names.string))
    }
}
