import TestSupport
@testable import Ledger

/// Seeded random candidate events for a ledger with many corrections and retractions: plain
/// events of every type (registrations arriving late, founded dates, mergers, closures) and
/// amendments aimed at what makes the record inconsistent — a start moved after its
/// milestones, a start retracted under its life events, a milestone given an unregistered
/// member or one registered after it, a merger moved, a network's `founded` changed, a
/// registration's slug changed or retracted while in use — beside harmless ones.
///
/// Each candidate is built from the record as it stands (`history`, what was admitted);
/// whether it is admitted is for the validators to say.
struct AmendmentLedger {
    var rng: SplitMix64
    /// Whether every candidate can be written to a log: then no correction sets `founded` or
    /// `into`, which the input format does not let a correction set (the validator checks
    /// them all the same).
    let storable: Bool
    /// Slugs registered from the start; the later ones are registered along the way.
    static let members = ["m0", "m1", "m2", "m3"], lateMembers = ["m4", "m5"]
    static let networks = ["n0", "n1", "n2", "n3", "n4"], lateNetworks = ["n5"]
    static let milestones = ["plan", "inventory", "report"]
    private var step = 0

    init(seed: UInt64, storable: Bool = false) {
        rng = SplitMix64(seed: seed)
        self.storable = storable
    }

