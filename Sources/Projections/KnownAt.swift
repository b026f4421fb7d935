import Ledger

/// The argument of `--known-at`: replay only what the ledger had recorded by then (SPEC §4).
///
/// Corrections and retractions recorded later are not applied, so a view shows the
/// record exactly as a reader could have seen it at that moment.
public enum KnownAt: Sendable, Equatable {
    /// Everything recorded at or before this instant (`recorded` ≤ it).
    case instant(Timestamp)
    /// The first N lines of the log (`seq` ≤ N).
    case seq(Int)

    /// Parses `--known-at`: an RFC 3339 instant with any offset or fraction
    /// (`2026-11-28T10:15:02.5+01:00`, compared as an instant), a day (`2016-06-22`,
    /// meaning its last instant in UTC), or `seq:N` with N a non-negative integer.
    ///
    /// - Throws: `ViewError` quoting the text, for anything else (the CLI maps it to exit 64).
    public static func parse(_ text: String) throws(ViewError) -> KnownAt {
        if text.hasPrefix("seq:") {
            let digits = text.dropFirst(4)
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }),
                  let n = Int(digits) else {
                throw ViewError("--known-at seq:N takes a non-negative whole number N (a log position), not \(ViewError.quoted(text))")
            }
            return .seq(n)
        }
        if let day = Day.parse(text) {
            return .instant(Timestamp.endOf(day))
        }
        if let instant = Timestamp.parseRFC3339(text) {
            return .instant(instant)
        }
        throw ViewError("--known-at takes an RFC 3339 instant ('2026-11-28T09:15:02Z'), a day ('2026-11-28') or 'seq:N', not \(ViewError.quoted(text))")
    }

    /// Whether the ledger had recorded `event` by then. An event with no `recorded`
    /// time (an input event not yet appended) counts as known.
    func includes(_ event: Event) -> Bool {
        switch self {
        case .seq(let n): return event.seq <= n
        case .instant(let instant): return event.recorded.map { $0 <= instant } ?? true
        }
    }
}

extension Optional where Wrapped == KnownAt {
    /// The events known at `self` (all of them when nil), in log order.
    /// `recorded` never decreases along the log, so this is a prefix.
    func known(_ events: [Event]) -> [Event] {
        guard let knownAt = self else { return events }
        return events.filter { knownAt.includes($0) }
    }
}
