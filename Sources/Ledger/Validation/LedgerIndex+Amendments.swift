/// Corrections and retractions, checked by re-checking only the lines they can change.
///
/// SPEC §3: after an amendment the whole ledger must still obey the rules, each line
/// against the lines before it, on the record with the amendment applied. The state
/// already describes the effective record, which obeys them; the amendment changes one
/// line, t. Lines before t are unchanged, so they still pass. Line t is checked again as
/// corrected. A line after t can only start failing if its check reads what line t
/// contributes, which is one of:
///
/// - a registration: the lines that name the old slug (a correction that changes it, or a
///   retraction, leaves them naming nothing), the other line registering the new slug,
///   and, when `founded` changes, the starts in the network it now dates after;
/// - a mark (a start, life event or activity in a network): the commitments of its member,
///   old and new, folded at each of their later lines in the networks linked by mergers to
///   the old and new network; and a start or withdrawal now sharing its day with a later
///   withdrawal or start of its pair;
/// - an ending (merger or closure): the commitments of every member it can touch, old and
///   new, folded likewise; the later endings of its networks (a network ends once) and the
///   later mergers into them.
///
/// The lines found are checked in log order with exactly the check a full replay runs on
/// them (`checkLine`), so the first one that fails, and its message, are the ones a replay
/// of the whole effective record would give.
extension LedgerIndex {
    /// Checks that `amendment` may target its target (SPEC §3) and returns the target's entry.
    func checkTarget(_ amendment: Event) throws(EventError) -> Entry {
        let target = amendment.target!
        if loadedMembers != nil { throw EventError.wholeStateNeeded("an amendment re-checks what it changes") }
        guard let entry = entry(target) else {
            throw EventError("field 'target': no event has the id '\(target)'"
                + Suggestion.hint(for: target.rawValue, in: allEntries().keys.map(\.rawValue)))
        }
        if entry.type == .ledger { throw EventError("the genesis event cannot be amended") }
        if entry.type.isAmendment {
            throw EventError("field 'target': '\(target)' is a \(entry.type.rawValue); amendments cannot be amended")
        }
        if entry.retracted { throw EventError("field 'target': '\(target)' (line \(entry.seq)) was retracted") }
        if amendment.type == .correction, case .object(let changes)? = amendment.value("set") {
            for change in changes where EventSchema.spec(of: change.key, in: entry.type) == nil {
                throw EventError("field 'set.\(change.key)': a '\(entry.type.rawValue)' event has no field '\(change.key)'")
            }
        }
        return entry
    }

    /// Line `seq` as it stands: the event stored there with each of its corrections applied,
    /// in log order; nil when a line cannot be read.
    /// - Parameter stored: the event stored at a line, as written.
    func effectiveLine(_ seq: Int, stored: (Int) -> Event?) -> Event? {
        guard let original = stored(seq) else { return nil }
        guard let list = corrections[seq], !list.isEmpty else { return original }
        var events = [original]
        for line in list {
            guard let correction = stored(line) else { return nil }
            events.append(correction)
        }
        return Amendments.effective(events).first
    }

