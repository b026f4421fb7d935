/// The commitment rules of SPEC §3 checked as the views fold the record (SPEC §5): one
/// member's dated events and every network ending, in §4 order.
///
/// A start opens a commitment (renewing an open one); a withdrawal or closure ends it; a
/// merger carries it into the other network, suspended or not, renewing any the member
/// had there. A milestone, recognition, suspension, reinstatement or withdrawal needs an
/// open commitment of its pair — on a merger's day, one that the merger carries in counts,
/// as in the views — a suspension one that is not suspended, a reinstatement one that is.
/// Nothing (a start, a life event, an activity) happens in a network after its ending's
/// earliest day.
enum CommitmentFold {
    /// What is wrong, at which event. A class: made only when something is wrong, and then
    /// one reference is passed back, where a value of two marks was copied out, byte by byte,
    /// at each of the several returns every line checked goes through (as nil).
    final class Problem: Sendable {
        enum Kind: Sendable {
            case noCommitment, alreadySuspended, notSuspended, afterEnding(LedgerIndex.Mark)
        }
        let mark: LedgerIndex.Mark
        let kind: Kind

        init(mark: LedgerIndex.Mark, kind: Kind) {
            self.mark = mark
            self.kind = kind
        }

        /// The message for the event being appended (`newSeq`), or for an earlier line it breaks.
        func describe(newSeq: Int, member: MemberID) -> String {
            let network = mark.network.map(\.rawValue) ?? "?"
            let day = mark.earliest
            let reason: String
            switch kind {
            case .noCommitment:
                reason = "\(member) has no commitment in \(network) open on \(day) for this \(mark.type.rawValue); record the membership, signature or selection first"
            case .alreadySuspended:
                reason = "\(member)'s commitment in \(network) is already suspended on \(day)"
            case .notSuspended:
                reason = "\(member)'s commitment in \(network) is not suspended on \(day); a reinstatement needs a suspension before it"
            case .afterEnding(let end):
                let how = end.type == .merger ? "merged into '\(end.into!)'" : "closed"
                reason = "network '\(network)' was \(how) on \(end.earliest) (line \(end.seq)): nothing happens in it after that, so a \(mark.type.rawValue) on \(day) is not possible"
            }
            if mark.seq == newSeq { return reason }
            return "this event would break line \(mark.seq) (a \(mark.type.rawValue) dated from \(day)): \(reason)"
        }
    }

    /// The first problem in §4 order, or nil when the member's record is consistent.
    /// - Parameters:
    ///   - marks: the member's starts, life events and activities, in §4 order.
    ///   - extra: one more mark, folded in its §4 place among `marks`.
    ///   - endings: the mergers and closures that can touch them (at least those of the
    ///     networks the marks are in, of the networks those merge into, and the mergers into
    ///     them), in §4 order. Other endings change nothing.
    ///   - through: only lines up to this seq count: the record as it stood when that line was
    ///     checked (SPEC §3: each line against the lines before it).
    /// - Complexity: O(m + e) for m marks and e endings (times the few networks they name).
    ///
    /// The marks are read where they lie, field by field, and their networks become small
    /// numbers (`Networks`) for the fold: a mark holds two slugs, and copying one (for each
    /// step, several times) counted their references up and down — a third of the work of the
    /// thread that checks a log in `verify`.
    static func firstProblem(member: MemberID, marks: [LedgerIndex.Mark], adding extra: LedgerIndex.Mark? = nil,
                             endings: [LedgerIndex.Mark], through: Int = .max) -> Problem? {
        let steps = Steps(marks: marks, extra: extra, endings: endings)
        var networks = Networks()
        // Life events on a merger's day, in the merger's `into`, before the merger carries
        // the commitment in: held until it does (as the views adopt them), in fold order.
        var held: [(network: Int, step: Int)] = []
        var i = 0, j = 0
        while true {
            while i < steps.count && steps.seq(i) > through { i += 1 }
            while j < endings.count && endings[j].seq > through { j += 1 }
            guard i < steps.count || j < endings.count else { break }
            let takeEnding = j < endings.count && (i == steps.count || endings[j].order < steps.order(i))
            if takeEnding {
                let e = j
                j += 1
                let n = networks.slot(of: .network(ending: e), in: steps)
                if networks[n].ended < 0 { networks[n].ended = e }
                let carried = networks[n].open
                guard carried != Networks.none else { continue }
                networks[n].open = Networks.none
                guard endings[e].type == .merger, endings[e].into != nil else { continue }
                let into = networks.slot(of: .into(ending: e), in: steps)
                var now = carried
                var withdrawn = false
                if !held.isEmpty {
                    var kept: [(network: Int, step: Int)] = []
                    for h in held {
                        guard h.network == into else { kept.append(h); continue }
                        // Held for an earlier merger's day that carried nothing in: never attached.
                        if steps.earliest(h.step) != endings[e].earliest || withdrawn {
                            return Problem(mark: steps.mark(h.step), kind: .noCommitment)
                        }
                        if let problem = apply(steps.type(h.step), to: &now) {
                            return Problem(mark: steps.mark(h.step), kind: problem)
                        }
                        withdrawn = steps.type(h.step) == .withdrawal
                    }
                    held = kept
                }
                networks[into].open = withdrawn ? Networks.none : now
                continue
            }
            let k = i
            i += 1
            guard steps.hasNetwork(k) else { continue }
            let n = networks.slot(of: .mark(k), in: steps)
            let day = steps.earliest(k)
            if networks[n].ended >= 0, day > endings[networks[n].ended].earliest {
                return Problem(mark: steps.mark(k), kind: .afterEnding(endings[networks[n].ended]))
            }
            // Anything still waiting from an earlier day never found its commitment.
            if let stale = held.first(where: { $0.network == n && steps.earliest($0.step) < day }) {
                return Problem(mark: steps.mark(stale.step), kind: .noCommitment)
            }
            let type = steps.type(k)
            switch type {
            case .membership, .signature, .selection:
                networks[n].open = Networks.running
            case .activity:
                continue
            default:
                if networks[n].open != Networks.none {
                    var state = networks[n].open
                    if let problem = apply(type, to: &state) { return Problem(mark: steps.mark(k), kind: problem) }
                    networks[n].open = type == .withdrawal ? Networks.none : state
                } else if steps.mergerCarriesIn(k, through: through) {
                    held.append((n, k))
                } else {
                    return Problem(mark: steps.mark(k), kind: .noCommitment)
                }
            }
        }
        // Held marks that no merger carried in: the earliest (§4) is reported.
        return held.min { steps.order($0.step) < steps.order($1.step) }.map {
            Problem(mark: steps.mark($0.step), kind: .noCommitment)
        }
    }

