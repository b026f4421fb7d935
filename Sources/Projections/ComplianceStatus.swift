import Ledger

/// The compliance of one commitment at a day (SPEC §5): its status and each rule.
struct Judgement: Sendable {
    /// One item of `rules`: a rule of the policy in force, or one of its recurring obligations.
    struct Item: Sendable {
        var milestone: String
        var due: Day
        var met: Bool
        var metOn: String?
        var late: Bool
        var overdue: Bool
        var recurring: Bool
    }

    var status: String
    var reason: String?
    var basis: String?
    var badge: String?
    var certain: Bool
    var items: [Item]
}

extension Commitment {
    /// The commitment judged as of `asOf`.
    ///
    /// An ended commitment is judged (policy in force, rules, overdue) as of the earliest day
    /// of the event that ended it; `certain` is always judged at `asOf`. Precedence:
    /// `ended` > `suspended` > `compliant` by recognition > `no-obligations` > `compliant` by
    /// rules > `overdue` > `on-track`.
    /// - Complexity: O(p + r) for the p policies of its networks and the r items of the policy.
    func judged(asOf: Day, policies: PolicyBook) -> Judgement {
        let day = ending.map { $0.event.date!.earliest } ?? asOf
        let startLatest = startDate.latest
        let policy = policies.inForce(origin: origin, current: network, startLatest: startLatest, on: day)

        var items: [Judgement.Item] = []
        var everyRuleMet = true, anyOverdue = false, meetingCertain = true
        if let policy {
            for rule in policy.rules {
                let due = policy.due(rule, startLatest: startLatest)
                if let milestone = milestones.first[rule.milestone], let date = milestone.date {
                    meetingCertain = meetingCertain && date.latest <= asOf
                    items.append(.init(milestone: rule.milestone, due: due, met: true, metOn: date.text,
                                       late: date.earliest > due, overdue: false, recurring: false))
                } else {
                    everyRuleMet = false
                    let overdue = day > due
                    anyOverdue = anyOverdue || overdue
                    items.append(.init(milestone: rule.milestone, due: due, met: false, metOn: nil,
                                       late: false, overdue: overdue, recurring: false))
                }
            }
            for obligation in policy.every {
                guard let after = milestones.latestDay[obligation.after] else { continue }
                let last = max(after, milestones.latestDay[obligation.milestone] ?? after)
                let due = last.addingMonths(obligation.months)
                let overdue = day > due
                anyOverdue = anyOverdue || overdue
                items.append(.init(milestone: obligation.milestone, due: due, met: false, metOn: nil,
                                   late: false, overdue: overdue, recurring: true))
            }
        }

        func happened(_ event: Event) -> Bool { event.date!.latest <= asOf }
        let certainStart = happened(start) && mergers.allSatisfy(happened)
        if let ending {
            return Judgement(status: "ended", reason: ending.reason.rawValue, basis: nil, badge: nil,
                             certain: certainStart && happened(ending.event), items: items)
        }
        if let suspension {
            return Judgement(status: "suspended", reason: nil, basis: nil, badge: nil,
                             certain: certainStart && happened(suspension), items: items)
        }
        if let recognition {
            return Judgement(status: "compliant", reason: nil, basis: "recognition",
                             badge: recognition.string("badge"),
                             certain: certainStart && happened(recognition), items: items)
        }
        guard let policy else {
            return Judgement(status: "no-obligations", reason: nil, basis: nil, badge: nil,
                             certain: certainStart, items: items)
        }
        if everyRuleMet && !anyOverdue {
            return Judgement(status: "compliant", reason: nil, basis: "rules", badge: policy.badge,
                             certain: certainStart && meetingCertain, items: items)
        }
        return Judgement(status: anyOverdue ? "overdue" : "on-track", reason: nil, basis: nil, badge: nil,
                         certain: certainStart, items: items)
    }

    /// The order of status rows: member, network, the start's earliest day, the §4 order of
    /// the start, then creation order.
    static func rowOrder(_ a: Commitment, _ b: Commitment) -> Bool {
        if a.member != b.member { return a.member < b.member }
        if a.network != b.network { return a.network < b.network }
        let x = a.startOrder, y = b.startOrder
        if x != y { return x < y }
        return a.serial < b.serial
    }
}

extension Replay {
    /// The compliance status as of `asOf`: one row per commitment started by then (ended
    /// ones included), optionally only those of one member and/or in one network, sorted by
    /// member, network, the start's earliest day, then the §4 order of the start.
    ///
    /// Each row has exactly the keys `member, network, via, since, status, reason, basis,
    /// badge, certain, rules` (SPEC §6); each rule `milestone, due, met, metOn, late,
    /// overdue, recurring`.
    /// - Complexity: O(n) to fold, then O(c log c) for the c commitments shown.
    public func status(asOf: Day, member: MemberID?, network: NetworkID?) -> [JSONValue] {
        let book = book(asOf: asOf)
        return statusRows(book.commitments.filter {
            (member == nil || $0.member == member) && (network == nil || $0.network == network)
        }, asOf: asOf)
    }

    /// The status rows as `status(asOf:member:network:)` gives them, each with the earliest
    /// day of the event that ended its commitment (nil while it is open): what a chart needs
    /// to draw each commitment's span, without re-deriving the fold.
    /// - Complexity: as `status`.
    public func spans(asOf: Day, member: MemberID?, network: NetworkID?) -> [CommitmentSpan] {
        book(asOf: asOf).commitments.filter {
            (member == nil || $0.member == member) && (network == nil || $0.network == network)
        }.sorted(by: Commitment.rowOrder).map {
            CommitmentSpan(row: statusRow($0, asOf: asOf), endedOn: $0.ending?.event.date?.earliest)
        }
    }

    /// The status rows of `commitments`, sorted.
    func statusRows(_ commitments: [Commitment], asOf: Day) -> [JSONValue] {
        commitments.sorted(by: Commitment.rowOrder).map { statusRow($0, asOf: asOf) }
    }

    /// One status row.
    func statusRow(_ c: Commitment, asOf: Day) -> JSONValue {
        let j = c.judged(asOf: asOf, policies: policies)
        return Row.object([
            "member": .string(c.member.rawValue),
            "network": .string(c.network.rawValue),
            "via": .string(c.via),
            "since": .string(c.startDate.text),
            "status": .string(j.status),
            "reason": Row.text(j.reason),
            "basis": Row.text(j.basis),
            "badge": Row.text(j.badge),
            "certain": .bool(j.certain),
            "rules": .array(j.items.map { item in
                Row.object([
                    "milestone": .string(item.milestone),
                    "due": Row.day(item.due),
                    "met": .bool(item.met),
                    "metOn": Row.text(item.metOn),
                    "late": .bool(item.late),
                    "overdue": .bool(item.overdue),
                    "recurring": .bool(item.recurring),
                ])
            }),
        ])
    }
}

/// One commitment for a chart: its `status` row (SPEC §6 keys) and the earliest day of the
/// event that ended it, nil while it is open.
public struct CommitmentSpan: Sendable {
    public let row: JSONValue
    public let endedOn: Day?
}
