import Ledger

/// A `policy` event, ready for judging: its deadlines, and milestone names as handles.
///
/// A class: every status row reads the policy in force, on every core; one object, read
/// without counting a reference to it (`PolicyBook.unretained`), is cheaper to hand out than
/// a value holding three arrays.
final class Policy: Sendable {
    /// One item of `rules`.
    struct Rule: Sendable {
        var milestone: String
        /// The milestone's handle, or `Interner.none` when no event names it.
        var handle: Int32
        var deadline: PolicyDefinition.Deadline
    }

    /// One item of `every`: a recurring obligation.
    struct Recurring: Sendable {
        var milestone: String
        var handle: Int32
        var months: Int
        var after: Int32
    }

    /// What judging reads of each rule, then each recurring item, held without their
    /// strings: copying a `Rule` per row would count a reference to its milestone's text.
    struct Term: Sendable {
        enum Kind: UInt8, Sendable { case within, by, every }
        var kind: Kind
        /// The milestone's handle.
        var handle: Int32
        /// `every`: the handle of the milestone it follows.
        var after: Int32
        /// `within` and `every`: the months.
        var months: Int32
        /// `by`: the deadline's latest day.
        var by: Day
        /// `by`: that day's year, month and day (`Day.packed`), for writers.
        var byPacked: UInt32 = 0
    }

    /// Its place in the §4 order (its date's earliest and latest days, its seq).
    let order: EventOrder
    /// `applies: "all"` (a standard) rather than `"new"` (a vintage).
    let isStandard: Bool
    let rules: [Rule]
    let every: [Recurring]
    let badge: String?
    /// `rules`, then `every`, for judging.
    let terms: [Term]

    var earliest: Day { order.earliest }
    var latest: Day { order.latest }

    /// The policy of a `policy` event; nil for any other event.
    init?(_ event: Event, names: Interner) {
        guard case .policy(let p) = event.payload, let order = EventOrder(event) else { return nil }
        self.order = order
        isStandard = p.isStandard
        badge = p.badge
        rules = p.rules.map { Rule(milestone: $0.milestone, handle: names.find($0.milestone) ?? Interner.none, deadline: $0.deadline) }
        every = (p.every ?? []).map {
            Recurring(milestone: $0.milestone, handle: names.find($0.milestone) ?? Interner.none, months: Int($0.months),
                      after: names.find($0.after) ?? Interner.none)
        }
        terms = Policy.terms(rules, every)
    }

    /// A policy from its parts (as a snapshot's folded status stores it).
    init(order: EventOrder, isStandard: Bool, rules: [Rule], every: [Recurring], badge: String?) {
        self.order = order
        self.isStandard = isStandard
        self.rules = rules
        self.every = every
        self.badge = badge
        terms = Policy.terms(rules, every)
    }

    private static func terms(_ rules: [Rule], _ every: [Recurring]) -> [Term] {
        rules.map { rule in
            switch rule.deadline {
            case .within(let months):
                Term(kind: .within, handle: rule.handle, after: Interner.none, months: Int32(clamping: months), by: Day(ordinal: 0))
            case .by(let date):
                Term(kind: .by, handle: rule.handle, after: Interner.none, months: 0, by: date.latest,
                     byPacked: Day.packed(date.latest.civil))
            }
        } + every.map { Term(kind: .every, handle: $0.handle, after: $0.after, months: Int32(clamping: $0.months), by: Day(ordinal: 0)) }
    }

    /// Its texts as rows write them: each rule's milestone, then each recurring item's, then
    /// its badge if it has one.
    var texts: [String] { rules.map(\.milestone) + every.map(\.milestone) + (badge.map { [$0] } ?? []) }

    /// The day a `within` term of this policy counts its months from, for a commitment
    /// whose start's latest day is `startLatest`: that day — or, under a standard whose
    /// latest day is later, the standard's latest day. (`within k` is due k calendar months
    /// later, clamped to the month's end; `by D` on D's latest day.)
    func base(startLatest: Day) -> Day {
        isStandard ? max(startLatest, latest) : startLatest
    }
}

