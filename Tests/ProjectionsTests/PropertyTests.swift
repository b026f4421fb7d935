import TestSupport
import Testing
import Ledger
@testable import Projections

/// Properties over random valid ledgers (SplitMix64, seeded; see `RandomLedger`).
@Suite("Properties of replay")
struct PropertyTests {
    static let seeds: [UInt64] = Array(1...24)

    /// Every view the CLI shows, as of `day`, as one JSON value.
    static func views(_ replay: Replay, asOf day: Day) -> JSONValue {
        var all: [JSONValue] = [
            .array(replay.status(asOf: day, member: nil, network: nil).map(\.json)),
            .array(replay.timeline(asOf: day, member: nil, network: nil, from: nil, to: nil).map(\.json)),
            .array(replay.networks(asOf: day).map(\.json)),
            .array(replay.members(asOf: day).map(\.json)),
        ]
        for m in 0..<4 {
            all.append(.array(replay.timeline(asOf: day, member: MemberID("m\(m)"), network: nil, from: nil, to: nil).map(\.json)))
        }
        for n in 0..<5 {
            all.append(.array(replay.status(asOf: day, member: nil, network: NetworkID("n\(n)")).map(\.json)))
            all.append(.array(replay.timeline(asOf: day, member: nil, network: NetworkID("n\(n)"), from: nil, to: nil).map(\.json)))
        }
        return .array(all)
    }

    /// Days worth looking at: the edges of event spans, and a few fixed ones.
    static func days(of events: [Event], count: Int, seed: UInt64) -> [Day] {
        var rng = SplitMix64(seed: seed ^ 0x5EED)
        var edges: [Day] = []
        for event in events {
            guard let date = event.date else { continue }
            edges += [date.earliest.addingDays(-1), date.earliest, date.latest.addingDays(-1), date.latest]
        }
        var picked = [Day(year: 1999, month: 12, day: 31)!, Day(year: 2030, month: 1, day: 1)!]
        for _ in 0..<count where !edges.isEmpty { picked.append(edges.randomElement(using: &rng)!) }
        return picked
    }

    /// The log without the events whose effective date starts after `day` (their corrections
    /// and retractions go with them; retracted events go too).
    static func onlyUpTo(_ day: Day, _ events: [Event]) -> [Event] {
        var effective: [EventID: Event] = [:]
        for event in Amendments.effective(events) { effective[event.id] = event }
        var kept: Set<EventID> = []
        var result: [Event] = []
        for event in events {
            if event.type.isAmendment {
                if let target = event.target, kept.contains(target) { result.append(event) }
                continue
            }
            guard let now = effective[event.id] else { continue }
            if let date = now.date, date.earliest > day { continue }
            kept.insert(event.id)
            result.append(event)
        }
        return result
    }

    @Test("random ledgers are not trivial", arguments: [UInt64(1), 2, 3])
    func nonTrivial(seed: UInt64) throws {
        let ledger = try RandomLedger.make(seed: seed)
        let replay = Replay(events: ledger.events, knownAt: nil)
        let types = Set(ledger.events.map(\.type))
        #expect(ledger.events.count > 60)
        #expect(types.contains(.merger) || types.contains(.closure) || types.contains(.withdrawal))
        #expect(replay.status(asOf: Day(year: 2030, month: 1, day: 1)!, member: nil, network: nil).map(\.json).count > 5)
    }

    @Test("replay as of day Q equals the replay of only the events whose earliest day is not after Q", arguments: seeds)
    func asOf(seed: UInt64) throws {
        let ledger = try RandomLedger.make(seed: seed)
        let full = Replay(events: ledger.events, knownAt: nil)
        for day in Self.days(of: ledger.events, count: 8, seed: seed) {
            let cut = Replay(events: Self.onlyUpTo(day, ledger.events), knownAt: nil)
            let a = Self.views(full, asOf: day), b = Self.views(cut, asOf: day)
            #expect(a == b, "seed \(seed), as of \(day): \(Compare.difference(a, b) ?? "")")
            if a != b { return }
        }
    }

