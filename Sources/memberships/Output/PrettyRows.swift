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
        w.key("member", &sink); sink.jsonString(row.member.rawValue)
        w.key("network", &sink); sink.jsonString(row.network.rawValue)
        w.key("via", &sink); sink.jsonString(row.via)
        w.key("since", &sink); sink.jsonString(row.since)
        w.key("status", &sink); sink.jsonString(row.status.rawValue)
        w.key("reason", &sink); w.optional(row.reason, &sink)
        w.key("basis", &sink); w.optional(row.basis, &sink)
        w.key("badge", &sink); w.optional(row.badge, &sink)
        w.key("certain", &sink); w.bool(row.certain, &sink)
        w.key("rules", &sink)
        if row.rules.isEmpty {
            sink.text("[]")
        } else {
            w.open("[", &sink)
            for rule in row.rules {
                w.item(&sink)
                w.open("{", &sink)
                w.key("milestone", &sink); sink.jsonString(rule.milestone)
                w.key("due", &sink); sink.day(rule.due)
                w.key("met", &sink); w.bool(rule.met, &sink)
                w.key("metOn", &sink); w.optional(rule.metOn, &sink)
                w.key("late", &sink); w.bool(rule.late, &sink)
                w.key("overdue", &sink); w.bool(rule.overdue, &sink)
                w.key("recurring", &sink); w.bool(rule.recurring, &sink)
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
        w.key("seq", &sink); sink.bytes(Array(String(row.seq).utf8))
        w.key("id", &sink); sink.jsonString(row.id.rawValue)
        w.key("type", &sink); sink.jsonString(row.type.rawValue)
        w.key("date", &sink); sink.jsonString(row.date)
        w.key("earliest", &sink); sink.day(row.earliest)
        w.key("latest", &sink); sink.day(row.latest)
        w.key("certain", &sink); w.bool(row.certain, &sink)
        w.key("member", &sink); w.optional(row.member?.rawValue, &sink)
        w.key("network", &sink); w.optional(row.network?.rawValue, &sink)
        w.key("summary", &sink); sink.jsonString(row.summary)
        w.key("corrected", &sink); w.bool(row.corrected, &sink)
        w.key("source", &sink); w.optional(row.source, &sink)
        w.key("note", &sink); w.optional(row.note, &sink)
        w.close("}", &sink)
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

        mutating func key(_ name: StaticString, _ sink: inout ByteSink) {
            sink.key(name, first: first, levels: indent)
            first = false
        }

        func optional(_ text: String?, _ sink: inout ByteSink) {
            if let text { sink.jsonString(text) } else { sink.text("null") }
        }

        func bool(_ value: Bool, _ sink: inout ByteSink) { sink.text(value ? "true" : "false") }
    }
}
