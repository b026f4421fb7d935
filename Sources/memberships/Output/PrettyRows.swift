import Ledger
import Projections

/// The JSON of the two largest views' rows written straight to bytes, in exactly the form
/// `JSONText` gives their `json` (`PrettyRowsTests` holds them equal): a status or timeline
/// of a million rows builds no JSON tree.
enum PrettyRows {
    /// Writes `row` as `JSONText.write(row.json, indent: indent)` would.
    static func write(_ row: StatusRow, indent: Int, into sink: inout ByteSink) {
        var w = Writer(indent: indent)
        w.open("{", &sink)
        w.key(Key.member, &sink); sink.jsonString(row.member.rawValue)
        w.key(Key.network, &sink); sink.jsonString(row.network.rawValue)
        w.key(Key.via, &sink); sink.jsonString(row.via)
        w.key(Key.since, &sink); sink.jsonString(row.since)
        w.key(Key.status, &sink); sink.jsonString(row.status.rawValue)
        w.key(Key.reason, &sink); w.optional(row.reason, &sink)
        w.key(Key.basis, &sink); w.optional(row.basis, &sink)
        w.key(Key.badge, &sink); w.optional(row.badge, &sink)
        w.key(Key.certain, &sink); w.bool(row.certain, &sink)
        w.key(Key.rules, &sink)
        if row.rules.isEmpty {
            sink.text("[]")
        } else {
            w.open("[", &sink)
            for rule in row.rules {
                w.item(&sink)
                w.open("{", &sink)
                w.key(Key.milestone, &sink); sink.jsonString(rule.milestone)
                w.key(Key.due, &sink); sink.day(rule.due)
                w.key(Key.met, &sink); w.bool(rule.met, &sink)
                w.key(Key.metOn, &sink); w.optional(rule.metOn, &sink)
                w.key(Key.late, &sink); w.bool(rule.late, &sink)
                w.key(Key.overdue, &sink); w.bool(rule.overdue, &sink)
                w.key(Key.recurring, &sink); w.bool(rule.recurring, &sink)
                w.close("}", &sink)
            }
            w.close("]", &sink)
        }
        w.close("}", &sink)
    }

    /// Writes `row` as `JSONText.write(row.json, indent: indent)` would.
    static func write(_ row: TimelineRow, indent: Int, into sink: inout ByteSink) {
        var w = Writer(indent: indent)
        w.open("{", &sink)
        w.key(Key.seq, &sink); sink.bytes(Array(String(row.seq).utf8))
        w.key(Key.id, &sink); sink.jsonString(row.id.rawValue)
        w.key(Key.type, &sink); sink.jsonString(row.type.rawValue)
        w.key(Key.date, &sink); sink.jsonString(row.date)
        w.key(Key.earliest, &sink); sink.day(row.earliest)
        w.key(Key.latest, &sink); sink.day(row.latest)
        w.key(Key.certain, &sink); w.bool(row.certain, &sink)
        w.key(Key.member, &sink); w.optional(row.member?.rawValue, &sink)
        w.key(Key.network, &sink); w.optional(row.network?.rawValue, &sink)
        w.key(Key.summary, &sink); sink.jsonString(row.summary)
        w.key(Key.corrected, &sink); w.bool(row.corrected, &sink)
        w.key(Key.source, &sink); w.optional(row.source, &sink)
        w.key(Key.note, &sink); w.optional(row.note, &sink)
        w.close("}", &sink)
    }

    /// The rows' keys, each made once.
    private enum Key {
        static let badge = JSONKey("badge")
        static let basis = JSONKey("basis")
        static let certain = JSONKey("certain")
        static let corrected = JSONKey("corrected")
        static let date = JSONKey("date")
        static let due = JSONKey("due")
        static let earliest = JSONKey("earliest")
        static let id = JSONKey("id")
        static let late = JSONKey("late")
        static let latest = JSONKey("latest")
        static let member = JSONKey("member")
        static let met = JSONKey("met")
        static let metOn = JSONKey("metOn")
        static let milestone = JSONKey("milestone")
        static let network = JSONKey("network")
        static let note = JSONKey("note")
        static let overdue = JSONKey("overdue")
        static let reason = JSONKey("reason")
        static let recurring = JSONKey("recurring")
        static let rules = JSONKey("rules")
        static let seq = JSONKey("seq")
        static let since = JSONKey("since")
        static let source = JSONKey("source")
        static let status = JSONKey("status")
        static let summary = JSONKey("summary")
        static let type = JSONKey("type")
        static let via = JSONKey("via")
    }

    /// Two-space indentation, members on their own lines, as `JSONText` writes.
    private struct Writer {
        var indent: Int
        /// Whether the open container has a member yet.
        var first = true

        mutating func open(_ bracket: StaticString, _ sink: inout ByteSink) {
            sink.text(bracket)
            indent += 1
            first = true
        }

        mutating func close(_ bracket: StaticString, _ sink: inout ByteSink) {
            indent -= 1
            sink.newline(indent)
            sink.text(bracket)
            first = false
        }

        /// Starts a member or an array item.
        mutating func item(_ sink: inout ByteSink) {
            if !first { sink.byte(UInt8(ascii: ",")) }
            first = false
            sink.newline(indent)
        }

        mutating func key(_ key: JSONKey, _ sink: inout ByteSink) {
            sink.key(key, first: first, levels: indent)
            first = false
        }

        func optional(_ text: String?, _ sink: inout ByteSink) {
            if let text { sink.jsonString(text) } else { sink.null() }
        }

        func bool(_ value: Bool, _ sink: inout ByteSink) { sink.bool(value) }
    }
}