/// The policies of every network, and which one is in force for a commitment (SPEC §5).
struct PolicyBook: Sendable {
    /// Every policy, network after network, each network's in §4 order: what rows choose
    /// from, by place, so that no array or policy is reference-counted per row from both
    /// cores at once.
    private let all: [Policy]
    /// What choosing reads of each policy in `all`, held flat.
    private let keys: [Key]
    /// Each network's places in `all`, by network handle.
    private let spans: HandleSpans
    /// The texts of every policy (`Policy.texts`), one after another.
    let texts: [String]
    /// Where the texts of the policy at each place begin in `texts`.
    private let bases: [Int32]

    private struct Key {
        var earliest: Day
        var seq: Int
        var isStandard: Bool
    }

    /// - Parameter events: the effective reference events (any others are skipped), in any order.
    init(_ events: some Sequence<Event>, names: Interner) {
        var byNetwork: [Int32: [Policy]] = [:]
        for event in events {
            guard let policy = Policy(event, names: names), let network = event.network,
                  let handle = names.find(network.rawValue) else { continue }
            byNetwork[handle, default: []].append(policy)
        }
        for key in byNetwork.keys { byNetwork[key]!.sort { $0.order < $1.order } }
        self.init(byNetwork: byNetwork)
    }

    /// Each network's policies (by network handle), each list in §4 order.
    init(byNetwork: [Int32: [Policy]]) {
        var all: [Policy] = [], spans: [(handle: Int32, span: Range<Int>)] = []
        for (network, list) in byNetwork {
            spans.append((network, all.count..<all.count + list.count))
            all += list
        }
        self.all = all
        self.spans = HandleSpans(spans)
        keys = all.map { Key(earliest: $0.earliest, seq: $0.order.seq, isStandard: $0.isStandard) }
        var texts: [String] = [], bases: [Int32] = []
        for policy in all {
            bases.append(Int32(texts.count))
            texts += policy.texts
        }
        self.texts = texts
        self.bases = bases
    }

    /// Where the texts of the policy at `place` begin in `texts`: its term k's milestone is
    /// at that index + k, its badge after its last term's.
    func textBase(_ place: Int) -> Int32 { bases[place] }

    /// Each network's policies, by network handle, in §4 order.
    var networks: [Int32: [Policy]] {
        Dictionary(uniqueKeysWithValues: spans.all.map { ($0.handle, Array(all[$0.span])) })
    }

    /// The policy at `place` (as `inForce` gives it), valid while this book lives.
    func unretained(_ place: Int) -> Unmanaged<Policy> { Unmanaged.passUnretained(all[place]) }

    /// The place of the policy in force on `day` for a commitment that started (its start
    /// event) in `origin` with latest day `startLatest`, and is now in `current`.
    ///
    /// Applicable: the vintages of `origin` whose earliest day is not after the start's
    /// latest day, and the standards of `origin` and `current` whose earliest day is not
    /// after `day`. In force: the applicable one with the greatest earliest day (ties: the
    /// later seq). Nothing whose earliest day is after `day` has happened yet, so a vintage
    /// dated after `day` is left out too.
    /// - Complexity: O(p) in the policies of the two networks.
    func inForce(origin: Int32, current: Int32, startLatest: Day, on day: Day) -> Int? {
        var best: Int?
        keys.withUnsafeBufferPointer { keys in
            func consider(_ place: Int) {
                if let b = best, (keys[place].earliest, keys[place].seq) <= (keys[b].earliest, keys[b].seq) { return }
                best = place
            }
            for place in spans.span(origin) where keys[place].earliest <= day {
                if keys[place].isStandard || keys[place].earliest <= startLatest { consider(place) }
            }
            if current != origin {
                for place in spans.span(current) where keys[place].isStandard && keys[place].earliest <= day {
                    consider(place)
                }
            }
        }
        return best
    }
}
