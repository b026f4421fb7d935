/// What validation needs to know about the log so far, kept small and cheap to bring
/// up to date: ids (with their line and whether they were retracted), registered slugs
/// (with the line that registers them), network endings, per member its dated events in
/// networks in §4 order, and who refers to each slug. Appending folds each new event in;
/// nothing is re-read.
///
/// Every rule of SPEC §3 is checked for one line against the lines before it
/// (`checkLine`): registration rules line by line in log order; the commitment rules (an
/// open commitment for each life event, suspensions and reinstatements in turn, nothing in
/// a network after it ended) on the member's whole record in §4 order as the views fold it,
/// restricted to the lines up to the one checked (`CommitmentFold`), so that an event
/// recorded late but dated early cannot leave earlier-recorded events without their
/// commitment.
///
/// The state always describes the *effective* record (corrections applied, retracted
/// events left out), so an amendment is checked by re-checking only the lines it can change
/// (`LedgerIndex+Amendments.swift`).
public struct LedgerIndex: Sendable {
    /// One id already in the log.
    public struct Entry: Sendable, Equatable {
        /// Its line: where to read it again (idempotency, amendments).
        public var seq: Int
        public var type: EventType
        public var retracted: Bool
    }

    /// A network's registration as it stands (corrections applied).
    public struct NetworkRegistration: Sendable, Equatable {
        /// The line that registers it.
        public var seq: Int
        /// Its `founded` date, if any (SPEC §3's founding rule).
        public var founded: EDTFDate?
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

        init(_ event: borrowing Event) {
            // The date read once: each read of it copies the date as written.
            let date = event.date!
            self.init(seq: event.seq, type: event.type, earliest: date.earliest, latest: date.latest,
                      into: event.into, network: event.network)
        }
    }

    /// A second registration of a slug: it exists only while a change is checked (and then
    /// rejected), so that the line that registers the slug twice can be found.
    struct Duplicate: Sendable, Equatable {
        var member: MemberID? = nil
        var network: NetworkID? = nil
        var seq: Int
        var founded: EDTFDate? = nil
    }

    /// Ids and their entries; with `idBase`, only those not in it or changed since (see
    /// `entry(_:)`).
    public internal(set) var ids = IDTable()
    /// The ids of the lines a writer's cache stands for, looked up there (nil: all are in `ids`).
    var idBase: (any IDLookup)?
    /// The members whose registration, marks and references are loaded, when only part of the
    /// state is (a writer's fast path, `IndexCache`); nil when all of it is. Networks, their
    /// references and endings are then whole; corrections and `networkMembers` are not.
    /// Whatever needs more throws `EventError.wholeStateNeeded`.
    var loadedMembers: Set<MemberID>?
    /// Each member's registration, marks and other references, found by one lookup.
    var memberRecords = MemberRecords()
    /// Registered members: slug → the line that registers it (made from `memberRecords`:
    /// for hints and tests).
    public var members: [MemberID: Int] {
        Dictionary(uniqueKeysWithValues: memberRecords.all.lazy.filter { $0.record.registration != 0 }
            .map { ($0.id, $0.record.registration) })
    }
    /// Registered networks: slug → the line that registers it and its `founded` date.
    public internal(set) var networks: [NetworkID: NetworkRegistration] = [:]
    var duplicates: [Duplicate] = []
    /// Every merger and closure, in §4 order.
    var allEndings: [Mark] = []
    /// Each member's starts, life events and activities in a network, in §4 order (made
    /// from `memberRecords`: for tests).
    var marks: [MemberID: [Mark]] {
        Dictionary(uniqueKeysWithValues: memberRecords.all.lazy.filter { !$0.record.marks.isEmpty }
            .map { ($0.id, $0.record.marks) })
    }
    /// Lines that name a member without being one of its marks (renames, activities with no
    /// network), in log order (made from `memberRecords`: for tests).
    var memberReferences: [MemberID: [Int]] {
        Dictionary(uniqueKeysWithValues: memberRecords.all.lazy.filter { !$0.record.references.isEmpty }
            .map { ($0.id, $0.record.references) })
    }
    /// Lines that name a network other than through marks and endings (renames, policies,
    /// a closure's successor), in log order.
    var networkReferences: [NetworkID: [Int]] = [:]
    /// The corrections of each corrected line (by seq), in log order.
    var corrections: [Int: [Int]] = [:]
    /// The `recorded` time of the last event folded in.
    public internal(set) var lastRecorded: Timestamp?
    /// The seq of the last event folded in (0 for none).
    public internal(set) var lastSeq = 0

