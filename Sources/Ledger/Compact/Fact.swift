/// One line of the log, reduced to what the fold needs: a small value with no references,
/// so a million of them sit in one contiguous array and sort, copy and fold cheaply.
///
/// Strings (slugs, milestone names, badges, dates as written) are handles into the log's
/// `Interner`. Reference data (registrations, renames, policies, mergers, closures) and
/// amendments also keep their whole typed `Event`, in `FactLog.reference`; anything else a
/// view shows (an id, a source, a note) is read back from the line when it is shown.
public struct Fact: Sendable {
    /// Set when a known retraction voids the event.
    public static let retracted: UInt8 = 1
    /// Set when a known correction changed the event.
    public static let corrected: UInt8 = 2

    // Stored in this order — eight-byte fields, then four, then one — so that a fact takes
    // 56 bytes rather than 64 with padding: ten million of them are held at once.

    /// `recorded`, in seconds since 1970 (0 for an input event).
    public var recorded: Int64 = 0
    /// A hash of the id's bytes, to find amendment targets without keeping every id.
    public var idHash: UInt64 = 0
    /// Log position.
    public var seq: Int32
    /// The date's span as day ordinals (0 for undated events).
    public var earliest: Int32 = 0
    public var latest: Int32 = 0
    /// The date as written (`Interner.none` when undated). While a piece of the log is
    /// decoded, a plain date is not interned yet: it is `Fact.pendingDate` of its number, and
    /// `FactLog` gives it its handle as the piece is merged.
    public var date: Int32 = Interner.none
    public var member: Int32 = Interner.none
    public var network: Int32 = Interner.none
    /// A merger's `into`.
    public var into: Int32 = Interner.none
    /// A milestone's name, a recognition's badge (else none).
    public var detail: Int32 = Interner.none
    /// The whole event in `FactLog.reference`, or -1.
    public var reference: Int32 = -1
    public var type: EventType
    /// `retracted`, `corrected`.
    public var flags: UInt8 = 0

    /// What `date` holds for a plain date (`EDTFDate.plainDate`) not interned yet: below
    /// `Interner.none`, so never a handle.
    static func pendingDate(_ number: Int32) -> Int32 { -2 - number }

    /// The number of the plain date `date` holds while it is pending, else nil.
    var pendingDateNumber: Int32? { date < Interner.none ? -2 - date : nil }

    /// Whether the event has a date (and so a place in the §4 order).
    public var isDated: Bool { date != Interner.none }
    public var isRetracted: Bool { flags & Fact.retracted != 0 }
    public var isCorrected: Bool { flags & Fact.corrected != 0 }
    public var earliestDay: Day { Day(ordinal: earliest) }
    public var latestDay: Day { Day(ordinal: latest) }

    init(type: EventType, seq: Int32) {
        self.type = type
        self.seq = seq
    }

    /// The fact of a decoded event, interning its strings.
    public init(_ event: Event, names: inout Interner) {
        self.init(type: event.type, seq: Int32(truncatingIfNeeded: event.seq))
        recorded = event.recorded?.seconds ?? 0
        idHash = Fact.hash(event.id)
        if let date = event.date {
            earliest = date.earliest.ordinal
            latest = date.latest.ordinal
            self.date = names.intern(date.text)
        }
        if let m = event.member { member = names.intern(m.rawValue) }
        if let n = event.network { network = names.intern(n.rawValue) }
        if let i = event.into { into = names.intern(i.rawValue) }
        if let d = event.milestone ?? event.badge { detail = names.intern(d) }
    }

    /// Applies one change of a correction to what the fact holds (`date`, `member`,
    /// `network`, a milestone's `milestone`, a recognition's `badge`; other fields are not in
    /// a fact). A value that does not fit is left unapplied, as `Event.set` leaves it.
    public mutating func apply(_ name: String, _ value: JSONValue, names: inout Interner) {
        guard let text = value.stringValue else { return }
        switch name {
        case "date":
            guard isDated, let parsed = try? EDTFDate.parse(text) else { return }
            earliest = parsed.earliest.ordinal
            latest = parsed.latest.ordinal
            date = names.intern(text)
        case "member":
            guard member != Interner.none, TextRules.isSlug(text) else { return }
            member = names.intern(text)
        case "network":
            guard network != Interner.none || type == .activity, TextRules.isSlug(text) else { return }
            network = names.intern(text)
        case "milestone" where type == .milestone:
            guard TextRules.isSlug(text) else { return }
            detail = names.intern(text)
        case "badge" where type == .recognition:
            guard TextRules.textProblem(text) == nil else { return }
            detail = names.intern(text)
        default:
            return
        }
    }

    /// The hash kept in `idHash`.
    public static func hash(_ id: EventID) -> UInt64 {
        id.key
    }
}
