import TestSupport
import Ledger
@testable import Projections

/// Random valid ledgers, built by construction: candidate events of every type (dates of
/// every precision, amendments included) are offered to the kernel's `Validator` one by one,
/// and only those it admits are kept.
enum RandomLedger {
    static let milestones = ["plan", "inventory", "target", "report"]
    static let names = ["Alpha", "Beta", "Gamma"]

    /// How wide the ledgers range.
    struct Shape: Sendable, Equatable {
        var members = 4
        var networks = 5
        /// Dates also near the ends of the years allowed (1000–1004, 2995–2999), not only 2000–2024.
        var edgeYears = false
        /// The largest `within` and `months` (SPEC: 1–1200).
        var maxMonths = 48

        /// Members m0…m3, networks n0…n4, dates 2000–2024, rules within 1–48 months.
        static let standard = Shape()
        /// 12 members, 8 networks, dates at the ends of 1000–2999 too, rules up to 1200 months.
        static let wide = Shape(members: 12, networks: 8, edgeYears: true, maxMonths: 1200)
    }

    /// - Parameter moving: some corrections set a `member` or a `network` (moving an event to
    ///   another pair), not only a date or a milestone.
    /// - Parameter registrations: some corrections and retractions name a member's
    ///   registration (a correction sets its name).
    static func make(seed: UInt64, attempts: Int = 220, amendments: Bool = true, shape: Shape = .standard,
                     moving: Bool = false, registrations: Bool = false) throws -> TestLedger {
        var rng = SplitMix64(seed: seed)
        let members = (0..<shape.members).map { "m\($0)" }
        let networks = (0..<shape.networks).map { "n\($0)" }
        var lines: [String] = []
        for m in members {
            lines.append(#"{"id":"reg-\#(m)","type":"member","member":"\#(m)","name":"Member \#(m)","kind":"city"}"#)
        }
        for n in networks {
            lines.append(#"{"id":"reg-\#(n)","type":"network","network":"\#(n)","name":"Network \#(n)","kind":"pact"}"#)
        }
        var ids: [String] = []
        // Starts offered so far: life events mostly follow one of them, so that many are admitted.
        var starts: [(member: String, network: String, day: Day)] = []
        for i in 0..<attempts {
            let id = "r\(i)"
            var member = members.randomElement(using: &rng)!
            var network = networks.randomElement(using: &rng)!
            var date = randomDate(&rng, shape: shape)
            let roll = Int.random(in: 0..<100, using: &rng)
            if (22..<68).contains(roll), !starts.isEmpty, Int.random(in: 0..<4, using: &rng) > 0 {
                let start = starts.randomElement(using: &rng)!
                member = start.member
                network = start.network
                date = randomDate(&rng, after: start.day, shape: shape)
            }
            if (6..<22).contains(roll), let day = try? EDTFDate.parse(date) {
                starts.append((member, network, day.earliest))
            }
            let line: String
            switch roll {
            case 0..<6:
                line = policy(id: id, network: network, date: date, shape: shape, &rng)
            case 6..<22:
                let type = ["membership", "signature", "selection"].randomElement(using: &rng)!
                line = #"{"id":"\#(id)","type":"\#(type)","member":"\#(member)","network":"\#(network)","date":"\#(date)"}"#
            case 22..<50:
                let name = milestones.randomElement(using: &rng)!
                line = #"{"id":"\#(id)","type":"milestone","member":"\#(member)","network":"\#(network)","date":"\#(date)","milestone":"\#(name)"}"#
            case 50..<56:
                line = #"{"id":"\#(id)","type":"recognition","member":"\#(member)","network":"\#(network)","date":"\#(date)","badge":"badge \#(i % 3)"}"#
            case 56..<63:
                let type = ["suspension", "reinstatement"].randomElement(using: &rng)!
                line = #"{"id":"\#(id)","type":"\#(type)","member":"\#(member)","network":"\#(network)","date":"\#(date)"}"#
            case 63..<68:
                line = #"{"id":"\#(id)","type":"withdrawal","member":"\#(member)","network":"\#(network)","date":"\#(date)"}"#
            case 68..<70:
                let into = networks.randomElement(using: &rng)!
                line = #"{"id":"\#(id)","type":"merger","network":"\#(network)","into":"\#(into)","date":"\#(date)"}"#
            case 71..<72:
                line = #"{"id":"\#(id)","type":"closure","network":"\#(network)","date":"\#(date)"}"#
            case 73..<79:
                let name = names.randomElement(using: &rng)!
                if Bool.random(using: &rng) {
                    line = #"{"id":"\#(id)","type":"rename","network":"\#(network)","name":"\#(name)","date":"\#(date)"}"#
                } else {
                    line = #"{"id":"\#(id)","type":"rename","member":"\#(member)","name":"\#(name)","date":"\#(date)"}"#
                }
            case 79..<84:
                line = #"{"id":"\#(id)","type":"activity","member":"\#(member)","network":"\#(network)","date":"\#(date)","title":"Event \#(i)"}"#
            case 84..<94 where amendments && registrations && Int.random(in: 0..<3, using: &rng) == 0:
                line = #"{"id":"\#(id)","type":"correction","target":"reg-\#(member)","set":{"name":"Renamed \#(i)"},"reason":"fix \#(i)"}"#
            case 94..<100 where amendments && registrations && Int.random(in: 0..<3, using: &rng) == 0:
                line = #"{"id":"\#(id)","type":"retraction","target":"reg-\#(member)","reason":"void \#(i)"}"#
            case 84..<94 where amendments && !ids.isEmpty:
                let target = ids.randomElement(using: &rng)!
                var set = Bool.random(using: &rng) ? #"{"date":"\#(date)"}"#
                    : #"{"milestone":"\#(milestones.randomElement(using: &rng)!)"}"#
                if moving && Bool.random(using: &rng) {
                    set = Bool.random(using: &rng) ? #"{"member":"\#(members.randomElement(using: &rng)!)"}"#
                        : #"{"network":"\#(networks.randomElement(using: &rng)!)"}"#
                }
                line = #"{"id":"\#(id)","type":"correction","target":"\#(target)","set":\#(set),"reason":"fix \#(i)"}"#
            case 94..<100 where amendments && !ids.isEmpty:
                let target = ids.randomElement(using: &rng)!
                line = #"{"id":"\#(id)","type":"retraction","target":"\#(target)","reason":"void \#(i)"}"#
            default:
                continue
            }
            lines.append(line)
            ids.append(id)
        }
        return try TestLedger(candidates: lines)
    }

    /// A policy: a vintage or a standard, 1–3 rules (`within` or `by`), maybe a recurring item and a badge.
    static func policy(id: String, network: String, date: String, shape: Shape = .standard, _ rng: inout SplitMix64) -> String {
        /// 1–48 months, or (in a wide shape, half the time) up to its largest.
        func months(_ small: ClosedRange<Int>) -> Int {
            if shape.maxMonths > small.upperBound, Bool.random(using: &rng) { return Int.random(in: 1...shape.maxMonths, using: &rng) }
            return Int.random(in: small, using: &rng)
        }
        var rules: [String] = []
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let name = milestones.randomElement(using: &rng)!
            if Int.random(in: 0..<4, using: &rng) == 0 {
                rules.append(#"{"milestone":"\#(name)","by":"\#(randomDate(&rng, shape: shape))"}"#)
            } else {
                rules.append(#"{"milestone":"\#(name)","within":\#(months(1...48))}"#)
            }
        }
        var line = #"{"id":"\#(id)","type":"policy","network":"\#(network)","date":"\#(date)""#
        if Bool.random(using: &rng) { line += #","applies":"all""# }
        line += #","title":"Policy \#(id)","rules":[\#(rules.joined(separator: ","))]"#
        if Bool.random(using: &rng) {
            let every = months(6...36)
            line += #","every":[{"milestone":"report","months":\#(every),"after":"\#(milestones.randomElement(using: &rng)!)"}]"#
        }
        if Bool.random(using: &rng) { line += #","badge":"compliant""# }
        return line + "}"
    }

    /// A date of any accepted form between 2000 and 2024 (in a wide shape, a fifth of them in
    /// 1000–1004 or 2995–2999), or within about four years after `after`; never past 2999.
    static func randomDate(_ rng: inout SplitMix64, after: Day? = nil, shape: Shape = .standard) -> String {
        var base = 2000
        if shape.edgeYears, after == nil {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: base = 1000
            case 1: base = 2995
            default: break
            }
        }
        let span = base == 2000 ? 25 * 365 : 5 * 365
        let last = Day(year: 2999, month: 12, day: 31)!
        let day = min(last, after.map { $0.addingDays(Int.random(in: 0..<1500, using: &rng)) }
            ?? Day(year: base, month: 1, day: 1)!.addingDays(Int.random(in: 0..<span, using: &rng)))
        let y = pad(day.year, 4), m = pad(day.month, 2)
        switch Int.random(in: 0..<20, using: &rng) {
        case 0..<9: return day.description
        case 9..<12: return "\(y)-\(m)"
        case 12..<14: return y
        case 14..<16:
            let end = min(last, day.addingDays(Int.random(in: 0...500, using: &rng)))
            return "\(day)/\(end)"
        case 16: return "\(y)/\(pad(min(2999, day.year + Int.random(in: 0...2, using: &rng)), 4))"
        case 17: return "\(y)?"
        case 18: return "\(y)-\(m)~"
        default: return "\(day)%"
        }
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