    // Derived from the above (rebuilt when the state is read back, never saved).
    /// Each network's mergers and closures, in §4 order.
    var endingsByNetwork: [NetworkID: [Mark]] = [:] { didSet { endingsCache = EndingsCache() } }
    /// The mergers into each network, in §4 order.
    var mergersInto: [NetworkID: [Mark]] = [:] { didSet { endingsCache = EndingsCache() } }
    /// What `endings(touching:adding:)` has answered since these two were last changed.
    private var endingsCache = EndingsCache()
    /// Members with marks in each network, each listed when its first mark there comes and
    /// not taken off when its marks there are taken back: read through `members(in:)`, which
    /// leaves those out. (A count per member and network, in a dictionary per network, was one
    /// more lookup in a large table at every mark `verify` checked.)
    var networkMembers: [NetworkID: [MemberID]] = [:]
    /// The keys of the networks in `endingsByNetwork` and `mergersInto`, and perhaps of some
    /// that were there once: a network whose key is not in it neither ends nor takes in a
    /// merger, told without a dictionary lookup (`endings(touching:adding:)`).
    var endingKeys = KeyFilter()

    /// For tests: fold every member at a merger or closure, with every ending, as a replay
    /// of the whole record did before folds were limited to what a line can touch.
    var foldsEverything = false
    /// For tests: fold the member's whole record for every line, even the newest of a
    /// consistent record where no network ends (`CommitmentFold.problemOfNewest`).
    var foldsWhole = false

    public init() {}

    /// The entry of `id`: from `ids`, else from `idBase`.
    public func entry(_ id: EventID) -> Entry? {
        if let entry = ids[id] { return entry }
        return idBase?.entry(id)
    }

    /// Every id and its entry (those of `idBase` read back: slow on a large log; for error
    /// hints and tests).
    public func allEntries() -> [EventID: Entry] {
        guard let idBase else { return ids.dictionary }
        var all = idBase.allEntries()
        for (id, entry) in ids { all[id] = entry }
        return all
    }

    // MARK: - Plain events

    /// Checks a plain event (not an amendment; `seq` set) against the lines before it and
    /// folds it in.
    /// - Throws: `EventError` naming the broken rule; the state is unchanged then.
    mutating func admitPlain(_ event: Event) throws(EventError) {
        if let loaded = loadedMembers {
            if event.type == .merger || event.type == .closure {
                throw EventError.wholeStateNeeded("a \(event.type.rawValue) folds every member it can touch")
            }
            if let m = event.member, !loaded.contains(m) { throw EventError.wholeStateNeeded("member '\(m)' is not loaded") }
        }
        try checkEnvelope(event)
        // The line's mark, made once for the fold and the check (it copies the date).
        let mark = event.type.isStartOrLifeEvent || (event.type == .activity && event.network != nil) ? Mark(event) : nil
        add(event, mark: mark)
        do {
            try checkLine(event, folding: nil, newest: true, mark: mark)
        } catch {
            remove(event)
            throw error
        }
        record(event)
    }

    /// The rules on the line itself: the genesis only at line 1, ids unique.
    func checkEnvelope(_ event: Event) throws(EventError) {
        if event.type == .ledger && event.seq != 1 {
            throw EventError("a 'ledger' (genesis) event may only be line 1")
        }
        if event.seq == 1 && event.type != .ledger {
            throw EventError("line 1 must be the genesis event (type 'ledger')")
        }
        if let existing = entry(event.id) {
            throw EventError("id '\(event.id)' is already used by line \(existing.seq)")
        }
    }

    /// Keeps the id of an admitted line and the time it was recorded.
    mutating func record(_ event: Event) {
        if let recorded = event.recorded { lastRecorded = recorded }
        lastSeq = max(lastSeq, event.seq)
        ids[event.id] = Entry(seq: event.seq, type: event.type, retracted: false)
    }

    // MARK: - One line against the lines before it

