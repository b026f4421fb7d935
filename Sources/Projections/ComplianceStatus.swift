import Ledger

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

extension Replay {
    /// The commitment judged as of `asOf`.
    ///
    /// An ended commitment is judged (policy in force, rules, overdue) as of the earliest day
    /// of the event that ended it; `certain` is always judged at `asOf`. Precedence:
    /// `ended` > `suspended` > `compliant` by recognition > `no-obligations` > `compliant` by
    /// rules > `overdue` > `on-track`.
    /// - Complexity: O(p + r) for the p policies of its networks and the r items of the policy.
    func judged(_ c: Commitment, asOf: Day) -> StatusRow {
        let start = facts[Int(c.start)]
        let day = c.ending.map { facts[Int($0.event)].earliestDay } ?? asOf
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
                if let milestone = c.milestone(rule.handle) {
                    let met = facts[Int(milestone.first)]
                    meetingCertain = meetingCertain && met.latestDay <= asOf
                    items.append(RuleRow(milestone: rule.milestone, due: due, met: true, metOn: string(met.date),
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

        func happened(_ index: Int32) -> Bool { facts[Int(index)].latestDay <= asOf }
        let certainStart = happened(c.start) && c.mergers.allSatisfy(happened)
        var row = StatusRow(member: MemberID(string(c.member)), network: NetworkID(string(c.network)),
                            via: c.via?.rawValue ?? "merger", since: string(start.date), status: .onTrack,
                            reason: nil, basis: nil, badge: nil, certain: certainStart, rules: items)
        if let ending = c.ending {
            row.status = .ended
            row.reason = ending.reason.rawValue
            row.certain = certainStart && happened(ending.event)
        } else if c.suspension >= 0 {
            row.status = .suspended
            row.certain = certainStart && happened(c.suspension)
        } else if c.recognition >= 0 {
            row.status = .compliant
            row.basis = "recognition"
            row.badge = string(facts[Int(c.recognition)].detail)
            row.certain = certainStart && happened(c.recognition)
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

    /// The commitments sorted in row order: member, network, the start's earliest day, the
    /// §4 order of the start, then creation order.
    func sorted(_ commitments: [Commitment]) -> [Commitment] {
        // Slugs compare as strings; each distinct one is ranked once. Positions are sorted,
        // not commitments (large values).
        var handles = Set<Int32>()
        for c in commitments { handles.insert(c.member); handles.insert(c.network) }
        var rank: [Int32: Int32] = [:]
        // Each slug is made a String once, not at every comparison.
        let named = handles.map { (handle: $0, name: string($0)) }.sorted { $0.name < $1.name }
        rank.reserveCapacity(named.count)
        for (k, entry) in named.enumerated() { rank[entry.handle] = Int32(k) }
        struct Key: Comparable {
            var member: Int32, network: Int32, start: UInt64, seq: Int32, serial: Int32
            static func < (a: Key, b: Key) -> Bool {
                (a.member, a.network, a.start, a.seq, a.serial) < (b.member, b.network, b.start, b.seq, b.serial)
            }
        }
        var keys: [(key: Key, index: Int)] = []
        keys.reserveCapacity(commitments.count)
        for (index, c) in commitments.enumerated() {
            let start = facts[Int(c.start)]
            keys.append((Key(member: rank[c.member]!, network: rank[c.network]!, start: Replay.orderKey(start),
                             seq: start.seq, serial: c.serial), index))
        }
        keys.sort { $0.key < $1.key }
        return keys.map { commitments[$0.index] }
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
        sorted(selected(book(asOf: asOf), member: member, network: network)).lazy.map { judged($0, asOf: asOf) }
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
