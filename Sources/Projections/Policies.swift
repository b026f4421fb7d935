import Ledger

/// A `policy` event, parsed once: what it demands of the commitments it binds (SPEC §3.1).
struct Policy: Sendable {
    /// When a rule is due.
    enum Deadline: Sendable {
        /// That many calendar months after the start (or after a later standard).
        case within(Int)
        /// An absolute deadline: the latest day of the date.
        case by(EDTFDate)
    }

    /// One item of `rules`.
    struct Rule: Sendable {
        var milestone: String
        var deadline: Deadline
    }

    /// One item of `every`: a recurring obligation.
    struct Recurring: Sendable {
        var milestone: String
        var months: Int
        var after: String
    }

    var network: NetworkID
    /// Its place in the §4 order (its date's earliest and latest days, its seq).
    var order: EventOrder
    /// `applies: "all"` (a standard) rather than `"new"` (a vintage).
    var isStandard: Bool
    var rules: [Rule]
    var every: [Recurring]
    var badge: String?

    var earliest: Day { order.earliest }
    var latest: Day { order.latest }

    /// The policy of a `policy` event; nil for any other event, or one without a date.
    init?(_ event: Event) {
        guard event.type == .policy, let network = event.network, let order = EventOrder(event) else { return nil }
        self.network = network
        self.order = order
        self.isStandard = event.string("applies") == "all"
        self.badge = event.string("badge")
        var rules: [Rule] = []
        if case .array(let items)? = event.value("rules") {
            for item in items {
                guard let milestone = item["milestone"]?.stringValue else { continue }
                if let months = item["within"]?.int64Value {
                    rules.append(Rule(milestone: milestone, deadline: .within(Int(months))))
                } else if let text = item["by"]?.stringValue, let date = try? EDTFDate.parse(text) {
                    rules.append(Rule(milestone: milestone, deadline: .by(date)))
                }
            }
        }
        self.rules = rules
        var every: [Recurring] = []
        if case .array(let items)? = event.value("every") {
            for item in items {
                guard let milestone = item["milestone"]?.stringValue, let months = item["months"]?.int64Value,
                      let after = item["after"]?.stringValue else { continue }
                every.append(Recurring(milestone: milestone, months: Int(months), after: after))
            }
        }
        self.every = every
    }

    /// The due date of `rule` for a commitment whose start's latest day is `startLatest`:
    /// `within k` counts k calendar months (clamped to the month's end) from the start's
    /// latest day — or, under a standard whose latest day is later, from the standard's
    /// latest day; `by D` is D's latest day.
    func due(_ rule: Rule, startLatest: Day) -> Day {
        switch rule.deadline {
        case .by(let date):
            return date.latest
        case .within(let months):
            let base = isStandard ? max(startLatest, latest) : startLatest
            return base.addingMonths(months)
        }
    }
}

/// The policies of every network, and which one is in force for a commitment (SPEC §5).
struct PolicyBook: Sendable {
    /// Each network's policies, in §4 order.
    private var byNetwork: [NetworkID: [Policy]] = [:]

    /// - Parameter events: the effective events, in any order.
    init(_ events: [Event]) {
        for event in events {
            guard let policy = Policy(event) else { continue }
            byNetwork[policy.network, default: []].append(policy)
        }
        for key in byNetwork.keys { byNetwork[key]!.sort { $0.order < $1.order } }
    }

    /// The policy in force on `day` for a commitment that started (its start event) in
    /// `origin` with latest day `startLatest`, and is now in `current`.
    ///
    /// Applicable: the vintages of `origin` whose earliest day is not after the start's
    /// latest day, and the standards of `origin` and `current` whose earliest day is not
    /// after `day`. In force: the applicable one with the greatest earliest day (ties: the
    /// later seq). Nothing whose earliest day is after `day` has happened yet, so a vintage
    /// dated after `day` is left out too.
    /// - Complexity: O(p) in the policies of the two networks.
    func inForce(origin: NetworkID, current: NetworkID, startLatest: Day, on day: Day) -> Policy? {
        var best: Policy?
        func consider(_ policy: Policy) {
            if best == nil || (policy.earliest, policy.order.seq) > (best!.earliest, best!.order.seq) { best = policy }
        }
        for policy in byNetwork[origin] ?? [] where policy.earliest <= day {
            if policy.isStandard || policy.earliest <= startLatest { consider(policy) }
        }
        if current != origin {
            for policy in byNetwork[current] ?? [] where policy.isStandard && policy.earliest <= day {
                consider(policy)
            }
        }
        return best
    }
}