    /// `firstProblem`'s answer for the newest line of a consistent record that no ending
    /// touches, found without a fold: `.some(nil)` when the line keeps the rules, `.some(p)`
    /// when it breaks one, nil when this cannot tell (the newest mark changes a commitment's
    /// state and is not last in §4 order, so a later mark may fold differently).
    ///
    /// With no ending, each network's commitment is a state machine of its own, and in a
    /// record that kept the rules up to this line, its state at any place is set by the last
    /// start, suspension, reinstatement or withdrawal before it in that network. A line that
    /// goes last, or one that changes no state (a milestone, recognition or activity), can
    /// break no other: only its own place is checked.
    /// - Parameters:
    ///   - marks: the member's marks in §4 order; without `extra`, the newest (line `seq`)
    ///     among them.
    ///   - active: the state-changing ones among `marks` (`LedgerIndex.activeMarks`).
    ///   - extra: the newest mark when it changes no state (and is not in the lists).
    /// - Precondition: every line before `seq` kept the rules, and no ending touches the
    ///   member's networks (`LedgerIndex.endings(touching:adding:)` is empty).
    /// - Complexity: O(log m) to place the mark, then the marks before it back to the last
    ///   one in its network.
    static func problemOfNewest(marks: [LedgerIndex.Mark], active: [LedgerIndex.Mark], adding extra: LedgerIndex.Mark?,
                                seq: Int) -> Problem?? {
        let newest: LedgerIndex.Mark
        let place: Int
        if let extra {
            newest = extra
            place = active.lowerBound(extra.order)
        } else {
            guard let last = marks.last, last.seq == seq else { return nil }
            newest = last
            // Last in `marks`, so last in `active` too.
            place = active.count - 1
            guard place >= 0, active[place].seq == seq else { return nil }
        }
        guard let network = newest.network else { return .some(nil) }
        var state = Networks.none
        var k = place - 1
        while k >= 0 {
            if active[k].network == network {
                switch active[k].type {
                case .membership, .signature, .selection, .reinstatement: state = Networks.running
                case .suspension: state = Networks.suspended
                default: state = Networks.none
                }
                break
            }
            k -= 1
        }
        let kind: Problem.Kind?
        switch newest.type {
        case .membership, .signature, .selection, .activity:
            kind = nil
        default:
            if state == Networks.none {
                kind = .noCommitment
            } else {
                var now = state
                kind = apply(newest.type, to: &now)
            }
        }
        return .some(kind.map { Problem(mark: newest, kind: $0) })
    }

    /// A life event on an open commitment (`Networks.running` or `.suspended`); a withdrawal
    /// is applied by the caller.
    private static func apply(_ type: EventType, to state: inout Int8) -> Problem.Kind? {
        switch type {
        case .suspension:
            if state == Networks.suspended { return .alreadySuspended }
            state = Networks.suspended
        case .reinstatement:
            if state != Networks.suspended { return .notSuspended }
            state = Networks.running
        default:
            break
        }
        return nil
    }
}

