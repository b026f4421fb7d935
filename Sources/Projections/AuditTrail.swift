import Ledger

/// The audit trail (SPEC §5): how a commitment or an event was recorded and amended.
///
/// It reads the raw log as known at `--known-at` — amendments included, each event as it was
/// first recorded — in log order. Each row has exactly the keys `seq, id, type, recorded, by,
/// summary, source` (SPEC §6), `note` (the event's own, as recorded), then `changes` (SPEC §6).
///
/// `changes` is an array: for a `correction`, one object `{"field", "old", "new"}` per field
/// it sets, in the canonical order of correctable fields, where `old` is the value just
/// before this correction (earlier corrections of the same event applied; null when the
/// field was absent) and `new` the value it sets; the reason is in `summary`. For every
/// other event (a retraction included: it changes no field, it voids the event) `changes`
/// is empty.
public enum AuditTrail {
    /// One field a correction sets: its value just before (nil when absent) and the value set.
    public struct Change: Sendable, Equatable {
        public var field: String
        public var old: JSONValue?
        public var new: JSONValue
    }

    /// Every event that touched the commitments of `member` in `network`, in log order: the
    /// events of that pair (whatever a correction later made of them, or before it); the
    /// start, milestones, recognitions, suspensions and reinstatements a merger carried into
    /// the network, with the merger; the events that ended them (withdrawal, closure, merger,
    /// renewal); and every correction or retraction of any of these.
    /// - Complexity: O(n log n) for n events (one replay), then O(n) over the facts; only
    ///   the lines that can be in the trail are read back.
    /// - Parameter replay: the replay of `events` as known at `knownAt`, when the caller has
    ///   one already (built here otherwise).
    public static func rows(events: [Event], knownAt: KnownAt?, member: MemberID, network: NetworkID,
                            replay: Replay? = nil) -> [AuditRow] {
        rows(replay: replay ?? Replay(events: events, knownAt: knownAt), member: member, network: network)
    }

    /// The same, from a replay.
    public static func rows(replay: Replay, member: MemberID, network: NetworkID) -> [AuditRow] {
        rows(replay: replay, member: member, network: network, readingEvery: false)
    }

    /// The same; with `readingEvery`, every known line is read back (for tests: what the
    /// lines picked must agree with).
    static func rows(replay: Replay, member: MemberID, network: NetworkID, readingEvery: Bool) -> [AuditRow] {
        let known = replay.known
        let m = replay.handle(member.rawValue), n = replay.handle(network.rawValue)
        // The events of the pair's commitments, the lines whose fact (as amended) names the
        // pair, and (in `lines`) every amendment and every line one amends. Any other line
        // was never amended, so its one version is its fact, which names another pair.
        var own: Set<Int> = []
        if let m, let n {
            for c in replay.book(asOf: farFuture, tracking: true).commitments where c.member == m && c.network == n {
                for index in c.events where Int(index) < known { own.insert(Int(index)) }
            }
        }
        let lines = lines(of: replay, keeping: { index, fact in
            readingEvery || own.contains(index) || (m != nil && fact.member == m && fact.network == n)
        }, amending: { $0.type.isAmendment })
        let events = lines.map(\.event)
        var touched = Set(lines.filter { own.contains($0.index) }.map(\.event.id))
        let trail = Trail(events) { version in
            version.member == member && version.network == network
        }
        touched.formUnion(trail.matching)
        return events.filter { event in
            touched.contains(event.id) || (event.type.isAmendment && event.target.map(touched.contains) == true)
        }.map { trail.row($0, registry: replay.registry) }
    }

    /// The event and every correction or retraction of it, in log order.
    /// - Throws: `ViewError` `unknown event 'x' (did you mean 'y'?)` when no known event has the id.
    /// - Complexity: O(n log n) for n events.
    /// - Parameter replay: as in `rows(events:knownAt:member:network:replay:)`.
    public static func rows(events: [Event], knownAt: KnownAt?, event id: EventID,
                            replay: Replay? = nil) throws(ViewError) -> [AuditRow] {
        try rows(replay: replay ?? Replay(events: events, knownAt: knownAt), event: id)
    }

    /// The same, from a replay.
    public static func rows(replay: Replay, event id: EventID) throws(ViewError) -> [AuditRow] {
        try rows(replay: replay, event: id, readingEvery: false)
    }

    /// The same; with `readingEvery`, every known line is read back (for tests).
    static func rows(replay: Replay, event id: EventID, readingEvery: Bool) throws(ViewError) -> [AuditRow] {
        // The lines with the id's hash, and (in `lines`) every amendment and, when the event
        // is itself one, the line it amends (its row says what that line held before).
        let hash = Fact.hash(id)
        let events = lines(of: replay, keeping: { _, fact in readingEvery || fact.idHash == hash },
                           amending: { $0.id == id }).map(\.event)
        guard events.contains(where: { $0.id == id }) else {
            // The hint weighs every id known: read only on this error.
            throw ViewError("unknown event \(ViewError.quoted(id.rawValue))"
                + Suggestion.hint(replay.nearestID(to: id.rawValue)))
        }
        let trail = Trail(events) { _ in false }
        return events.filter { $0.id == id || ($0.type.isAmendment && $0.target == id) }
            .map { trail.row($0, registry: replay.registry) }
    }