    @Test("replay with --known-at seq:N equals the replay of the first N lines", arguments: seeds.prefix(14))
    func knownAt(seed: UInt64) throws {
        let ledger = try RandomLedger.make(seed: seed)
        var rng = SplitMix64(seed: seed &* 31)
        let days = [Day(year: 2030, month: 1, day: 1)!] + Self.days(of: ledger.events, count: 1, seed: seed).suffix(1)
        let positions = [0, 1, ledger.events.count] + (0..<7).map { _ in Int.random(in: 1...ledger.events.count, using: &rng) }
        for n in positions {
            let known = Replay(events: ledger.events, knownAt: .seq(n))
            let prefix = Replay(events: Array(ledger.events.prefix(n)), knownAt: nil)
            for day in days {
                let a = Self.views(known, asOf: day), b = Self.views(prefix, asOf: day)
                #expect(a == b, "seed \(seed), seq:\(n), as of \(day): \(Compare.difference(a, b) ?? "")")
                if a != b { return }
            }
            // The instant line N was recorded at is the same record as seq:N.
            let byTime = Replay(events: ledger.events, knownAt: .instant(TestLedger.recorded(n)))
            #expect(byTime.status(asOf: days[0], member: nil, network: nil).map(\.json) == known.status(asOf: days[0], member: nil, network: nil).map(\.json))
            #expect(byTime.timeline(asOf: days[0], member: nil, network: nil, from: nil, to: nil).map(\.json)
                    == known.timeline(asOf: days[0], member: nil, network: nil, from: nil, to: nil).map(\.json))
            let member = MemberID("m\(n % 4)"), network = NetworkID("n\(n % 5)")
            #expect(AuditTrail.rows(events: ledger.events, knownAt: .seq(n), member: member, network: network)
                    == AuditTrail.rows(events: Array(ledger.events.prefix(n)), knownAt: nil, member: member, network: network))
        }
    }

    /// Status as the independent model (`ReferenceStatus`) computes it, against `Replay.status`.
    static func expectMatchesModel(_ ledger: TestLedger, days: [Day], knownAt: Int?, _ label: String,
                                   sourceLocation: SourceLocation = #_sourceLocation) throws -> Bool {
        let lines = ledger.events.map(EventEncoder.line)
        let replay = Replay(events: ledger.events, knownAt: knownAt.map { .seq($0) })
        for day in days {
            let expected = try ReferenceStatus.rows(lines: lines, asOf: ReferenceStatus.ordinal(day.year, day.month, day.day),
                                                    knownAtSeq: knownAt)
            let actual = replay.status(asOf: day, member: nil, network: nil).map(\.json)
            if let difference = Compare.difference(.array(actual), .array(expected)) {
                Issue.record("\(label), as of \(day), known at \(knownAt.map { "seq:\($0)" } ?? "-"): \(difference)",
                             sourceLocation: sourceLocation)
                return false
            }
        }
        return true
    }

    @Test("status equals an independent reference model, on ordinary and on wide random ledgers (years 1000–2999, rules up to 1200 months, 12 members, 8 networks)",
          arguments: seeds)
    func referenceModel(seed: UInt64) throws {
        for (label, shape, attempts) in [("standard", RandomLedger.Shape.standard, 220), ("wide", .wide, 600)] {
            let ledger = try RandomLedger.make(seed: seed, attempts: attempts, shape: shape)
            let ends = [try #require(Day(year: 1000, month: 1, day: 1)), try #require(Day(year: 1004, month: 6, day: 30)),
                        try #require(Day(year: 2999, month: 12, day: 31))]
            let days = Self.days(of: ledger.events, count: 10, seed: seed) + ends
            guard try Self.expectMatchesModel(ledger, days: days, knownAt: nil, "\(label) seed \(seed)") else { return }
            var rng = SplitMix64(seed: seed &* 7919)
            for _ in 0..<3 {
                let n = Int.random(in: 1...ledger.events.count, using: &rng)
                guard try Self.expectMatchesModel(ledger, days: Array(days.suffix(5)), knownAt: n, "\(label) seed \(seed)") else { return }
            }
        }
    }

    @Test("the wide random ledgers reach what they are meant to: both ends of the years, rules over 1000 months, every member")
    func wideReach() throws {
        var years: [Int] = [], within: [Int] = [], members: Set<String> = []
        for seed in Self.seeds.prefix(8) {
            let ledger = try RandomLedger.make(seed: seed, attempts: 600, shape: .wide)
            for event in ledger.events {
                if let date = event.date { years += [date.earliest.year, date.latest.year] }
                if let member = event.member, event.type.isStart { members.insert(member.rawValue) }
                if event.type == .policy, case .array(let rules)? = event.fields.first(where: { $0.key == "rules" })?.value {
                    within += rules.compactMap { $0["within"]?.int64Value.map(Int.init) }
                }
            }
        }
        #expect(years.min().map { $0 <= 1004 } == true, "earliest year \(years.min() ?? 0)")
        #expect(years.max().map { $0 >= 2995 } == true, "latest year \(years.max() ?? 0)")
        #expect(within.max().map { $0 > 1000 } == true, "largest within \(within.max() ?? 0)")
        #expect(members.count == 12, "members with a commitment: \(members.sorted())")
    }

    @Test("status rows have the keys of SPEC §6, are sorted, and open ones match the network view", arguments: seeds)
    func structure(seed: UInt64) throws {
        let ledger = try RandomLedger.make(seed: seed)
        let replay = Replay(events: ledger.events, knownAt: nil)
        let statusKeys = ["member", "network", "via", "since", "status", "reason", "basis", "badge", "certain", "rules"]
        let ruleKeys = ["milestone", "due", "met", "metOn", "late", "overdue", "recurring"]
        for day in Self.days(of: ledger.events, count: 4, seed: seed) {
            let rows = replay.status(asOf: day, member: nil, network: nil).map(\.json)
            var previous: (String, String)?
            var openCount = 0
            for row in rows {
                guard case .object(let members) = row, case .array(let rules)? = row["rules"] else {
                    Issue.record("bad row"); continue
                }
                #expect(members.map(\.key) == statusKeys)
                for rule in rules {
                    guard case .object(let keys) = rule else { Issue.record("bad rule"); continue }
                    #expect(keys.map(\.key) == ruleKeys)
                }
                let key = (try #require(row["member"]?.stringValue), try #require(row["network"]?.stringValue))
                if let previous { #expect(previous <= key) }
                previous = key
                let status = try #require(row["status"]?.stringValue)
                #expect(["ended", "suspended", "compliant", "no-obligations", "overdue", "on-track"].contains(status))
                #expect((status == "ended") == (row["reason"] != .null))
                if status != "ended" { openCount += 1 }
            }
            let listed = replay.networks(asOf: day).map(\.json).reduce(0) { total, network in
                guard case .array(let members)? = network["members"] else { return total }
                return total + members.count
            }
            #expect(listed == openCount, "seed \(seed) as of \(day)")
        }
    }
}
