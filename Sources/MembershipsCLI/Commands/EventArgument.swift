import Ledger
import Projections

/// An event named on the command line (`append correction --target`, `audit --event`): by
/// its id, by the start of its id (as text tables show a generated one), or as `seq:N`, the
/// event on line N (the SEQ column of `audit`, the seq `append` prints).
enum EventArgument {
    /// The event `text` names among those `replay` knows; `flag` is how messages name it.
    /// - Throws: `.usage` (64) for `seq:` without a whole number, a seq of no line, or the
    ///   start of several ids; `.badData` (65) for an id no event has or starts, with a hint
    ///   (`seq:N` for a bare number N, as the SEQ column shows).
    static func resolve(_ text: String, flag: String, in replay: Replay) throws(LedgerError) -> EventAt {
        let reference: EventReference
        do {
            reference = try EventReference.parse(text)
        } catch {
            throw LedgerError(.usage, "\(flag): \(error.message)", hint: "for example \(flag) seq:12, the event on line 12")
        }
        switch replay.match(reference) {
        case .found(let event):
            return event
        case .noLine(let last):
            throw LedgerError(.usage, "\(flag) \(SafeText.quoted(text)): no line of the log has that seq (the lines known are seq 1 to \(last))",
                              hint: "give a seq from 1 to \(last)")
        case .ambiguous(let events, let count):
            let listed = events.map { "\($0.id) (seq \($0.seq))" }.joined(separator: ", ") + (count > events.count ? ", …" : "")
            throw LedgerError(.usage, "\(flag) \(SafeText.quoted(text)): \(count) events have an id starting with it: \(listed)",
                              hint: "give more of the id, or seq:N for the event on line N")
        case .none(let nearest):
            var hint: String?
            if !text.isEmpty, text.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }), let n = Int(text),
               case .found(let event) = replay.match(.seq(n)) {
                hint = "did you mean seq:\(n)? An id is not a line number; seq:\(n) names the event on line \(n) (\(event.id))"
            }
            throw LedgerError(.badData, "\(flag): no event has the id \(SafeText.quoted(text))"
                + (hint == nil ? nearest.map { " (did you mean '\($0)'?)" } ?? "" : ""), hint: hint)
        }
    }
}
