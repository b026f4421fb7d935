import Ledger

/// How a person names an event on the command line: `seq:N` (the event on line N of the
/// log), its id, or the start of its id (text tables show a generated id by its first
/// characters, as `git` shows a commit).
public enum EventReference: Sendable, Equatable {
    /// The event on line N.
    case seq(Int)
    /// An id, or the start of one.
    case id(String)

    /// Fewest characters taken as the start of an id: fewer match by accident too easily.
    public static let shortestPrefix = 6

    /// `seq:N` (N a whole number), else an id; a trailing "…" (as tables print a shortened
    /// id) is dropped.
    /// - Throws: `ViewError` for `seq:` not followed by a whole number.
    public static func parse(_ text: String) throws(ViewError) -> EventReference {
        if text.hasPrefix("seq:") {
            let digits = text.dropFirst(4)
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }), let n = Int(digits) else {
                throw ViewError("seq:N takes a whole number N (a line of the log), not \(ViewError.quoted(text))")
            }
            return .seq(n)
        }
        return .id(text.hasSuffix("…") ? String(text.dropLast()) : text)
    }
}

/// One event, by id and line.
public struct EventAt: Sendable, Equatable {
    public var id: EventID
    public var seq: Int
}

/// What an `EventReference` comes to in the events known.
public enum EventMatch: Sendable, Equatable {
    /// One event: the one with that id, on that line, or the only one whose id starts with
    /// the text.
    case found(EventAt)
    /// `seq:N` with N of no line known (0, or past the last one, which is `last`).
    case noLine(last: Int)
    /// The start of several ids: the first few of them, in log order, and how many in all.
    case ambiguous([EventAt], count: Int)
    /// No id is, or starts with, the text; `nearest` is the closest id, if one is close.
    case none(nearest: String?)
}

extension Replay {
    /// The known id nearest to `text`, if it is close enough to be a typo of it: the ids
    /// read in place from the start of each line (`LineSource.forEachID`), none decoded but
    /// those a line does not give in place.
    func nearestID(to text: String) -> String? {
        var nearest = Suggestion.Nearest(to: text)
        source.forEachID(in: 0..<known) { _, id in if let id { nearest.consider(id) } }
        return nearest.found
    }

    /// The known event that `reference` names.
    /// - Complexity: `seq:N` reads one line; an id is first looked up by its hash (O(n)
    ///   integer comparisons, a line read per candidate); only when no id is equal to it is
    ///   the start of every known line read, to find the ids it starts (a line decoded per
    ///   match) and, for the hint, the nearest id (`Suggestion.Nearest`).
    public func match(_ reference: EventReference) -> EventMatch {
        switch reference {
        case .seq(let n):
            guard n >= 1, n <= known, let event = source.event(at: n - 1) else { return .noLine(last: known) }
            return .found(EventAt(id: event.id, seq: event.seq))
        case .id(let text):
            let hash = Fact.hash(EventID(text))
            for index in 0..<known where facts[index].idHash == hash {
                if let event = source.event(at: index), event.id.rawValue == text {
                    return .found(EventAt(id: event.id, seq: event.seq))
                }
            }
            // Every id read from the start of its line (decoding only the lines whose id is,
            // or starts with, the text): a start of an id, as text tables show, is the usual
            // way to name an event.
            let prefix = text.count >= EventReference.shortestPrefix
            var found: EventAt?
            var starting: [EventAt] = []
            var count = 0
            // The hint, should no id be or start with the text: the nearest id, measured as
            // the ids go by.
            var nearest = Suggestion.Nearest(to: text)
            source.forEachID(in: 0..<known) { index, id in
                guard found == nil, let id else { return }
                guard id == text || (prefix && id.hasPrefix(text)) else {
                    if count == 0 { nearest.consider(id) }
                    return
                }
                guard let event = source.event(at: index) else { return }
                // An id written with escapes in its line hashes otherwise: found here.
                if event.id.rawValue == text {
                    found = EventAt(id: event.id, seq: event.seq)
                } else if prefix && event.id.rawValue.hasPrefix(text) {
                    count += 1
                    if starting.count < 5 { starting.append(EventAt(id: event.id, seq: event.seq)) }
                }
            }
            if let found { return .found(found) }
            switch count {
            case 0: return .none(nearest: nearest.found)
            case 1: return .found(starting[0])
            default: return .ambiguous(starting, count: count)
            }
        }
    }
}
