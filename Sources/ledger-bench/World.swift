import Foundation

/// The reference data of a synthetic ledger: its networks, their policies, renames and
/// endings. Members and their events are planned against it (`MemberPlan`).
///
/// Safe by construction (SPEC §3): networks are registered before anything names them;
/// every policy and rename of a network is dated before its ending; about one network in
/// ten ends (merger or closure) in 2023–2024, always into a network that never ends, and
/// members only act in a network before its ending (after a merger their commitment goes
/// on in the `into` network).
struct World {
    struct Network {
        let slug: String
        let name: String
        let kind: String
        let founded: WrittenDate?
        /// The first day a start may be on: the founding date's latest day (SPEC §3
        /// compares a start's latest day with it; starting on or after the founding's latest
        /// day is safe whatever the start's precision).
        let firstStartDay: Int
        let scope: String?
        let managedBy: String?
        let url: String?
        let description: String?
        /// The milestones its policies ask for, in order (what members work towards).
        var milestones: [String]
        var badge: String?
        /// How many members it attracts, relative to the others.
        let weight: Double
        var ending: Ending?
        var renames: [(date: WrittenDate, name: String)] = []
        var policies: [Policy] = []
    }

    struct Ending {
        /// The ending's day (always a day-precision date).
        let day: Int
        /// Merger: the network it merges into. Closure: nil.
        let into: Int?
        /// Closure: the successor, if any.
        let successor: Int?
        var isMerger: Bool { into != nil }
    }

    struct Policy {
        let date: WrittenDate
        /// nil (a vintage, `applies` omitted), "new" (a vintage, said) or "all" (a standard).
        let applies: String?
        let title: String
        /// `{"milestone", "within" | "by"}` items, canonical JSON.
        let rules: [[UInt8]]
        let every: [[UInt8]]
        let badge: String?
    }

    var networks: [Network] = []
    /// Indices of networks that end, sorted by ending day.
    var endingOrder: [Int] = []
    /// Every ending day (members never date an event on one: no same-day ties with a merger).
    var endingDays: Set<Int> = []
    /// Networks that never end: where carried commitments, `into`, successors and the append
    /// inputs go.
    var lasting: [Int] = []
    /// Cumulative popularity, for picking a network for a new start.
    private var cumulative: [Double] = []

    static let firstDay = CivilDay.ordinal(1990, 1, 1)
    static let lastDay = CivilDay.ordinal(2025, 12, 31)

    /// Networks for a ledger of `events` lines: N/3300, at least 20.
    init(events: Int, rng: inout SplitMix64) {
        let count = max(20, events / 3300)
        let names = Vocabulary.networkNames
        for j in 0..<count {
            let base = names[j % names.count]
            let round = j / names.count
            let slug = round == 0 ? base.slug : "\(base.slug)-\(round + 1)"
            let name = round == 0 ? base.name : "\(base.name) — chapter \(round + 1)"
            let kind = j < 4 ? Vocabulary.networkKinds[j] : rng.pick(Vocabulary.networkKinds)
            var founded: WrittenDate?
            if rng.chance(0.8) {
                let day = rng.chance(0.88)
                    ? rng.int(CivilDay.ordinal(1985, 1, 1)...CivilDay.ordinal(2012, 12, 31))
                    : rng.int(CivilDay.ordinal(2013, 1, 1)...CivilDay.ordinal(2019, 12, 31))
                switch rng.int(0...2) {
                case 0: founded = WrittenDate(text: CivilDay.yearText(day), earliest: CivilDay.firstOfYear(day),
                                             latest: CivilDay.lastOfYear(day))
                case 1: founded = WrittenDate(text: CivilDay.monthText(day), earliest: CivilDay.firstOfMonth(day),
                                             latest: CivilDay.lastOfMonth(day))
                default: founded = .day(day)
                }
            }
            var milestones: [String] = []
            let pool = Vocabulary.milestones.filter { $0 != "report" }
            var start = rng.index(3)
            for _ in 0..<rng.int(2...4) {
                milestones.append(pool[start % pool.count])
                start += 1 + rng.index(2)
            }
            networks.append(Network(
                slug: slug, name: name, kind: kind, founded: founded,
                firstStartDay: max(founded?.latest ?? World.firstDay, World.firstDay),
                scope: base.scope, managedBy: base.managedBy, url: base.url,
                description: rng.chance(0.3) ? "Synthetic network \(j + 1) of \(count): « \(name) »." : nil,
                milestones: milestones, badge: rng.chance(0.5) ? rng.pick(Vocabulary.badges) : nil,
                weight: 1 / pow(Double(j % 97 + 1), 0.8), ending: nil))
        }
        chooseEndings(&rng)
        for j in networks.indices {
            addPolicies(j, &rng)
            addRenames(j, &rng)
        }
        var total = 0.0
        for network in networks {
            total += network.weight
            cumulative.append(total)
        }
    }

    /// About one network in ten ends in 2023–2024: a merger into a lasting network, or a
    /// closure with or without successor. Three are forced so every kind is there.
    private mutating func chooseEndings(_ rng: inout SplitMix64) {
        let count = networks.count
        var ends: [Int: Int] = [:]    // network → 0 merger, 1 closure with successor, 2 closure
        ends[count - 1] = 0
        ends[count - 2] = 1
        ends[count - 3] = 2
        for j in 5..<(count - 3) where rng.chance(0.08) {
            ends[j] = rng.chance(0.55) ? 0 : (rng.chance(0.5) ? 1 : 2)
        }
        lasting = (0..<count).filter { ends[$0] == nil }
        for (j, how) in ends.sorted(by: { $0.key < $1.key }) {
            let day = rng.int(CivilDay.ordinal(2023, 1, 1)...CivilDay.ordinal(2024, 12, 31))
            switch how {
            case 0: networks[j].ending = Ending(day: day, into: rng.pick(lasting), successor: nil)
            case 1: networks[j].ending = Ending(day: day, into: nil, successor: rng.pick(lasting))
            default: networks[j].ending = Ending(day: day, into: nil, successor: nil)
            }
            endingDays.insert(day)
        }
        endingOrder = ends.keys.sorted { (networks[$0].ending!.day, $0) < (networks[$1].ending!.day, $1) }
    }

