import Ledger
import Projections

/// The JSON of the two largest views' rows written straight to bytes, in exactly the form
/// `JSONText` gives their `json` (`PrettyRowsTests` holds them equal): a status or timeline
/// of a million rows builds no JSON tree.
enum PrettyRows {
    /// Appends `row` as `JSONText.write(row.json, indent: indent)` would.
    static func write(_ row: StatusRow, indent: Int, into out: inout [UInt8]) {
        var w = Writer(out: out, indent: indent)
        out = []
        w.open("{")
        w.key("member"); w.string(row.member.rawValue)
        w.key("network"); w.string(row.network.rawValue)
        w.key("via"); w.string(row.via)
        w.key("since"); w.string(row.since)
        w.key("status"); w.string(row.status.rawValue)
        w.key("reason"); w.optional(row.reason)
        w.key("basis"); w.optional(row.basis)
        w.key("badge"); w.optional(row.badge)
        w.key("certain"); w.bool(row.certain)
        w.key("rules")
        if row.rules.isEmpty {
            w.raw("[]")
        } else {
            w.open("[")
            for rule in row.rules {
                w.item()
                w.open("{")
                w.key("milestone"); w.string(rule.milestone)
                w.key("due"); w.day(rule.due)
                w.key("met"); w.bool(rule.met)
                w.key("metOn"); w.optional(rule.metOn)
                w.key("late"); w.bool(rule.late)
                w.key("overdue"); w.bool(rule.overdue)
                w.key("recurring"); w.bool(rule.recurring)
                w.close("}")
            }
            w.close("]")
        }
        w.close("}")
        out = w.out
    }

    /// Appends `row` as `JSONText.write(row.json, indent: indent)` would.
    static func write(_ row: TimelineRow, indent: Int, into out: inout [UInt8]) {
        var w = Writer(out: out, indent: indent)
        out = []
        w.open("{")
        w.key("seq"); w.raw(String(row.seq))
        w.key("id"); w.string(row.id.rawValue)
        w.key("type"); w.string(row.type.rawValue)
        w.key("date"); w.string(row.date)
        w.key("earliest"); w.day(row.earliest)
        w.key("latest"); w.day(row.latest)
        w.key("certain"); w.bool(row.certain)
        w.key("member"); w.optional(row.member?.rawValue)
        w.key("network"); w.optional(row.network?.rawValue)
        w.key("summary"); w.string(row.summary)
        w.key("corrected"); w.bool(row.corrected)
        w.key("source"); w.optional(row.source)
        w.close("}")
        out = w.out
    }

    /// Two-space indentation, members on their own lines, as `JSONText` writes.
    private struct Writer {
        var out: [UInt8]
        var indent: Int
        /// Whether the open container has a member yet.
        var first = true

        mutating func newline() {
            let count = 1 + 2 * indent
            if count <= Writer.lineStart.count {
                out.append(contentsOf: Writer.lineStart[0..<count])
            } else {
                out.append(0x0A)
                out.append(contentsOf: repeatElement(0x20, count: 2 * indent))
            }
        }

        /// A newline and the spaces of a few levels of indentation.
        static let lineStart: [UInt8] = [0x0A] + Array(repeating: 0x20, count: 16)

        mutating func open(_ bracket: StaticString) {
            raw(bracket)
            indent += 1
            first = true
        }

        mutating func close(_ bracket: StaticString) {
            indent -= 1
            newline()
            raw(bracket)
            first = false
        }

        /// Starts an array item.
        mutating func item() {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            newline()
        }

        mutating func key(_ name: StaticString) {
            item()
            out.append(UInt8(ascii: "\""))
            raw(name)
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
            out.append(0x20)
        }

        /// A day as a JSON string `"YYYY-MM-DD"` (the ledger's years have four digits).
        mutating func day(_ day: Day) {
            let (y, m, d) = day.civil
            guard (0...9999).contains(y) else { string(day.description); return }
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(48 + y / 1000)); out.append(UInt8(48 + y / 100 % 10))
            out.append(UInt8(48 + y / 10 % 10)); out.append(UInt8(48 + y % 10))
            out.append(UInt8(ascii: "-")); out.append(UInt8(48 + m / 10)); out.append(UInt8(48 + m % 10))
            out.append(UInt8(ascii: "-")); out.append(UInt8(48 + d / 10)); out.append(UInt8(48 + d % 10))
            out.append(UInt8(ascii: "\""))
        }

        mutating func raw(_ text: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        mutating func raw(_ text: String) { out.append(contentsOf: text.utf8) }

        mutating func string(_ text: String) { JSONWriter.writeString(text, into: &out) }

        mutating func optional(_ text: String?) {
            if let text { string(text) } else { raw("null") }
        }

        mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }
    }
}
