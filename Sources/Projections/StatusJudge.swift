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
        let place = policies.inForce(origin: c.origin, current: c.network, startLatest: startLatest, on: day)

        var items: [RuleRow] = []
        var everyRuleMet = true, anyOverdue = false, meetingCertain = true
        var badge: String?
        // The policy is read without counting a reference to it (`policies` holds it): rows
        // are judged on every core at once, and one count shared by both costs more than
        // the judging.
        if let place {
            policies.unretained(place)._withUnsafeGuaranteedRef { policy in
                items.reserveCapacity(policy.rules.count + policy.every.count)
                // By index: iterating would count a reference to the policy's arrays, which rows
                // on both cores share.
                for k in policy.rules.indices {
                    let rule = policy.rules[k]
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
                for k in policy.every.indices {
                    let obligation = policy.every[k]
                    guard let after = c.milestone(obligation.after)?.latestDay else { continue }
                    let last = max(after, c.milestone(obligation.handle)?.latestDay ?? after)
                    let due = Day(ordinal: last).addingMonths(obligation.months)
                    let overdue = day > due
                    anyOverdue = anyOverdue || overdue
                    items.append(RuleRow(milestone: obligation.milestone, due: due, met: false, metOn: nil,
                                         late: false, overdue: overdue, recurring: true))
                }
                badge = policy.badge
            }
        }

        func happened(_ days: EventDays) -> Bool { days.latestDay <= asOf }
        let certainStart = Day(ordinal: c.settles) <= asOf
        var status = CommitmentStatus.noObligations, reason: String?, basis: String?, certain = certainStart
        if let ending {
            status = .ended
            reason = ending.reason.rawValue
            certain = certainStart && happened(ending.days)
            badge = nil
        } else if let suspension = c.suspension {
            status = .suspended
            certain = certainStart && happened(suspension)
            badge = nil
        } else if let recognition = c.recognition {
            status = .compliant
            basis = "recognition"
            badge = names.string(recognition.badge)
            certain = certainStart && happened(recognition.days)
        } else if place != nil, everyRuleMet && !anyOverdue {
            status = .compliant
            basis = "rules"
            certain = certainStart && meetingCertain
        } else {
            if place != nil { status = anyOverdue ? .overdue : .onTrack }
            badge = nil
        }
        // Made once, whole: a row changed after it is made is copied.
        return StatusRow(member: MemberID(names.string(c.member)), network: NetworkID(names.string(c.network)),
                         via: c.via?.rawValue ?? "merger", since: names.string(start.date), status: status,
                         reason: reason, basis: basis, badge: badge, certain: certain, rules: items)
    }
}
