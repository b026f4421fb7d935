import Ledger

/// Judges one commitment as of a day (SPEC §5): the rules of the policy in force, met, late
/// or overdue, and the status they give. Shared by the replay and by a snapshot's folded
/// status, which hold commitments differently (`JudgedCommitment`).
enum StatusJudge {
    /// The commitment judged as of `asOf`.
    ///
    /// An ended commitment is judged (policy in force, rules, overdue) as of the earliest day
    /// of the event that ended it; `certain` is always judged at `asOf`. Precedence:
    /// `ended` > `suspended` > `compliant` by recognition > `no-obligations` > `compliant` by
    /// rules > `overdue` > `on-track`.
    /// - Complexity: O(p + r) for the p policies of its networks and the r items of the policy.
    static func judge<C: JudgedCommitment>(_ c: inout C, asOf: Day, policies: PolicyBook) -> JudgedRow {
        var row = JudgedRow.blank
        judge(&c, asOf: asOf, policies: policies, into: &row)
        return row
    }

    /// `judge(_:asOf:policies:)` written into `row`, every field of it set (its rules' room
    /// kept): a writer judges row after row into one. (`c` is inout only so that it is read
    /// where it lies, not copied: it is not changed.)
    static func judge<C: JudgedCommitment>(_ c: inout C, asOf: Day, policies: PolicyBook, into row: inout JudgedRow) {
        let start = c.start
        let ending = c.ending
        let day = ending.map { $0.days.earliestDay } ?? asOf
        let startLatest = start.latestDay
        let place = policies.inForce(origin: c.origin, current: c.network, startLatest: startLatest, on: day)

        row.rules.removeAll()
        var everyRuleMet = true, anyOverdue = false, meetingCertain = true
        var badge = JudgedRow.Badge.none
        // The policy is read without counting a reference to it (`policies` holds it): rows
        // are judged on every core at once, and one count shared by both costs more than
        // the judging.
        if let place {
            let base = policies.textBase(place)
            policies.unretained(place)._withUnsafeGuaranteedRef { policy in
                // The year, month and day `within` terms count from, worked out at the first.
                var from: (year: Int, month: Int, day: Int)?
                // By index: iterating would count a reference to the policy's array, which
                // rows on both cores share; its terms hold no string.
                for k in policy.terms.indices {
                    let term = policy.terms[k]
                    let text = base + Int32(k)
                    switch term.kind {
                    case .within, .by:
                        // `within k`: k calendar months from the policy's base (SPEC §5);
                        // `by D`: D's latest day.
                        let due: Day, packed: UInt32
                        if term.kind == .within {
                            if from == nil { from = policy.base(startLatest: startLatest).civil }
                            let (day, civil) = Day.adding(months: Int(term.months), to: from!)
                            (due, packed) = (day, Day.packed(civil))
                        } else {
                            (due, packed) = (term.by, term.byPacked)
                        }
                        // A fixed deadline before the start does not bind it (SPEC §5): a city
                        // that joins in 2030 is not overdue on a 2020 deadline.
                        if term.kind == .by && due < start.earliestDay { continue }
                        if let met = c.milestone(term.handle)?.first {
                            meetingCertain = meetingCertain && met.latestDay <= asOf
                            row.rules.append(JudgedRow.Rule(milestone: text, due: due, duePacked: packed, metOn: met.date, met: true,
                                                            late: met.earliestDay > due, overdue: false, recurring: false))
                        } else {
                            everyRuleMet = false
                            let overdue = day > due
                            anyOverdue = anyOverdue || overdue
                            row.rules.append(JudgedRow.Rule(milestone: text, due: due, duePacked: packed, metOn: Interner.none,
                                                            met: false, late: false, overdue: overdue, recurring: false))
                        }
                    case .every:
                        guard let after = c.milestone(term.after)?.latestDay else { continue }
                        let last = max(after, c.milestone(term.handle)?.latestDay ?? after)
                        let (due, civil) = Day.adding(months: Int(term.months), to: Day(ordinal: last).civil)
                        let overdue = day > due
                        anyOverdue = anyOverdue || overdue
                        row.rules.append(JudgedRow.Rule(milestone: text, due: due, duePacked: Day.packed(civil), metOn: Interner.none,
                                                        met: false, late: false, overdue: overdue, recurring: true))
                    }
                }
                if policy.badge != nil { badge = .text(base + Int32(policy.terms.count)) }
            }
        }

        func happened(_ days: EventDays) -> Bool { days.latestDay <= asOf }
        let certainStart = Day(ordinal: c.settles) <= asOf
        var status = CommitmentStatus.noObligations, reason: String?, basis: JudgedRow.Basis?, certain = certainStart
        if let ending {
            status = .ended
            reason = ending.reason.rawValue
            certain = certainStart && happened(ending.days)
            badge = .none
        } else if let suspension = c.suspension {
            status = .suspended
            certain = certainStart && happened(suspension)
            badge = .none
        } else if let recognition = c.recognition {
            status = .compliant
            basis = .recognition
            badge = .name(recognition.badge)
            certain = certainStart && happened(recognition.days)
        } else if place != nil, everyRuleMet && !anyOverdue {
            status = .compliant
            basis = .rules
            certain = certainStart && meetingCertain
        } else {
            if place != nil { status = anyOverdue ? .overdue : .onTrack }
            badge = .none
        }
        row.member = c.member
        row.network = c.network
        row.via = c.via
        row.since = start.date
        row.status = status
        row.reason = reason
        row.basis = basis
        row.badge = badge
        row.certain = certain
    }

    /// The commitment judged as of `asOf` (`judge`), its strings read from `names`.
    static func row<C: JudgedCommitment, Names: NameLookup>(_ c: inout C, asOf: Day, policies: PolicyBook, names: Names) -> StatusRow {
        StatusRow(judge(&c, asOf: asOf, policies: policies), texts: policies.texts, names: names)
    }
}

extension StatusRow {
    /// The row of a judged commitment, its strings looked up.
    init(_ row: JudgedRow, texts: [String], names: some NameLookup) {
        let badge: String?
        switch row.badge {
        case .none: badge = nil
        case .name(let handle): badge = names.string(handle)
        case .text(let index): badge = texts[Int(index)]
        }
        self.init(member: MemberID(names.string(row.member)), network: NetworkID(names.string(row.network)), via: row.viaText,
                  since: names.string(row.since), status: row.status, reason: row.reason, basis: row.basis?.rawValue,
                  badge: badge, certain: row.certain,
                  rules: row.rules.map { rule in
                      RuleRow(milestone: texts[Int(rule.milestone)], due: rule.due, met: rule.met,
                              metOn: rule.metOn == Interner.none ? nil : names.string(rule.metOn), late: rule.late,
                              overdue: rule.overdue, recurring: rule.recurring)
                  })
    }
}
