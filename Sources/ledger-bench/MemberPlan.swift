/// One event the generator will write (or an input event for the append files).
struct PlannedEvent {
    var type: String
    var id: String
    /// The network index, for starts, life events and activities in a network.
    var network: Int?
    var date: WrittenDate?
    /// The day the plan put it on (its date's earliest day is not after it).
    var day = 0
    /// Its date's earliest day may be moved within (floor, upper), exclusive, and every rule
    /// still holds: floor is the member's previous event or a network ending it lived
    /// through, upper the next one. Used by date corrections.
    var floor = 0
    var upper = 0
    /// The type's own fields after `date`, in canonical order (`role`, `cohort`,
    /// `milestone`, `badge`, `title`; `name` for a rename).
    var fields: [(String, String)] = []
    var by: String?
    var source: String?
    var note: String?
}

/// One member's record, planned in date order before it is written: its registration,
/// then starts, life events and activities on strictly increasing days.
///
/// The plan keeps SPEC §3 by construction: a member's events have distinct days and
/// their earliest days keep that order whatever the precision chosen (`WrittenDate.pick`);
/// a life event goes to a commitment open at its date, suspensions and reinstatements
/// alternate, a start is on or after its network's founding, nothing is dated on or after
/// a network's ending in it, and when a network merges the member's open commitment goes
/// on in the `into` network after the merger's day.
struct MemberPlan {
    let index: Int
    let slug: String
    let place: Vocabulary.Place
    var population: Int?
    var events: [PlannedEvent] = []
    /// A network where the member's commitment is still open and not suspended at the end
    /// of the plan, in a network that never ends, and the day after the plan's last event:
    /// where a later milestone is safe (`append-1.jsonl`).
    var openAtEnd: (network: Int, day: Int)?

    static let renameForms = ["Ville de %", "City of %", "Ciudad de %", "Stadt %", "% (municipality)"]

    init(index: Int, world: World, limit: Int, perMember: Int = 10, rng: inout SplitMix64) {
        self.index = index
        place = rng.pick(Vocabulary.places)
        slug = "\(place.slug)-\(String(index, radix: 36))"
        switch place.kind {
        case "city": population = rng.chance(0.85) ? rng.int(5_000...2_000_000) * (rng.chance(0.1) ? 10 : 1) : nil
        case "region", "metropolis": population = rng.chance(0.8) ? rng.int(500_000...40_000_000) : nil
        default: population = nil
        }
        var registration = PlannedEvent(type: "member", id: rng.chance(0.3) ? "m-\(slug)" : rng.uuid())
        MemberPlan.decorate(&registration, year: 2020, rng: &rng)
        events.append(registration)
        plan(world: world, target: min(limit, rng.int((perMember / 2)...(perMember * 3 / 2))), rng: &rng)
    }

    private mutating func plan(world: World, target: Int, rng: inout SplitMix64) {
        var day = rng.int(CivilDay.ordinal(1995, 1, 1)...CivilDay.ordinal(2021, 6, 30))
        var floor = day - 1
        var open: [Int: MemberState] = [:]
        var nextEnding = 0
        var first = true
        var counter = 0
        while events.count < target {
            if !first {
                var next = day + rng.int(15...420)
                while world.endingDays.contains(next) { next += 1 }
                if next > World.lastDay { break }
                // Network endings lived through since the last event.
                while nextEnding < world.endingOrder.count {
                    let n = world.endingOrder[nextEnding]
                    let end = world.networks[n].ending!
                    guard end.day < next else { break }
                    nextEnding += 1
                    guard let state = open.removeValue(forKey: n) else { continue }
                    floor = max(floor, end.day)
                    // A merger carries the commitment on (renewing one already open there).
                    if let into = end.into { open[into] = state }
                }
                day = next
            }
            first = false
            counter += 1
            guard var event = nextEvent(world: world, day: day, open: &open, rng: &rng) else { continue }
            event.date = WrittenDate.pick(day: day, after: floor, rng: &rng)
            event.day = day
            event.floor = floor
            event.id = rng.chance(0.85) ? rng.uuid() : "\(slug)-\(event.type)-\(counter)"
            MemberPlan.decorate(&event, year: CivilDay.civil(day).year, rng: &rng)
            events.append(event)
            floor = day
        }
        // Upper bounds for date corrections: the next event's floor when an ending came
        // between, else the next event's earliest day; the last event may only move earlier.
        for i in 1..<events.count {
            if i + 1 < events.count {
                let next = events[i + 1]
                events[i].upper = next.floor > events[i].day ? next.floor : next.date!.earliest
            } else {
                events[i].upper = events[i].day + 1
            }
        }
        if let last = events.last, last.day > 0,
           let n = open.keys.sorted().first(where: { !open[$0]!.suspended && world.networks[$0].ending == nil }) {
            var after = last.day + 1
            while world.endingDays.contains(after) { after += 1 }
            openAtEnd = (n, after)
        }
    }