    /// The known lines an audit trail can need, read back in log order, not every event
    /// of a large log: those `keeping` picks by their fact, every amendment, and the lines
    /// that the amendments `amending` picks amend (found by the hash of their id; another
    /// line with the same hash is read for nothing).
    private static func lines(of replay: Replay, keeping: (Int, Fact) -> Bool,
                              amending: (Event) -> Bool) -> [(index: Int, event: Event)] {
        let count = min(replay.known, replay.facts.count)
        var picked: [(index: Int, event: Event)] = []
        var targets: Set<UInt64> = []
        for i in 0..<count where replay.facts[i].type.isAmendment || keeping(i, replay.facts[i]) {
            guard let event = replay.source.event(at: i) else { continue }
            picked.append((i, event))
            if amending(event), let target = event.target { targets.insert(Fact.hash(target)) }
        }
        guard !targets.isEmpty else { return picked }
        // The lines amended, in their places among those picked (both in log order).
        var lines: [(index: Int, event: Event)] = []
        var next = 0
        for i in 0..<count {
            if next < picked.count && picked[next].index == i {
                lines.append(picked[next])
                next += 1
            } else if targets.contains(replay.facts[i].idHash), let event = replay.source.event(at: i) {
                lines.append((i, event))
            }
        }
        return lines
    }

    /// A day after every date the ledger accepts: the fold "as of the end of time".
    static let farFuture = Day(year: 9999, month: 12, day: 31)!
}

/// One row of `audit` (SPEC §5, keys of §6): an event as first recorded, in words.
public struct AuditRow: Sendable, Equatable {
    public var seq: Int
    public var id: EventID
    public var type: EventType
    /// When it was recorded, as written.
    public var recorded: String?
    public var by: String?
    /// What the event says; a correction's or retraction's names its target and reason.
    public var summary: String
    public var source: String?
    /// The event's own note, as recorded.
    public var note: String?
    /// The fields a correction sets, in the canonical order of correctable fields; empty
    /// for every other event.
    public var changes: [AuditTrail.Change]
}

/// One pass over the raw log that follows each event through its corrections.
private struct Trail {
    /// The events as first recorded, by id.
    private var original: [EventID: Event] = [:]
    /// The `changes` of each correction, by its seq.
    private var changes: [Int: [AuditTrail.Change]] = [:]
    /// The ids of events some version of which (as recorded or as corrected) matched.
    private(set) var matching: Set<EventID> = []

    init(_ events: [Event], match: (Event) -> Bool) {
        var current: [EventID: Event] = [:]
        for event in events {
            switch event.type {
            case .correction:
                guard let target = event.target, var version = current[target],
                      case .object(let set)? = event.value("set") else { continue }
                changes[event.seq] = set.map { change in
                    AuditTrail.Change(field: change.key, old: version.value(change.key), new: change.value)
                }
                for change in set { try? version.set(change.key, to: change.value) }
                current[target] = version
                if match(version) { matching.insert(target) }
            case .retraction:
                continue
            default:
                original[event.id] = event
                current[event.id] = event
                if match(event) { matching.insert(event.id) }
            }
        }
    }

    /// The audit row of one event.
    func row(_ event: Event, registry: Registry) -> AuditRow {
        let summary: String
        switch event.type {
        case .correction, .retraction:
            let target = event.target.map(\.rawValue) ?? "?"
            let what = event.target.flatMap { original[$0] }.map { " (\(Trail.withArticle($0.type.rawValue)))" } ?? ""
            let reason = event.string("reason") ?? ""
            if event.type == .correction {
                let set: [String] = (changes[event.seq] ?? []).map { change in
                    "\(change.field) \(Trail.show(change.old)) → \(Trail.show(change.new))"
                }
                summary = "Correction of \(target)\(what): \(set.joined(separator: ", ")); reason: \(reason)"
            } else {
                summary = "Retraction of \(target)\(what); reason: \(reason)"
            }
        default:
            summary = Summary.text(event, names: Summary.names(for: event, in: registry))
        }
        return AuditRow(seq: event.seq, id: event.id, type: event.type, recorded: event.recorded?.recordedText, by: event.by,
                        summary: summary, source: event.source, note: event.note, changes: changes[event.seq] ?? [])
    }

    /// A type's name after "a", or "an" before a vowel ("an activity").
    static func withArticle(_ word: String) -> String {
        (word.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + word
    }

    /// A field value in a sentence: strings bare, absent values as "(none)".
    private static func show(_ value: JSONValue?) -> String {
        switch value {
        case .string(let s)?: return s
        case .number(let n)?: return n
        case .bool(let b)?: return String(b)
        case nil, .null?: return "(none)"
        default: return "(a value)"
        }
    }
}
