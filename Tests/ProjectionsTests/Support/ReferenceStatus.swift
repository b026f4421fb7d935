import Foundation
import Ledger

/// A second, independent model of the compliance status (SPEC §5), for the property tests:
/// a port of `Sources/ledger-bench/peers/status.py` (itself written from the text of SPEC §5
/// and checked row for row against `memberships status` on a million events). It reads the
/// log's lines with Foundation's JSON parser and does its own date arithmetic; it calls
/// nothing in Projections, and in Ledger only `JSONValue` to shape its rows for comparison.
///
/// Simple rather than fast: dictionaries, linear scans, a sort of whole events.
enum ReferenceStatus {
    typealias Object = [String: Any]

    static let starts: Set<String> = ["membership", "signature", "selection"]
    static let life: Set<String> = ["milestone", "recognition", "suspension", "reinstatement", "withdrawal"]
    /// SPEC §4: the rank after the earliest day.
    static let rank: [String: Int] = [
        "membership": 0, "signature": 0, "selection": 0,
        "milestone": 1, "recognition": 1, "suspension": 1, "reinstatement": 1, "activity": 1,
        "withdrawal": 2,
        "merger": 3, "closure": 3, "rename": 3, "policy": 3,
    ]

    // MARK: - Days, as ordinals (days since 1970-01-01, proleptic Gregorian)