    /// Checks line `event.seq` (already folded into the state) against the lines before it.
    /// - Parameter folding: for a merger or closure, the members whose commitments to fold
    ///   (sorted); nil: every member it can touch. Other lines fold their own member.
    /// - Parameter newest: the line is the last one and every line before it is consistent (a
    ///   plain append): a line that changes no commitment's state (a milestone, recognition or
    ///   activity) then cannot break another, so only its own place in the fold is checked.
    /// - Parameter mark: the line's `Mark`, when the caller has made it already.
    func checkLine(_ event: Event, folding: [MemberID]?, newest: Bool = false, mark: Mark? = nil) throws(EventError) {
        let seq = event.seq
        let passive = newest && event.type.isPassiveMark && event.network != nil ? mark ?? Mark(event) : nil
        switch event.type {
        case .ledger, .correction, .retraction:
            return
        case .member:
            let m = event.member!
            if isRegistered(m, before: seq) {
                throw EventError("member '\(m)' is already registered (change it with a 'rename' or a 'correction')")
            }
        case .network:
            let n = event.network!
            if isRegistered(n, before: seq) {
                throw EventError("network '\(n)' is already registered (change it with a 'rename' or a 'correction')")
            }
        case .rename:
            if let m = event.member { try requireMember(m, before: seq) }
            if let n = event.network { try requireNetwork(n, before: seq) }
        case .policy:
            try requireNetwork(event.network!, before: seq)
        case .merger, .closure:
            if loadedMembers != nil { throw EventError.wholeStateNeeded("a \(event.type.rawValue) folds every member it can touch") }
            let n = event.network!
            let date = event.date!
            try requireNetwork(n, before: seq, field: "network")
            if let into = event.into {
                try requireNetwork(into, before: seq, field: "into")
                if n == into { throw EventError("network '\(n)' cannot merge into itself") }
                // Merging into a network that has ended by then would leave commitments
                // open in a network that is gone.
                if let end = endings(of: into, before: seq).first(where: { $0.earliest <= date.earliest }) {
                    throw EventError("network '\(into)' \(ended(end)) on \(end.earliest) (line \(end.seq)): a merger into it dated \(date) is not possible")
                }
            }
            if let successor = event.successor { try requireNetwork(successor, before: seq, field: "successor") }
            if let end = endings(of: n, before: seq).first(where: { $0.earliest != date.earliest }) {
                throw EventError("network '\(n)' \(ended(end)) on \(end.earliest) (line \(end.seq)): a network ends once, so a \(event.type.rawValue) dated \(date) is not possible")
            }
            let members = foldsEverything ? marks.keys.sorted() : folding ?? membersTouched(by: Mark(event))
            try checkCommitments(of: members, through: seq)
        case .membership, .signature, .selection, .withdrawal, .suspension, .reinstatement, .milestone, .recognition:
            let pair = event.pair!
            try requireMember(pair.member, before: seq)
            try requireNetwork(pair.network, before: seq)
            if event.type.isStart { try checkFounding(event, network: pair.network) }
            try checkSameDayRejoin(event, pair: pair)
            try checkCommitments(of: pair.member, through: seq, passive: passive, newest: newest)
        case .activity:
            try requireMember(event.member!, before: seq)
            if let n = event.network {
                try requireNetwork(n, before: seq)
                try checkCommitments(of: event.member!, through: seq, passive: passive, newest: newest)
            }
        }
    }

    /// Whether a line before `seq` registers member `m`.
    private func isRegistered(_ m: MemberID, before seq: Int) -> Bool {
        let line = memberRecords[m].registration
        if line != 0 && line < seq { return true }
        return duplicates.contains { $0.member == m && $0.seq < seq }
    }

    /// Whether a line before `seq` registers network `n`.
    private func isRegistered(_ n: NetworkID, before seq: Int) -> Bool {
        if let registration = networks[n], registration.seq < seq { return true }
        return duplicates.contains { $0.network == n && $0.seq < seq }
    }

    /// A network's mergers and closures recorded before line `seq`, in §4 order.
    private func endings(of network: NetworkID, before seq: Int) -> [Mark] {
        (endingsByNetwork[network] ?? []).filter { $0.seq < seq }
    }

    private func ended(_ end: Mark) -> String {
        end.type == .merger ? "merges into '\(end.into!)'" : "closes"
    }

