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
    static func row<C: JudgedCommitment, Names: NameLookup>(_ c: C, asOf: Day, policies: PolicyBook, names: Names) -> StatusRow {
        let start = c.start
        let ending = c.ending
        let day = ending.map { $0.days.earliestDay } ?? asOf
        let startLatest = start.latestDay
        let policy = policies.inForce(origin: c.origin, current: c.network, startLatest: startLatest, on: day)

        var items: [RuleRow] = []
        var everyRuleMet = true, anyOverdue = false, meetingCertain = true
        if let policy {
            items.reserveCapacity(policy.rules.count + policy.every.count)
            for rule in policy.rules {
                let due = policy.due(rule, startLatest: startLatest)
                // A fixed deadline before the start does not bind it (SPEC §5): a city that
                // joins in 2030 is not overdue on a 2020 deadline.
                if case .by = rule.deadline, due < start.earliestDay { continue }
                if let met = c.milestone(rule.handle)?.first {
                    meetingCertain = meetingCertain && met.latestDay <= asOf
                    items.append(RuleRow(milestone: rule.milestone, due: due, met: true, metOn: names.string(met.date),
                                         late: met.earliestDay > due, overdue: false, recurring: false))
                } else {
                    everyRuleMet = false
                    let overdue = day > due
                    anyOverdue = anyOverdue || overdue
                    items.append(RuleRow(milestone: rule.milestone, due: due, met: false, metOn: nil,
                                         late: false, overdue: overdue, recurring: false))
                }
            }
            for obligation in policy.every {
                guard let after = c.milestone(obligation.after)?.latestDay else { continue }
                let last = max(after, c.milestone(obligation.handle)?.latestDay ?? after)
                let due = Day(ordinal: last).addingMonths(obligation.months)
                let overdue = day > due
                anyOverdue = anyOverdue || overdue
                items.append(RuleRow(milestone: obligation.milestone, due: due, met: false, metOn: nil,
                                     late: false, overdue: overdue, recurring: true))
            }
        }

        func happened(_ days: EventDays) -> Bool { days.latestDay <= asOf }
        let certainStart = Day(ordinal: c.settles) <= asOf
        var row = StatusRow(member: MemberID(names.string(c.member)), network: NetworkID(names.string(c.network)),
                            via: c.via?.rawValue ?? "merger", since: names.string(start.date), status: .onTrack,
                            reason: nil, basis: nil, badge: nil, certain: certainStart, rules: items)
        if let ending {
            row.status = .ended
            row.reason = ending.reason.rawValue
            row.certain = certainStart && happened(ending.days)
        } else if let suspension = c.suspension {
            row.status = .suspended
            row.certain = certainStart && happened(suspension)
        } else if let recognition = c.recognition {
            row.status = .compliant
            row.basis = "recognition"
            row.badge = names.string(recognition.badge)
            row.certain = certainStart && happened(recognition.days)
        } else if let policy {
            if everyRuleMet && !anyOverdue {
                row.status = .compliant
                row.basis = "rules"
                row.badge = policy.badge
                row.certain = certainStart && meetingCertain
            } else {
                row.status = anyOverdue ? .overdue : .onTrack
            }
        } else {
            row.status = .noObligations
        }
        return row
    }
}