    /// What happens on `day`, given the member's open commitments (updated).
    private func nextEvent(world: World, day: Int, open: inout [Int: MemberState],
                           rng: inout SplitMix64) -> PlannedEvent? {
        let keys = open.keys.sorted()
        let roll = rng.int(0...99)
        if keys.isEmpty {
            if roll < 85 || events.count == 1 { return start(world: world, day: day, open: &open, rng: &rng) }
            return roll < 95 ? activity(nil, rng: &rng) : rename(rng: &rng)
        }
        if let suspended = keys.first(where: { open[$0]!.suspended }), rng.chance(0.5) {
            open[suspended]!.suspended = false
            return PlannedEvent(type: "reinstatement", id: "", network: suspended)
        }
        let n = rng.pick(keys)
        switch roll {
        case 0..<10 where keys.count < 4:
            if let event = start(world: world, day: day, open: &open, rng: &rng) { return event }
            return milestone(n, open: &open, world: world, rng: &rng)
        case 55..<60:
            let badge = world.networks[open[n]!.origin].badge ?? rng.pick(Vocabulary.badges)
            return PlannedEvent(type: "recognition", id: "", network: n, fields: [("badge", badge)])
        case 60..<64:
            if open[n]!.suspended {
                open[n]!.suspended = false
                return PlannedEvent(type: "reinstatement", id: "", network: n)
            }
            open[n]!.suspended = true
            return PlannedEvent(type: "suspension", id: "", network: n)
        case 64..<68:
            open[n] = nil
            return PlannedEvent(type: "withdrawal", id: "", network: n)
        case 68..<71 where !open[n]!.suspended && world.networks[n].firstStartDay <= day:
            // A renewal: a second start of an open pair; the new commitment starts afresh.
            open[n] = MemberState(suspended: false, reached: 0, origin: n)
            return startEvent(n, world: world, rng: &rng)
        case 71..<84:
            return activity(rng.chance(0.6) ? n : nil, rng: &rng)
        case 84:
            return rename(rng: &rng)
        default:
            return milestone(n, open: &open, world: world, rng: &rng)
        }
    }

    private func start(world: World, day: Int, open: inout [Int: MemberState], rng: inout SplitMix64) -> PlannedEvent? {
        guard let n = world.pickForStart(day: day, excluding: open, rng: &rng) else { return nil }
        open[n] = MemberState(suspended: false, reached: 0, origin: n)
        return startEvent(n, world: world, rng: &rng)
    }

    private func startEvent(_ n: Int, world: World, rng: inout SplitMix64) -> PlannedEvent {
        var type: String
        switch world.networks[n].kind {
        case "pact": type = "signature"
        case "programme": type = "selection"
        default: type = "membership"
        }
        if rng.chance(0.1) { type = rng.pick(["membership", "signature", "selection"]) }
        var fields: [(String, String)] = []
        if type == "membership", rng.chance(0.15) { fields.append(("role", rng.pick(Vocabulary.roles))) }
        if type == "selection", rng.chance(0.3) { fields.append(("cohort", rng.pick(Vocabulary.cohorts))) }
        return PlannedEvent(type: type, id: "", network: n, fields: fields)
    }

    private func milestone(_ n: Int, open: inout [Int: MemberState], world: World, rng: inout SplitMix64) -> PlannedEvent {
        let state = open[n]!
        let names = world.networks[state.origin].milestones
        var name = state.reached < names.count ? names[state.reached] : "report"
        if rng.chance(0.08) { name = rng.pick(Vocabulary.milestones) }
        open[n]!.reached += 1
        return PlannedEvent(type: "milestone", id: "", network: n, fields: [("milestone", name)])
    }

    private func activity(_ n: Int?, rng: inout SplitMix64) -> PlannedEvent {
        PlannedEvent(type: "activity", id: "", network: n, fields: [("title", rng.pick(Vocabulary.activityTitles))])
    }

    private func rename(rng: inout SplitMix64) -> PlannedEvent {
        let form = rng.pick(MemberPlan.renameForms)
        return PlannedEvent(type: "rename", id: "", fields: [("name", form.replacingPercent(with: place.name))])
    }

    /// `source` on most events, `note` and `by` on some.
    static func decorate(_ event: inout PlannedEvent, year: Int, rng: inout SplitMix64) {
        if rng.chance(0.8) {
            var source = rng.pick(Vocabulary.sources)
            source += source.hasSuffix("/") ? "\(year)/\(rng.int(100...9999))" : " \(year)"
            if rng.chance(0.2) { source += ", p. \(rng.int(1...240))" }
            event.source = source
        }
        if rng.chance(0.1) { event.note = rng.pick(Vocabulary.notes) }
        if rng.chance(0.15) { event.by = rng.pick(Vocabulary.recorders) }
    }
}

extension String {
    /// The form with `%` replaced by `value`.
    func replacingPercent(with value: String) -> String {
        split(separator: "%", omittingEmptySubsequences: false).joined(separator: value)
    }
}