    private func requireMember(_ m: MemberID, before seq: Int) throws(EventError) {
        guard !isRegistered(m, before: seq) else { return }
        // The hint names the closest registered slug: every member is needed.
        if loadedMembers != nil { throw EventError.wholeStateNeeded("unknown member '\(m)'") }
        var known = memberRecords.all.filter { $0.record.registration != 0 && $0.record.registration < seq }.map(\.id.rawValue)
        known += duplicates.filter { $0.seq < seq }.compactMap { $0.member?.rawValue }
        throw EventError("unknown member '\(m)'" + Suggestion.hint(for: m.rawValue, in: known)
            + "; register it first with a 'member' event")
    }

    private func requireNetwork(_ n: NetworkID, before seq: Int, field: String = "network") throws(EventError) {
        guard !isRegistered(n, before: seq) else { return }
        var known = networks.filter { $0.value.seq < seq }.map(\.key.rawValue)
        known += duplicates.filter { $0.seq < seq }.compactMap { $0.network?.rawValue }
        let what = field == "network" ? "network" : "network in '\(field)'"
        throw EventError("unknown \(what) '\(n)'" + Suggestion.hint(for: n.rawValue, in: known)
            + "; register it first with a 'network' event")
    }

    /// SPEC §3: a start's latest day is not before its network's `founded` earliest day.
    private func checkFounding(_ start: Event, network n: NetworkID) throws(EventError) {
        guard let founded = networks[n]?.founded, let date = start.date, date.latest < founded.earliest else { return }
        throw EventError("network '\(n)' was founded \(founded) (from \(founded.earliest)): a \(start.type.rawValue) dated \(date) cannot start before it (its latest day is \(date.latest))")
    }

    /// A start and a withdrawal of the same pair cannot share their earliest day.
    private func checkSameDayRejoin(_ event: Event, pair: Pair) throws(EventError) {
        guard event.type.isStart || event.type == .withdrawal else { return }
        let day = event.date!.earliest
        let seq = event.seq
        let other: (EventType) -> Bool = event.type.isStart ? { $0 == .withdrawal } : { $0.isStart }
        guard let clash = memberRecords[pair.member].marks.first(where: {
            $0.seq < seq && $0.network == pair.network && other($0.type) && $0.earliest == day
        }) else { return }
        if event.type.isStart {
            throw EventError("a start cannot share its earliest day (\(day)) with the withdrawal of line \(clash.seq) for \(pair); date the rejoin a day later")
        }
        throw EventError("a withdrawal cannot share its earliest day (\(day)) with the start of line \(clash.seq) for \(pair)")
    }

    /// Folds the commitments of `members` (sorted) as they stood at line `seq`, and throws
    /// the first problem. With `passive`, the mark of a new line that changes no state, the
    /// fold leaves out the member's other passive marks: they were consistent before it and it
    /// cannot change them, and a member with thousands of milestones on one commitment would
    /// otherwise cost a fold of all of them at each one (quadratic).
    private func checkCommitments(of members: [MemberID], through seq: Int) throws(EventError) {
        for member in members { try checkCommitments(of: member, through: seq) }
    }

    /// The commitment rules on one member's record (SPEC §3) through line `seq`.
    /// - Parameters:
    ///   - passive: the line's mark when it changes no state and is not in the lists yet.
    ///   - newest: the line is the newest of a consistent record (see `checkLine`).
    private func checkCommitments(of member: MemberID, through seq: Int, passive: Mark? = nil,
                                  newest: Bool = false) throws(EventError) {
        // The record lent where it lies (`MemberRecords.withRecord`): bound to a constant, the
        // whole record was copied at every line checked (23 reference counts in this function
        // then, 19 now: the arrays passed on are still counted).
        let problem = memberRecords.withRecord(member) { record -> CommitmentFold.Problem? in
            let list = passive == nil ? record.marks : record.active
            let endings = foldsEverything ? allEndings : endings(touching: list, adding: passive)
            // The newest line of a consistent record, where no network ends: its own place
            // decides, without folding the member's whole record again.
            if newest, endings.isEmpty, !foldsWhole,
               let verdict = CommitmentFold.problemOfNewest(marks: list, active: passive == nil ? record.active : list,
                                                            adding: passive, seq: seq) {
                return verdict
            }
            return CommitmentFold.firstProblem(member: member, marks: list, adding: passive, endings: endings,
                                               through: seq)
        }
        if let problem { throw EventError(problem.describe(newSeq: seq, member: member)) }
    }