    /// The genesis and the registrations every ledger starts with, as input lines.
    mutating func opening() -> [String] {
        var lines = [#"{"id":"genesis","type":"ledger","format":1,"name":"amendments"}"#]
        for m in AmendmentLedger.members {
            lines.append(#"{"id":"reg-\#(m)","type":"member","member":"\#(m)","name":"Member \#(m)","kind":"city"}"#)
        }
        for n in AmendmentLedger.networks {
            var line = #"{"id":"reg-\#(n)","type":"network","network":"\#(n)","name":"Network \#(n)","kind":"pact""#
            if Bool.random(using: &rng) { line += #","founded":"\#(1995 + Int.random(in: 0...12, using: &rng))""# }
            lines.append(line + "}")
        }
        return lines
    }

    /// The next candidate, given every event admitted so far (log order).
    mutating func next(after history: [Event]) -> Event {
        step += 1
        let id = "c\(step)"
        let record = Amendments.effective(history)
        let registered = Set(record.compactMap { $0.type == .member ? $0.member?.rawValue : nil })
        let networksNow = Set(record.compactMap { $0.type == .network ? $0.network?.rawValue : nil })
        let memberPool = AmendmentLedger.members + AmendmentLedger.lateMembers
        let networkPool = AmendmentLedger.networks + AmendmentLedger.lateNetworks
        let member = memberPool.randomElement(using: &rng)!
        let network = networkPool.randomElement(using: &rng)!
        let starts = record.filter { $0.type.isStart }
        let life: Set<EventType> = [.milestone, .recognition, .suspension, .reinstatement, .withdrawal]
        func lifeEvents(of start: Event) -> [Event] {
            record.filter { life.contains($0.type) && $0.pair == start.pair && $0.date!.earliest >= start.date!.earliest }
        }
        let dated = record.filter { $0.date != nil }
        let roll = Int.random(in: 0..<100, using: &rng)
        var line: String?
        var extraSet: JSONValue?
        switch roll {
        case 0..<4:
            if let m = AmendmentLedger.lateMembers.first(where: { !registered.contains($0) }), Bool.random(using: &rng) {
                line = #"{"id":"\#(id)","type":"member","member":"\#(m)","name":"Late \#(m)","kind":"region"}"#
            } else if let n = AmendmentLedger.lateNetworks.first(where: { !networksNow.contains($0) }) {
                line = #"{"id":"\#(id)","type":"network","network":"\#(n)","name":"Late \#(n)","kind":"network","founded":"2004"}"#
            }
        case 4..<6:
            line = #"{"id":"\#(id)","type":"policy","network":"\#(network)","date":"\#(date())","title":"p","rules":[{"milestone":"plan","within":12}]}"#
        case 6..<8:
            line = Bool.random(using: &rng)
                ? #"{"id":"\#(id)","type":"rename","network":"\#(network)","name":"Renamed","date":"\#(date())"}"#
                : #"{"id":"\#(id)","type":"rename","member":"\#(member)","name":"Renamed","date":"\#(date())"}"#
        case 8..<22:
            let type = ["membership", "signature", "selection"].randomElement(using: &rng)!
            line = #"{"id":"\#(id)","type":"\#(type)","member":"\#(member)","network":"\#(network)","date":"\#(date())"}"#
        case 22..<45:
            var (m, n, d) = (member, network, date())
            if let start = starts.randomElement(using: &rng), Int.random(in: 0..<5, using: &rng) > 0 {
                (m, n, d) = (start.member!.rawValue, start.network!.rawValue, date(after: start.date!.earliest))
                // Now and then in the network a merger carried it into.
                if let merger = record.first(where: { $0.type == .merger && $0.network == start.network }),
                   Bool.random(using: &rng) {
                    (n, d) = (merger.into!.rawValue, date(after: merger.date!.earliest))
                }
            }
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<5:
                line = #"{"id":"\#(id)","type":"milestone","member":"\#(m)","network":"\#(n)","date":"\#(d)","milestone":"\#(AmendmentLedger.milestones.randomElement(using: &rng)!)"}"#
            case 5: line = #"{"id":"\#(id)","type":"recognition","member":"\#(m)","network":"\#(n)","date":"\#(d)","badge":"b"}"#
            case 6, 7:
                let type = Bool.random(using: &rng) ? "suspension" : "reinstatement"
                line = #"{"id":"\#(id)","type":"\#(type)","member":"\#(m)","network":"\#(n)","date":"\#(d)"}"#
            default: line = #"{"id":"\#(id)","type":"withdrawal","member":"\#(m)","network":"\#(n)","date":"\#(d)"}"#
            }
        case 45..<48:
            if let end = record.filter({ $0.type == .merger || $0.type == .closure }).randomElement(using: &rng),
               Bool.random(using: &rng) {
                // A second ending of a network, the same day (a network ends once).
                line = #"{"id":"\#(id)","type":"closure","network":"\#(end.network!)","date":"\#(end.date!.earliest)"}"#
            } else {
                let into = networkPool.randomElement(using: &rng)!
                line = #"{"id":"\#(id)","type":"merger","network":"\#(network)","into":"\#(into)","date":"\#(date())"}"#
            }
        case 48..<50:
            let successor = Bool.random(using: &rng) ? #","successor":"\#(networkPool.randomElement(using: &rng)!)""# : ""
            line = #"{"id":"\#(id)","type":"closure","network":"\#(network)","date":"\#(date())"\#(successor)}"#
        case 50..<54:
            let where_ = Bool.random(using: &rng) ? #","network":"\#(network)""# : ""
            line = #"{"id":"\#(id)","type":"activity","member":"\#(member)"\#(where_),"date":"\#(date())","title":"t"}"#
        case 54..<62:
            if let target = dated.randomElement(using: &rng) {
                line = correction(id, target, #"{"date":"\#(date())"}"#)
            }
        case 62..<67:
            // Move a start after its life events.
            if let start = starts.filter({ !lifeEvents(of: $0).isEmpty }).randomElement(using: &rng) {
                let last = lifeEvents(of: start).map { $0.date!.latest }.max()!
                line = correction(id, start, #"{"date":"\#(last.addingDays(Int.random(in: -3...40, using: &rng)))"}"#)
            }
        case 67..<72:
            // Retract a start that has life events (or, now and then, one of those first).
            if let start = starts.filter({ !lifeEvents(of: $0).isEmpty }).randomElement(using: &rng) {
                let target = Int.random(in: 0..<3, using: &rng) == 0 ? lifeEvents(of: start).randomElement(using: &rng)! : start
                line = #"{"id":"\#(id)","type":"retraction","target":"\#(target.id)","reason":"void"}"#
            }
        case 72..<77:
            // Give a milestone (or any mark) another member: unknown, registered later, or another.
            let marks = record.filter { $0.pair != nil && $0.type != .rename }
            if let target = marks.filter({ $0.type == .milestone }).randomElement(using: &rng) ?? marks.randomElement(using: &rng) {
                let other = ["ghost", "m4", "m5", member].randomElement(using: &rng)!
                line = correction(id, target, #"{"member":"\#(other)"}"#)
            }
        case 77..<80:
            if let target = record.filter({ $0.pair != nil && $0.type != .rename }).randomElement(using: &rng) {
                line = correction(id, target, #"{"network":"\#(network)"}"#)
            }
        case 80..<84:
            // Move a merger or closure.
            if let target = record.filter({ $0.type == .merger || $0.type == .closure }).randomElement(using: &rng) {
                let d = Bool.random(using: &rng) ? date() : target.date!.earliest.addingDays(Int.random(in: -400...400, using: &rng)).description
                line = correction(id, target, #"{"date":"\#(d)"}"#)
            }
        case 84..<88:
            // Change a network's founded date (not correctable through the input decoder).
            if let target = record.filter({ $0.type == .network }).randomElement(using: &rng) {
                line = correction(id, target, #"{"note":"founding"}"#)
                let year = "\(1998 + Int.random(in: 0...16, using: &rng))"
                if !storable { extraSet = .object([JSONMember("founded", .string(year))]) }
            }
        case 88..<90:
            if let target = record.filter({ $0.type == .merger }).randomElement(using: &rng) {
                line = correction(id, target, #"{"note":"into"}"#)
                let into = networkPool.randomElement(using: &rng)!
                if !storable { extraSet = .object([JSONMember("into", .string(into))]) }
            }
        case 90..<93:
            // Change a registration's slug: to a new one, or to one already taken.
            if let target = record.filter({ $0.type == .member || $0.type == .network }).randomElement(using: &rng) {
                let field = target.type == .member ? "member" : "network"
                let slug = Bool.random(using: &rng) ? "new\(step)" : (target.type == .member ? member : network)
                line = correction(id, target, #"{"\#(field)":"\#(slug)"}"#)
            }
        default:
            // Retract anything that counts now, or (rarely) anything ever recorded.
            let pool = Int.random(in: 0..<10, using: &rng) == 0 ? history : record
            if let target = pool.randomElement(using: &rng) {
                line = #"{"id":"\#(id)","type":"retraction","target":"\#(target.id)","reason":"void"}"#
            }
        }
        let text = line ?? #"{"id":"\#(id)","type":"activity","member":"\#(member)","date":"\#(date())","title":"filler"}"#
        var event = try! EventDecoder.decode(try! JSONReader.parse(text), mode: .input)
        if let extraSet { try! event.set("set", to: extraSet) }
        return event
    }

    private func correction(_ id: String, _ target: Event, _ set: String) -> String {
        #"{"id":"\#(id)","type":"correction","target":"\#(target.id)","set":\#(set),"reason":"fix"}"#
    }

    /// A date of any accepted form between 2000 and 2024, or within about four years after `after`.
    mutating func date(after: Day? = nil) -> String {
        let day = after.map { $0.addingDays(Int.random(in: 0..<1500, using: &rng)) }
            ?? Day(year: 2000, month: 1, day: 1)!.addingDays(Int.random(in: 0..<(25 * 365), using: &rng))
        let y = String(day.year), m = day.month < 10 ? "0\(day.month)" : "\(day.month)"
        switch Int.random(in: 0..<12, using: &rng) {
        case 0..<7: return day.description
        case 7, 8: return "\(y)-\(m)"
        case 9: return y
        case 10: return "\(day)/\(day.addingDays(Int.random(in: 0...300, using: &rng)))"
        default: return "\(y)-\(m)~"
        }
    }
}
