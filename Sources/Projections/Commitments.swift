import Ledger

/// One commitment of a member to a network: one row of the compliance status.
///
/// Opened by a start event, or by a merger carrying an open commitment into another
/// network (a new commitment that keeps the start event, milestones, recognition and
/// suspension, and so its vintage).
struct Commitment: Sendable {
    /// Why a commitment ended.
    enum Reason: String, Sendable {
        case withdrawn, closed, merged, renewed
    }

    /// The event that ended a commitment, and why.
    struct Ending: Sendable {
        var reason: Reason
        var event: Event
    }

    var member: MemberID
    /// The network it is in (for a carried commitment, the network it was carried into).
    var network: NetworkID
    /// How it began: the start's type, or `merger`.
    var via: String
    /// The start event (kept across mergers).
    var start: Event
    /// The network of the start event, whose vintages bind it for life.
    var origin: NetworkID
    /// The mergers that carried it here, oldest first (empty unless `via` is `merger`).
    var mergers: [Event]
    var milestones: Milestones
    /// The recognition in effect (the latest one), if any.
    var recognition: Event?
    /// The suspension in effect, if suspended.
    var suspension: Event?
    var ending: Ending?
    /// Every event that shaped it (start, carrying mergers, life events, ending), for the audit trail.
    var events: [EventID]
    /// Creation order in the fold: the last tie-break of the row order.
    var serial: Int

    /// The start's place in the §4 order.
    var startOrder: EventOrder { EventOrder(start)! }
    /// The start's date span.
    var startDate: EDTFDate { start.date! }
}

/// The milestones of a commitment, reduced to what the rules read.
struct Milestones: Sendable {
    /// The first milestone of each name, in §4 order.
    private(set) var first: [String: Event] = [:]
    /// The greatest latest day among the milestones of each name.
    private(set) var latestDay: [String: Day] = [:]

    /// Adds a milestone event (folded in §4 order).
    mutating func add(_ event: Event) {
        guard let name = event.milestone, let date = event.date else { return }
        if first[name] == nil { first[name] = event }
        if let day = latestDay[name], day >= date.latest { return }
        latestDay[name] = date.latest
    }
}

/// The commitments as of a day: the fold of SPEC §5 over the dated events in §4 order.
struct CommitmentBook: Sendable {
    /// Every commitment started by the day, ended ones included, in creation order.
    private(set) var commitments: [Commitment] = []
    /// The open commitment of each member in each network (an index into `commitments`).
    private(set) var open: [NetworkID: [MemberID: Int]] = [:]
    /// The first merger or closure of each network that has one.
    private(set) var networkEnding: [NetworkID: Event] = [:]
    /// Life events of a pair that has no open commitment yet when they are folded: on the
    /// day of a merger, a life event in `into` sorts before the merger (rank 1 or 2 < 3)
    /// although the commitment it belongs to arrives with the merger. Adopted by that merger.
    private var waiting: [Pair: [Event]] = [:]

    /// Folds `ordered` (dated effective events, in §4 order) up to and including every event
    /// whose earliest day is not after `day`.
    /// - Complexity: O(n) dictionary steps for the n events folded, plus O(k) per merger or
    ///   closure for the k commitments it moves or ends.
    init(_ ordered: [Event], through day: Day) {
        for event in ordered {
            guard let date = event.date, date.earliest <= day else { break }
            switch event.type {
            case .membership, .signature, .selection:
                begin(event)
            case .milestone, .recognition, .suspension, .reinstatement, .withdrawal:
                guard let pair = event.pair else { continue }
                if let index = open[pair.network]?[pair.member] {
                    apply(event, to: index)
                } else {
                    waiting[pair, default: []].append(event)
                }
            case .merger:
                merge(event)
            case .closure:
                close(event)
            default:
                continue
            }
        }
    }

    /// The commitments of one member, in creation order.
    func commitments(of member: MemberID) -> [Commitment] {
        commitments.filter { $0.member == member }
    }

    // MARK: - Folding

    /// A start: renews the pair's open commitment, if any, and opens a new one.
    private mutating func begin(_ event: Event) {
        guard let pair = event.pair else { return }
        if let index = open[pair.network]?[pair.member] { end(index, .renewed, by: event) }
        let commitment = Commitment(member: pair.member, network: pair.network, via: event.type.rawValue,
                                    start: event, origin: pair.network, mergers: [], milestones: Milestones(),
                                    recognition: nil, suspension: nil, ending: nil, events: [event.id],
                                    serial: commitments.count)
        open[pair.network, default: [:]][pair.member] = commitments.count
        commitments.append(commitment)
    }

    /// A life event on an open commitment.
    private mutating func apply(_ event: Event, to index: Int) {
        commitments[index].events.append(event.id)
        switch event.type {
        case .milestone: commitments[index].milestones.add(event)
        case .recognition: commitments[index].recognition = event
        case .suspension: commitments[index].suspension = event
        case .reinstatement: commitments[index].suspension = nil
        case .withdrawal: end(index, .withdrawn, by: event)
        default: break
        }
    }

    /// A merger: ends every open commitment of `network` (merged) and carries each into
    /// `into`, ending first (renewed) any commitment the member already has open there.
    private mutating func merge(_ event: Event) {
        guard let from = event.network, let into = event.into else { return }
        if networkEnding[from] == nil { networkEnding[from] = event }
        let moving = (open.removeValue(forKey: from) ?? [:]).sorted { $0.key < $1.key }
        for (member, index) in moving {
            end(index, .merged, by: event)
            if let existing = open[into]?[member] { end(existing, .renewed, by: event) }
            var carried = commitments[index]
            carried.network = into
            carried.via = "merger"
            carried.mergers.append(event)
            carried.ending = nil
            carried.serial = commitments.count
            open[into, default: [:]][member] = commitments.count
            commitments.append(carried)
            let pair = Pair(member, into)
            if let early = waiting.removeValue(forKey: pair) {
                let day = event.date!.earliest
                for life in early where life.date!.earliest == day {
                    guard let now = open[into]?[member] else { break }
                    apply(life, to: now)
                }
            }
        }
    }

    /// A closure: ends every open commitment of the network.
    private mutating func close(_ event: Event) {
        guard let network = event.network else { return }
        if networkEnding[network] == nil { networkEnding[network] = event }
        let closing = (open.removeValue(forKey: network) ?? [:]).sorted { $0.key < $1.key }
        for (_, index) in closing { end(index, .closed, by: event) }
    }

    /// Ends a commitment, recording the event that ended it.
    private mutating func end(_ index: Int, _ reason: Commitment.Reason, by event: Event) {
        commitments[index].ending = Commitment.Ending(reason: reason, event: event)
        commitments[index].events.append(event.id)
        let c = commitments[index]
        if open[c.network]?[c.member] == index { open[c.network]![c.member] = nil }
    }
}