    // MARK: - Which endings and members a fold needs

    /// The endings that can change the fold of `list`: those of the networks its marks are in
    /// and of every network those merge into, and the mergers into any of them (§4 order).
    /// Any other ending leaves the fold as it is.
    func endings(touching list: [Mark], adding extra: Mark? = nil) -> [Mark] {
        guard !allEndings.isEmpty else { return [] }
        // Most members are in networks that never end and take in no merger: nothing to
        // find, and nothing allocated to find it (this runs for every line checked). A
        // network's key read in place rules most out; the others are looked up.
        func endsOrTakesIn(_ n: NetworkID) -> Bool { endingsByNetwork[n] != nil || mergersInto[n] != nil }
        var touched = false
        if let n = extra?.network, endingKeys.mayContain(n.key) { touched = endsOrTakesIn(n) }
        // The last key the filter ruled out: a run of marks in one network asks once.
        var ruledOut: UInt64?
        for k in list.indices where !touched {
            guard let key = list[k].network?.key, key != ruledOut else { continue }
            if endingKeys.mayContain(key) {
                touched = endsOrTakesIn(list[k].network!)
            } else {
                ruledOut = key
            }
        }
        guard touched else { return [] }
        var seeds: [NetworkID] = []
        for mark in list { if let n = mark.network, !seeds.contains(n) { seeds.append(n) } }
        if let n = extra?.network, !seeds.contains(n) { seeds.append(n) }
        // The answer depends on the set of networks alone: asked once per set, while the
        // endings stay as they are.
        seeds.sort()
        return endingsCache.answer(seeds) { endings(touching: downstream(of: seeds)) }
    }

    /// The mergers and closures of the networks in `set` and the mergers into them, in §4 order.
    func endings(touching set: Set<NetworkID>) -> [Mark] {
        var found: [Mark] = []
        for n in set {
            found += endingsByNetwork[n] ?? []
            for merger in mergersInto[n] ?? [] where !set.contains(merger.network!) { found.append(merger) }
        }
        return found.sorted { $0.order < $1.order }
    }

    /// `seeds` and every network they merge into, directly or not.
    func downstream(of seeds: [NetworkID]) -> Set<NetworkID> {
        var set = Set(seeds)
        var queue = seeds
        while let n = queue.popLast() {
            for end in endingsByNetwork[n] ?? [] {
                if let into = end.into, set.insert(into).inserted { queue.append(into) }
            }
        }
        return set
    }

    /// `seeds` and every network that merges into one of them, directly or not.
    func upstream(of seeds: [NetworkID]) -> Set<NetworkID> {
        var set = Set(seeds)
        var queue = seeds
        while let n = queue.popLast() {
            for merger in mergersInto[n] ?? [] {
                if let from = merger.network, set.insert(from).inserted { queue.append(from) }
            }
        }
        return set
    }

    /// The networks linked to `seeds` by mergers, either way.
    func component(of seeds: [NetworkID]) -> Set<NetworkID> {
        var set = Set(seeds)
        var queue = seeds
        while let n = queue.popLast() {
            var linked: [NetworkID] = (endingsByNetwork[n] ?? []).compactMap(\.into)
            linked += (mergersInto[n] ?? []).compactMap(\.network)
            for other in linked where set.insert(other).inserted { queue.append(other) }
        }
        return set
    }

    /// The members whose fold an ending can change, sorted: those with marks in its network
    /// or in a network merged into it (their commitments may be carried there), and for a
    /// merger those with marks in `into` (a life event on the merger's day waits for it).
    func membersTouched(by ending: Mark) -> [MemberID] {
        var found: Set<MemberID> = []
        for n in upstream(of: [ending.network!]) { found.formUnion(members(in: n)) }
        if let into = ending.into { found.formUnion(members(in: into)) }
        return found.sorted()
    }

    // MARK: - Folding