    /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
    static func ordinal(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The calendar day of an ordinal (`civil_from_days`).
    static func civil(_ ordinal: Int) -> (year: Int, month: Int, day: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func lastDay(_ year: Int, _ month: Int) -> Int {
        [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// `k` calendar months later, a day past the end of the month clamped to its last day.
    static func addMonths(_ day: Int, _ months: Int) -> Int {
        let (y, m, d) = civil(day)
        let index = y * 12 + (m - 1) + months
        let year = index / 12, month = index % 12 + 1
        return ordinal(year, month, min(d, lastDay(year, month)))
    }

    static func text(_ day: Int) -> String {
        let (y, m, d) = civil(day)
        func pad(_ v: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(v).count)) + String(v) }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// One end of a date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, maybe with a qualifier.
    static func partSpan(_ written: Substring) -> (Int, Int) {
        var part = written
        if let last = part.last, "?~%".contains(last) { part = part.dropLast() }
        let pieces = part.split(separator: "-").map { Int($0) ?? 0 }
        switch pieces.count {
        case 1: return (ordinal(pieces[0], 1, 1), ordinal(pieces[0], 12, 31))
        case 2: return (ordinal(pieces[0], pieces[1], 1), ordinal(pieces[0], pieces[1], lastDay(pieces[0], pieces[1])))
        default:
            let day = ordinal(pieces[0], pieces[1], pieces[2])
            return (day, day)
        }
    }

    /// [earliest, latest] of a date as SPEC §4 allows it, intervals too.
    static func span(_ date: String) -> (earliest: Int, latest: Int) {
        let ends = date.split(separator: "/", omittingEmptySubsequences: false)
        if ends.count == 2 { return (partSpan(ends[0]).0, partSpan(ends[1]).1) }
        return partSpan(Substring(date))
    }

    // MARK: - The record

    /// The events that count, corrections applied in log order, amendments left out.
    static func effective(_ events: [Object]) -> [Object] {
        var result: [Object?] = []
        var position: [String: Int] = [:]
        for event in events {
            let type = event["type"] as? String ?? ""
            if type == "correction" || type == "retraction" {
                guard let target = event["target"] as? String, let index = position[target], var now = result[index] else { continue }
                if type == "retraction" {
                    result[index] = nil
                } else {
                    for (key, value) in event["set"] as? Object ?? [:] { now[key] = value }
                    result[index] = now
                }
            } else if let id = event["id"] as? String {
                position[id] = result.count
                result.append(event)
            }
        }
        return result.compactMap { $0 }
    }

    struct Policy {
        var network: String, seq: Int, earliest: Int, latest: Int, standard: Bool
        var rules: [Object], every: [Object], badge: String?

        init(_ e: Object) {
            network = e["network"] as? String ?? ""
            seq = e["seq"] as? Int ?? 0
            (earliest, latest) = span(e["date"] as? String ?? "")
            standard = e["applies"] as? String == "all"
            rules = e["rules"] as? [Object] ?? []
            every = e["every"] as? [Object] ?? []
            badge = e["badge"] as? String
        }

        func due(_ rule: Object, startLatest: Int) -> Int {
            if let by = rule["by"] as? String { return span(by).latest }
            let base = standard ? max(startLatest, latest) : startLatest
            return addMonths(base, rule["within"] as? Int ?? 0)
        }
    }

    static func inForce(_ policies: [String: [Policy]], origin: String, current: String, startLatest: Int, day: Int) -> Policy? {
        var applicable = (policies[origin] ?? []).filter { $0.earliest <= day && ($0.standard || $0.earliest <= startLatest) }
        if current != origin {
            applicable += (policies[current] ?? []).filter { $0.standard && $0.earliest <= day }
        }
        return applicable.max { ($0.earliest, $0.seq) < ($1.earliest, $1.seq) }
    }

    // MARK: - Commitments

    final class Commitment {
        let member: String, network: String, via: String, start: Object, serial: Int
        var origin: String
        var mergers: [Object] = []
        var milestones: [Object] = []
        var recognition: Object?
        var suspension: Object?
        var ending: (reason: String, event: Object)?

        init(member: String, network: String, via: String, start: Object, serial: Int) {
            self.member = member
            self.network = network
            self.via = via
            self.start = start
            self.serial = serial
            origin = start["network"] as? String ?? ""
        }
    }

    struct Pair: Hashable, Comparable {
        var member: String, network: String
        static func < (a: Pair, b: Pair) -> Bool { (a.member, a.network) < (b.member, b.network) }
    }

    /// The fold: every commitment started by `q`.
    struct Book {
        var commitments: [Commitment] = []
        var open: [Pair: Commitment] = [:]
        var waiting: [Pair: [Object]] = [:]

        init(_ ordered: [Object], q: Int) {
            for event in ordered {
                if earliest(event) > q { break }
                let type = event["type"] as? String ?? ""
                if starts.contains(type) {
                    begin(event)
                } else if life.contains(type) {
                    let pair = Pair(member: event["member"] as? String ?? "", network: event["network"] as? String ?? "")
                    if let c = open[pair] { apply(c, event) } else { waiting[pair, default: []].append(event) }
                } else if type == "merger" {
                    merge(event)
                } else if type == "closure" {
                    for pair in open.keys.filter({ $0.network == event["network"] as? String }).sorted() {
                        if let c = open[pair] { end(c, "closed", event) }
                    }
                }
            }
        }

        mutating func begin(_ event: Object) {
            let pair = Pair(member: event["member"] as? String ?? "", network: event["network"] as? String ?? "")
            if let c = open[pair] { end(c, "renewed", event) }
            let c = Commitment(member: pair.member, network: pair.network, via: event["type"] as? String ?? "",
                               start: event, serial: commitments.count)
            commitments.append(c)
            open[pair] = c
        }

        mutating func apply(_ c: Commitment, _ event: Object) {
            switch event["type"] as? String {
            case "milestone": c.milestones.append(event)
            case "recognition": c.recognition = event
            case "suspension": c.suspension = event
            case "reinstatement": c.suspension = nil
            case "withdrawal": end(c, "withdrawn", event)
            default: break
            }
        }

        mutating func merge(_ event: Object) {
            let source = event["network"] as? String ?? "", into = event["into"] as? String ?? ""
            for pair in open.keys.filter({ $0.network == source }).sorted() {
                guard let old = open[pair] else { continue }
                end(old, "merged", event)
                let target = Pair(member: pair.member, network: into)
                if let there = open[target] { end(there, "renewed", event) }
                let carried = Commitment(member: pair.member, network: into, via: "merger", start: old.start, serial: commitments.count)
                carried.origin = old.origin
                carried.mergers = old.mergers + [event]
                carried.milestones = old.milestones
                carried.recognition = old.recognition
                carried.suspension = old.suspension
                commitments.append(carried)
                open[target] = carried
                for early in waiting.removeValue(forKey: target) ?? [] where earliest(early) == earliest(event) {
                    if let c = open[target] { apply(c, early) }
                }
            }
        }

        mutating func end(_ c: Commitment, _ reason: String, _ event: Object) {
            c.ending = (reason, event)
            let pair = Pair(member: c.member, network: c.network)
            if open[pair] === c { open[pair] = nil }
        }
    }

    static func earliest(_ e: Object) -> Int { span(e["date"] as? String ?? "").earliest }
    static func latest(_ e: Object) -> Int { span(e["date"] as? String ?? "").latest }

    // MARK: - Judging

    static func judge(_ c: Commitment, q: Int, policies: [String: [Policy]]) -> JSONValue {
        let day = c.ending.map { earliest($0.event) } ?? q
        let (startEarliest, startLatest) = span(c.start["date"] as? String ?? "")
        let policy = inForce(policies, origin: c.origin, current: c.network, startLatest: startLatest, day: day)
        func happened(_ e: Object) -> Bool { latest(e) <= q }

        var first: [String: Object] = [:]
        var latestOf: [String: Int] = [:]
        for m in c.milestones {
            let name = m["milestone"] as? String ?? ""
            if first[name] == nil { first[name] = m }
            latestOf[name] = max(latestOf[name] ?? Int.min, latest(m))
        }
        var items: [JSONValue] = []
        var everyMet = true, anyOverdue = false, meetingCertain = true
        if let policy {
            for rule in policy.rules {
                let name = rule["milestone"] as? String ?? ""
                let due = policy.due(rule, startLatest: startLatest)
                if rule["by"] != nil && due < startEarliest { continue }
                if let met = first[name] {
                    meetingCertain = meetingCertain && happened(met)
                    items.append(item(name, due, met: true, metOn: met["date"] as? String, late: earliest(met) > due,
                                      overdue: false, recurring: false))
                } else {
                    everyMet = false
                    let overdue = day > due
                    anyOverdue = anyOverdue || overdue
                    items.append(item(name, due, met: false, metOn: nil, late: false, overdue: overdue, recurring: false))
                }
            }
            for recurring in policy.every {
                let name = recurring["milestone"] as? String ?? "", after = recurring["after"] as? String ?? ""
                guard let afterLatest = latestOf[after] else { continue }
                let due = addMonths(max(afterLatest, latestOf[name] ?? Int.min), recurring["months"] as? Int ?? 0)
                let overdue = day > due
                anyOverdue = anyOverdue || overdue
                items.append(item(name, due, met: false, metOn: nil, late: false, overdue: overdue, recurring: true))
            }
        }
        var certain = happened(c.start) && c.mergers.allSatisfy(happened)
        var status: String, reason: String?, basis: String?, badge: String?
        if let ending = c.ending {
            status = "ended"; reason = ending.reason
            certain = certain && happened(ending.event)
        } else if let suspension = c.suspension {
            status = "suspended"
            certain = certain && happened(suspension)
        } else if let recognition = c.recognition {
            status = "compliant"; basis = "recognition"; badge = recognition["badge"] as? String
            certain = certain && happened(recognition)
        } else if policy == nil {
            status = "no-obligations"
        } else if everyMet && !anyOverdue {
            status = "compliant"; basis = "rules"; badge = policy?.badge
            certain = certain && meetingCertain
        } else {
            status = anyOverdue ? "overdue" : "on-track"
        }
        func string(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        return .object([
            JSONMember("member", .string(c.member)), JSONMember("network", .string(c.network)),
            JSONMember("via", .string(c.via)), JSONMember("since", string(c.start["date"] as? String)),
            JSONMember("status", .string(status)), JSONMember("reason", string(reason)),
            JSONMember("basis", string(basis)), JSONMember("badge", string(badge)),
            JSONMember("certain", .bool(certain)), JSONMember("rules", .array(items)),
        ])
    }

    static func item(_ milestone: String, _ due: Int, met: Bool, metOn: String?, late: Bool, overdue: Bool, recurring: Bool) -> JSONValue {
        .object([
            JSONMember("milestone", .string(milestone)), JSONMember("due", .string(text(due))),
            JSONMember("met", .bool(met)), JSONMember("metOn", metOn.map(JSONValue.string) ?? .null),
            JSONMember("late", .bool(late)), JSONMember("overdue", .bool(overdue)),
            JSONMember("recurring", .bool(recurring)),
        ])
    }

    // MARK: - Status

    /// The status rows as of day `q` (an ordinal), for the log's `lines` (each a JSON object),
    /// knowing only lines 1…`knownAtSeq` when given.
    static func rows(lines: [[UInt8]], asOf q: Int, knownAtSeq: Int? = nil) throws -> [JSONValue] {
        var all: [Object] = []
        for line in lines {
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? Object else { continue }
            if let limit = knownAtSeq, (object["seq"] as? Int ?? 0) > limit { continue }
            all.append(object)
        }
        let events = effective(all)
        var policies: [String: [Policy]] = [:]
        for e in events where e["type"] as? String == "policy" {
            let p = Policy(e)
            policies[p.network, default: []].append(p)
        }
        func key(_ e: Object) -> (Int, Int, Int, Int) {
            let (lo, hi) = span(e["date"] as? String ?? "")
            return (lo, rank[e["type"] as? String ?? ""] ?? 9, hi, e["seq"] as? Int ?? 0)
        }
        let ordered = events.filter {
            let type = $0["type"] as? String ?? ""
            return starts.contains(type) || life.contains(type) || type == "merger" || type == "closure"
        }.sorted { key($0) < key($1) }
        let book = Book(ordered, q: q)
        let sorted = book.commitments.sorted {
            let a = key($0.start), b = key($1.start)
            let x = ($0.member, $0.network, a.0, a.1, a.2, a.3), y = ($1.member, $1.network, b.0, b.1, b.2, b.3)
            return x < y || (x == y && $0.serial < $1.serial)
        }
        return sorted.map { judge($0, q: q, policies: policies) }
    }
}