    /// Checks a correction or retraction whose target (as it stands, `target`) has been
    /// checked with `checkTarget`, re-checking the lines it can change, and folds it in.
    /// - Parameters:
    ///   - corrected: the target with this correction applied; nil for a retraction.
    ///   - stored: the event stored at a line, as written (to re-check later lines).
    /// - Throws: `EventError` naming the first line that would break a rule; the state is
    ///   unchanged then.
    /// - Complexity: proportional to what the target touches, not to the log.
    mutating func amend(_ amendment: Event, target: Event, corrected: Event?,
                        stored: (Int) -> Event?) throws(EventError) {
        let t = target.seq
        let before = foldKey(of: target)
        let after = corrected.flatMap { foldKey(of: $0) }
        let foldChanged = before?.member != after?.member || before?.mark != after?.mark
        // Members whose commitments may change; for an ending, measured on the record with it.
        var touched: Set<MemberID> = []
        if foldChanged, let before {
            if let m = before.member { touched.insert(m) } else { touched.formUnion(membersTouched(by: before.mark)) }
        }

        remove(target)
        if let corrected { add(corrected) }

        if foldChanged, let after {
            if let m = after.member { touched.insert(m) } else { touched.formUnion(membersTouched(by: after.mark)) }
        }
        var lines: Set<Int> = []
        if corrected != nil { lines.insert(t) }
        switch target.type {
        case .member:
            let old = target.member!, new = corrected?.member
            if new != old, let line = firstReference(to: old) { lines.insert(line) }
            if let new, new != old {
                let line = memberRecords[new].registration
                if line > t { lines.insert(line) }
                for d in duplicates where d.member == new && d.seq > t { lines.insert(d.seq) }
            }
        case .network:
            let old = target.network!, new = corrected?.network
            if new != old, let line = firstReference(to: old) { lines.insert(line) }
            if let new, new != old {
                if let registration = networks[new], registration.seq > t { lines.insert(registration.seq) }
                for d in duplicates where d.network == new && d.seq > t { lines.insert(d.seq) }
            }
            if new == old, corrected?.string("founded") != target.string("founded"),
               let founded = networks[old]?.founded, let line = firstStart(in: old, endingBefore: founded.earliest) {
                lines.insert(line)
            }
        default:
            guard foldChanged else { break }
            var seeds: [NetworkID] = []
            for key in [before, after] {
                guard let mark = key?.mark else { continue }
                if let n = mark.network { seeds.append(n) }
                if let into = mark.into { seeds.append(into) }
                // An ending: the later endings of its network (it ends once) and mergers into it.
                if key?.member == nil, let n = mark.network {
                    for end in endingsByNetwork[n] ?? [] where end.seq > t { lines.insert(end.seq) }
                    for merger in mergersInto[n] ?? [] where merger.seq > t { lines.insert(merger.seq) }
                }
            }
            let linked = component(of: seeds)
            let endings = endings(touching: linked)
            for member in touched {
                if let line = firstBrokenLine(of: member, within: linked, endings: endings, after: t) { lines.insert(line) }
            }
            if let after, let m = after.member, after.mark.type.isStart || after.mark.type == .withdrawal {
                let clashes: (EventType) -> Bool = after.mark.type.isStart ? { $0 == .withdrawal } : { $0.isStart }
                for mark in memberRecords[m].marks where mark.seq > t && mark.network == after.mark.network
                    && clashes(mark.type) && mark.earliest == after.mark.earliest {
                    lines.insert(mark.seq)
                }
            }
        }

        let folding = touched.sorted()
        for line in lines.sorted() {
            let event = line == t ? corrected : effectiveLine(line, stored: stored)
            guard let event else {
                undo(target, corrected)
                throw EventError("line \(line) could not be read to check it again")
            }
            do {
                try checkLine(event, folding: folding)
            } catch {
                undo(target, corrected)
                let what = corrected == nil ? "this retraction" : "this correction"
                throw EventError("with \(what) applied, line \(line) ('\(event.id)', a \(event.type.rawValue)) would break a rule: \(error.message)")
            }
        }
        record(amendment)
        if corrected != nil {
            corrections[t, default: []].append(amendment.seq)
        } else {
            if var entry = entry(target.id) {
                entry.retracted = true
                ids[target.id] = entry
            }
        }
    }

    private mutating func undo(_ target: Event, _ corrected: Event?) {
        if let corrected { remove(corrected) }
        add(target)
    }

    /// What a line puts into the commitment folds: a mark of a member, or an ending (member nil).
    private func foldKey(of event: Event) -> (member: MemberID?, mark: Mark)? {
        switch event.type {
        case .membership, .signature, .selection, .withdrawal, .suspension, .reinstatement, .milestone, .recognition:
            return (event.member, Mark(event))
        case .activity:
            return event.network == nil ? nil : (event.member, Mark(event))
        case .merger, .closure:
            return (nil, Mark(event))
        default:
            return nil
        }
    }

    /// The first line after `t` at which `member`'s commitments, folded as they stood at that
    /// line, break a rule; nil when none does.
    ///
    /// The fold can only change at the member's own lines and at endings, so only those are
    /// tried; and only in `linked` (networks tied by mergers to the ones the amendment
    /// touches), since networks not linked to them fold as before, and passed.
    /// - Complexity: O(k · (k + e)) for the member's k marks and e endings in `linked`.
    private func firstBrokenLine(of member: MemberID, within linked: Set<NetworkID>, endings: [Mark],
                                 after t: Int) -> Int? {
        let list = memberRecords[member].marks.filter { linked.contains($0.network!) }
        guard !list.isEmpty else { return nil }
        var points = list.compactMap { $0.seq > t ? $0.seq : nil }
        points += endings.compactMap { $0.seq > t ? $0.seq : nil }
        points.sort()
        for line in points where CommitmentFold.firstProblem(member: member, marks: list, endings: endings,
                                                             through: line) != nil {
            return line
        }
        return nil
    }

    /// The first line that names member `m` (after its registration, by the rules).
    private func firstReference(to m: MemberID) -> Int? {
        let record = memberRecords[m]
        let fromMarks = record.marks.map(\.seq).min()
        let others = record.references.first
        return [fromMarks, others].compactMap { $0 }.min()
    }

    /// The first line that names network `n`: a mark, an ending, a merger into it, a rename,
    /// a policy or a closure's successor.
    private func firstReference(to n: NetworkID) -> Int? {
        var first = networkReferences[n]?.first ?? Int.max
        for end in endingsByNetwork[n] ?? [] { first = min(first, end.seq) }
        for merger in mergersInto[n] ?? [] { first = min(first, merger.seq) }
        for member in members(in: n) {
            for mark in memberRecords[member].marks where mark.network == n { first = min(first, mark.seq) }
        }
        return first == Int.max ? nil : first
    }

    /// The first start in network `n` whose latest day is before `day`.
    private func firstStart(in n: NetworkID, endingBefore day: Day) -> Int? {
        var first: Int?
        for member in members(in: n) {
            for mark in memberRecords[member].marks where mark.network == n && mark.type.isStart && mark.latest < day {
                first = min(first ?? mark.seq, mark.seq)
            }
        }
        return first
    }
}