    /// Adds what `event` contributes to the state (its registration, reference, ending or mark).
    /// - Parameter mark: the line's `Mark`, when the caller has made it already.
    mutating func add(_ event: Event, mark made: Mark? = nil) {
        switch event.type {
        case .member:
            let m = event.member!
            let first = memberRecords.update(m) { record -> Bool in
                guard record.registration == 0 else { return false }
                record.registration = event.seq
                return true
            }
            if !first { duplicates.append(Duplicate(member: m, seq: event.seq)) }
        case .network:
            let n = event.network!
            let founded = event.string("founded").flatMap { try? EDTFDate.parse($0) }
            if networks[n] == nil {
                networks[n] = NetworkRegistration(seq: event.seq, founded: founded)
            } else {
                duplicates.append(Duplicate(network: n, seq: event.seq, founded: founded))
            }
        case .rename:
            if let m = event.member { memberRecords.update(m) { $0.references.insertSeq(event.seq) } }
            if let n = event.network { networkReferences[n, default: []].insertSeq(event.seq) }
        case .policy:
            networkReferences[event.network!, default: []].insertSeq(event.seq)
        case .merger, .closure:
            let mark = Mark(event)
            allEndings.insertSorted(mark)
            endingsByNetwork[mark.network!, default: []].insertSorted(mark)
            if let into = mark.into { mergersInto[into, default: []].insertSorted(mark) }
            endingKeys.insert(mark)
            if let s = event.successor { networkReferences[s, default: []].insertSeq(event.seq) }
        case .membership, .signature, .selection, .withdrawal, .suspension, .reinstatement, .milestone, .recognition:
            addMark(made ?? Mark(event), member: event.member!)
        case .activity:
            if event.network != nil {
                addMark(made ?? Mark(event), member: event.member!)
            } else {
                memberRecords.update(event.member!) { $0.references.insertSeq(event.seq) }
            }
        case .ledger, .correction, .retraction:
            break
        }
    }

    /// Takes back exactly what `add(event)` added.
    mutating func remove(_ event: Event) {
        let seq = event.seq
        switch event.type {
        case .member:
            let m = event.member!
            if let i = duplicates.firstIndex(where: { $0.member == m && $0.seq == seq }) {
                duplicates.remove(at: i)
            } else if memberRecords[m].registration == seq {
                let next = duplicates.firstIndex(where: { $0.member == m }).map { duplicates.remove(at: $0).seq } ?? 0
                memberRecords.update(m) { $0.registration = next }
            }
        case .network:
            let n = event.network!
            if let i = duplicates.firstIndex(where: { $0.network == n && $0.seq == seq }) {
                duplicates.remove(at: i)
            } else if networks[n]?.seq == seq {
                if let i = duplicates.firstIndex(where: { $0.network == n }) {
                    let other = duplicates.remove(at: i)
                    networks[n] = NetworkRegistration(seq: other.seq, founded: other.founded)
                } else {
                    networks[n] = nil
                }
            }
        case .rename:
            if let m = event.member { memberRecords.update(m) { $0.references.removeSeq(seq) } }
            if let n = event.network { networkReferences.removeSeq(seq, from: n) }
        case .policy:
            networkReferences.removeSeq(seq, from: event.network!)
        case .merger, .closure:
            let mark = Mark(event)
            allEndings.removeSorted(mark)
            endingsByNetwork.removeSorted(mark, from: mark.network!)
            if let into = mark.into { mergersInto.removeSorted(mark, from: into) }
            if let s = event.successor { networkReferences.removeSeq(seq, from: s) }
        case .membership, .signature, .selection, .withdrawal, .suspension, .reinstatement, .milestone, .recognition:
            removeMark(Mark(event), member: event.member!)
        case .activity:
            if event.network != nil {
                removeMark(Mark(event), member: event.member!)
            } else {
                memberRecords.update(event.member!) { $0.references.removeSeq(seq) }
            }
        case .ledger, .correction, .retraction:
            break
        }
    }

    private mutating func addMark(_ mark: Mark, member: MemberID) {
        let n = mark.network!
        let first = memberRecords.update(member) { record -> Bool in
            if !mark.type.isPassiveMark { record.active.insertSorted(mark) }
            record.marks.insertSorted(mark)
            return record.countMark(in: n)
        }
        if first { networkMembers[n, default: []].append(member) }
    }

    private mutating func removeMark(_ mark: Mark, member: MemberID) {
        memberRecords.update(member) { record in
            record.marks.removeSorted(mark)
            if !mark.type.isPassiveMark { record.active.removeSorted(mark) }
            record.uncountMark(in: mark.network!)
        }
    }