/// The marks of one fold, `extra` read as if inserted in its place among `marks` (not copied
/// into a new array for every line checked), and the endings; each field read in place.
private struct Steps {
    let marks: [LedgerIndex.Mark]
    let extra: LedgerIndex.Mark?
    let endings: [LedgerIndex.Mark]
    /// Where `extra` lies among the steps (past the end without one).
    let extraAt: Int
    let count: Int

    init(marks: [LedgerIndex.Mark], extra: LedgerIndex.Mark?, endings: [LedgerIndex.Mark]) {
        self.marks = marks
        self.extra = extra
        self.endings = endings
        extraAt = extra.map { marks.lowerBound($0.order) } ?? marks.count + 1
        count = marks.count + (extra == nil ? 0 : 1)
    }

    /// Where in `marks` step `k` lies, or -1 for `extra`.
    @inline(__always) private func place(_ k: Int) -> Int { k < extraAt ? k : k == extraAt ? -1 : k - 1 }

    func seq(_ k: Int) -> Int { let p = place(k); return p < 0 ? extra.unsafelyUnwrapped.seq : marks[p].seq }
    func type(_ k: Int) -> EventType { let p = place(k); return p < 0 ? extra.unsafelyUnwrapped.type : marks[p].type }
    func earliest(_ k: Int) -> Day { let p = place(k); return p < 0 ? extra.unsafelyUnwrapped.earliest : marks[p].earliest }
    func order(_ k: Int) -> EventOrder {
        let p = place(k)
        return p < 0 ? extra.unsafelyUnwrapped.order : marks[p].order
    }
    func hasNetwork(_ k: Int) -> Bool { let p = place(k); return p < 0 ? extra.unsafelyUnwrapped.network != nil : marks[p].network != nil }
    /// The whole mark, for a problem found at it.
    func mark(_ k: Int) -> LedgerIndex.Mark { let p = place(k); return p < 0 ? extra.unsafelyUnwrapped : marks[p] }

    /// The network a step or an ending names: a mark's network, an ending's network or `into`.
    enum Naming {
        case mark(Int), network(ending: Int), into(ending: Int)
    }

    /// The key of the slug `naming` names (`NetworkID.key`).
    func key(_ naming: Naming) -> UInt64 {
        switch naming {
        case .mark(let k):
            let p = place(k)
            return (p < 0 ? extra.unsafelyUnwrapped.network?.key : marks[p].network?.key) ?? 0
        case .network(let e): return endings[e].network?.key ?? 0
        case .into(let e): return endings[e].into?.key ?? 0
        }
    }

    /// The slug `naming` names.
    func network(_ naming: Naming) -> NetworkID? {
        switch naming {
        case .mark(let k):
            let p = place(k)
            return p < 0 ? extra.unsafelyUnwrapped.network : marks[p].network
        case .network(let e): return endings[e].network
        case .into(let e): return endings[e].into
        }
    }

    /// Whether a merger into step `k`'s network, on its day and after it in §4 order, may yet
    /// carry a commitment in for it (SPEC §5: the views adopt such a life event).
    func mergerCarriesIn(_ k: Int, through: Int) -> Bool {
        let n = network(.mark(k)), day = earliest(k), order = order(k)
        return endings.contains { $0.seq <= through && $0.type == .merger && $0.into == n && $0.earliest == day && order < $0.order }
    }
}

/// The networks one fold meets, as slots 0, 1, 2… with the state of the member's
/// commitment in each. A slug is found by its key, and its text compared with the slot's
/// first naming only when the keys match (two slugs can share a key).
private struct Networks {
    /// `Slot.open`: no open commitment, one running, one suspended.
    static let none: Int8 = -1
    static let running: Int8 = 0
    static let suspended: Int8 = 1

    struct Slot {
        var key: UInt64
        /// Where the slug was first named in the fold.
        var first: Steps.Naming
        var open: Int8 = Networks.none
        /// The first ending of the network folded so far (an index into the endings), or -1.
        var ended: Int = -1
    }

    /// Slots are kept in the value itself up to eight networks (a fold allocates nothing
    /// then), in an array after that.
    private static let inline = 8
    private var first = InlineArray<8, Slot>(repeating: Slot(key: 0, first: .mark(0)))
    private var more: [Slot] = []
    private var count = 0

    subscript(slot: Int) -> Slot {
        get { slot < Networks.inline ? first[slot] : more[slot - Networks.inline] }
        set {
            if slot < Networks.inline { first[slot] = newValue } else { more[slot - Networks.inline] = newValue }
        }
    }

    /// The slot of the network `naming` names, made when it is the first naming of it.
    mutating func slot(of naming: Steps.Naming, in steps: Steps) -> Int {
        let key = steps.key(naming)
        // The network's slot: keys equal and slugs equal (two slugs can share a key).
        for s in 0..<count where self[s].key == key && steps.network(self[s].first) == steps.network(naming) { return s }
        let slot = Slot(key: key, first: naming)
        if count < Networks.inline { first[count] = slot } else { more.append(slot) }
        count += 1
        return count - 1
    }
}