    /// Vintages (`applies` omitted or "new") and standards ("all"), with `within` and `by`
    /// rules, `every` items and badges. About 0.97 policies per network.
    private mutating func addPolicies(_ j: Int, _ rng: inout SplitMix64) {
        let network = networks[j]
        let base = max(network.founded?.earliest ?? CivilDay.ordinal(1995, 1, 1), World.firstDay)
        func rules(_ names: [String], strict: Bool) -> [[UInt8]] {
            var items: [[UInt8]] = []
            var months = strict ? 12 : 12 * rng.int(1...2)
            for name in names {
                if rng.chance(0.15) {
                    // An absolute deadline; later starts may begin after it (SPEC §5: then it does not bind).
                    let year = rng.int(2012...2024)
                    let by = rng.chance(0.5) ? String(year) : (rng.chance(0.5) ? "\(year)-12-31" : "\(year)-06")
                    items.append(CanonicalLine.object([("milestone", .string(name)), ("by", .string(by))]))
                } else {
                    items.append(CanonicalLine.object([("milestone", .string(name)), ("within", .integer(months))]))
                    months += 12 * rng.int(0...1)
                }
            }
            return items
        }
        func every(after: String) -> [[UInt8]] {
            [CanonicalLine.object([("milestone", .string("report")), ("months", .integer(rng.pick([12, 24, 24, 36]))),
                                   ("after", .string(after))])]
        }
        func date(_ day: Int) -> WrittenDate {
            switch rng.int(0...9) {
            case 0...1: return WrittenDate(text: CivilDay.yearText(day), earliest: CivilDay.firstOfYear(day),
                                           latest: CivilDay.lastOfYear(day))
            case 2...3: return WrittenDate(text: CivilDay.monthText(day), earliest: CivilDay.firstOfMonth(day),
                                           latest: CivilDay.lastOfMonth(day))
            default: return .day(day)
            }
        }
        let names = network.milestones
        var policies: [Policy] = []
        if rng.chance(0.65) {
            let day = base + rng.int(0...400)
            policies.append(Policy(date: date(day), applies: rng.chance(0.2) ? "new" : nil,
                                   title: rng.pick(Vocabulary.policyTitles),
                                   rules: rules(Array(names.prefix(3)), strict: false),
                                   every: rng.chance(0.4) ? every(after: names.last!) : [],
                                   badge: network.badge))
        }
        if rng.chance(0.17) {
            let day = max(base + 800, rng.int(CivilDay.ordinal(2010, 1, 1)...CivilDay.ordinal(2018, 12, 31)))
            policies.append(Policy(date: date(min(day, CivilDay.ordinal(2021, 12, 31))),
                                   applies: rng.chance(0.5) ? "new" : nil,
                                   title: rng.pick(Vocabulary.policyTitles), rules: rules(names, strict: true),
                                   every: rng.chance(0.5) ? every(after: names.last!) : [],
                                   badge: rng.chance(0.6) ? rng.pick(Vocabulary.badges) : nil))
        }
        if rng.chance(0.15) {
            let day = max(base + 400, rng.int(CivilDay.ordinal(2015, 1, 1)...CivilDay.ordinal(2021, 12, 31)))
            policies.append(Policy(date: date(min(day, CivilDay.ordinal(2021, 12, 31))), applies: "all",
                                   title: "Deadline \(CivilDay.civil(day).year + 3)",
                                   rules: rng.chance(0.2) ? [] : rules(Array(names.prefix(2)), strict: true),
                                   every: rng.chance(0.5) ? every(after: names[0]) : [],
                                   badge: rng.chance(0.5) ? "compliant" : nil))
        }
        networks[j].policies = policies
    }

    private mutating func addRenames(_ j: Int, _ rng: inout SplitMix64) {
        guard j == 5 || rng.chance(0.08) else { return }
        let from = max(networks[j].founded?.latest ?? World.firstDay, CivilDay.ordinal(2000, 1, 1)) + 365
        let day = rng.int(from...max(from, CivilDay.ordinal(2022, 6, 30)))
        let year = CivilDay.civil(day).year
        networks[j].renames.append((WrittenDate.pick(day: day, after: day - 1, rng: &rng),
                                    "\(networks[j].name) (\(year) charter)"))
    }

    /// A network for a new start on `day`, by popularity: founded by then and not ending
    /// within a month. Nil after a few misses.
    func pickForStart(day: Int, excluding open: [Int: MemberState], rng: inout SplitMix64) -> Int? {
        for _ in 0..<12 {
            let x = Double(rng.next() >> 11) * 0x1.0p-53 * cumulative[cumulative.count - 1]
            var low = 0, high = cumulative.count - 1
            while low < high {
                let mid = (low + high) / 2
                if cumulative[mid] < x { low = mid + 1 } else { high = mid }
            }
            let n = networks[low]
            if open[low] != nil || n.firstStartDay > day { continue }
            if let end = n.ending, day + 30 >= end.day { continue }
            return low
        }
        return nil
    }
}

/// A member's open commitment in one network, as the plan tracks it.
struct MemberState {
    var suspended: Bool
    /// How many of the network's milestones this commitment has reached.
    var reached: Int
    /// The network whose milestone list it follows (its start's network; kept across a merger).
    var origin: Int
}