    /// The members with marks in network `n`, each once.
    func members(in n: NetworkID) -> [MemberID] {
        guard let listed = networkMembers[n] else { return [] }
        var seen = Set<MemberID>()
        return listed.filter { memberRecords[$0].isIn(n) && seen.insert($0).inserted }
    }

    /// Recomputes the derived maps from the saved state.
    mutating func rebuildDerived() {
        endingsByNetwork = [:]
        mergersInto = [:]
        networkMembers = [:]
        endingKeys = KeyFilter()
        for end in allEndings {
            endingsByNetwork[end.network!, default: []].append(end)
            if let into = end.into { mergersInto[into, default: []].append(end) }
            endingKeys.insert(end)
        }
        memberRecords.forEachRecord { record in
            record.active = record.marks.filter { !$0.type.isPassiveMark }
            record.networks = []
            for mark in record.marks { _ = record.countMark(in: mark.network!) }
        }
        for (member, record) in memberRecords.all {
            for (n, _) in record.networks { networkMembers[n, default: []].append(member) }
        }
    }
}

extension Array where Element == LedgerIndex.Mark {
    /// The position of the first mark not before `order` (§4).
    func lowerBound(_ order: EventOrder) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid].order < order { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Inserts `mark` keeping the array in §4 order.
    mutating func insertSorted(_ mark: consuming Element) {
        let i = lowerBound(mark.order)
        // A member's lists hold about ten marks: room for four from the first, rather than
        // growing through one and two.
        if capacity == 0 { reserveCapacity(4) }
        append(mark)
        guard i < count - 1 else { return }
        // Moved up one place each, not copied: `insert(_:at:)` copied every mark it shifted
        // through the generic path (each mark's slugs counted up and down).
        withUnsafeMutableBufferPointer { marks in
            let base = marks.baseAddress!
            let last = (base + marks.count - 1).move()
            (base + i + 1).moveInitialize(from: base + i, count: marks.count - 1 - i)
            (base + i).initialize(to: last)
        }
    }

    /// Removes the mark of line `mark.seq` (found by its §4 order).
    mutating func removeSorted(_ mark: Element) {
        let i = lowerBound(mark.order)
        if i < count && self[i].seq == mark.seq { remove(at: i) }
    }
}

extension Dictionary where Value == [LedgerIndex.Mark] {
    /// Removes a mark from the list under `key`, dropping the key when the list empties.
    mutating func removeSorted(_ mark: LedgerIndex.Mark, from key: Key) {
        self[key]?.removeSorted(mark)
        if self[key]?.isEmpty == true { self[key] = nil }
    }
}

extension Array where Element == Int {
    /// Inserts a line number keeping the array ascending (lines mostly arrive in order).
    mutating func insertSeq(_ seq: Int) {
        if let last, last > seq {
            var low = 0, high = count
            while low < high {
                let mid = (low + high) / 2
                if self[mid] < seq { low = mid + 1 } else { high = mid }
            }
            insert(seq, at: low)
        } else {
            append(seq)
        }
    }

    /// Removes a line number, if present.
    mutating func removeSeq(_ seq: Int) {
        if let i = firstIndex(of: seq) { remove(at: i) }
    }
}

extension Dictionary where Value == [Int] {
    /// Removes a line number from the list under `key`, dropping the key when the list empties.
    mutating func removeSeq(_ seq: Int, from key: Key) {
        self[key]?.removeSeq(seq)
        if self[key]?.isEmpty == true { self[key] = nil }
    }
}

/// A set of keys that may answer "maybe" for a key not in it, never "no" for one in it: 4,096
/// bits, a key setting the one its top twelve bits name.
struct KeyFilter: Sendable {
    private var words = [UInt64](repeating: 0, count: 64)

    func mayContain(_ key: UInt64) -> Bool {
        let bit = Int(truncatingIfNeeded: key >> 52)
        return words[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    mutating func insert(_ key: UInt64) {
        let bit = Int(truncatingIfNeeded: key >> 52)
        words[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    /// Inserts the keys of an ending's network and `into`.
    mutating func insert(_ ending: LedgerIndex.Mark) {
        if let n = ending.network { insert(n.key) }
        if let into = ending.into { insert(into.key) }
    }
}
