import Ledger
import Projections

/// The JSON of the two largest views' rows written straight to bytes, in exactly the form
/// `JSONText` gives their `json` (`PrettyRowsTests` holds them equal): a status or timeline
/// of a million rows builds no JSON tree.
enum PrettyRows {
    /// Writes `row` as `JSONText.write(row.json, indent: indent)` would.
    static func write(_ row: StatusRow, indent: Int, into sink: inout ByteSink) {
        let key = Keys.all
        // The most it can take: every key, bracket and value at the deepest level (a rule's).
        let keyRoom = RoomWriter.keyRoom(levels: indent + 4), valueRoom = RoomWriter.valueRoom
        var room = 14 * keyRoom + 2 * valueRoom + RoomWriter.stringRoom(row.member.rawValue)
            + RoomWriter.stringRoom(row.network.rawValue) + RoomWriter.stringRoom(row.via) + RoomWriter.stringRoom(row.since)
            + RoomWriter.stringRoom(row.status.rawValue) + RoomWriter.stringRoom(row.reason) + RoomWriter.stringRoom(row.basis)
            + RoomWriter.stringRoom(row.badge)
        for rule in row.rules {
            room += 10 * keyRoom + 6 * valueRoom + RoomWriter.stringRoom(rule.milestone) + RoomWriter.stringRoom(rule.metOn)
        }
        sink.write(room: room) { w in
            w.levels = indent
            w.open(UInt8(ascii: "{"))
            w.key(key.member); w.string(row.member.rawValue)
            w.key(key.network); w.string(row.network.rawValue)
            w.key(key.via); w.string(row.via)
            w.key(key.since); w.string(row.since)
            w.key(key.status); w.string(row.status.rawValue)
            w.key(key.reason); w.optional(row.reason)
            w.key(key.basis); w.optional(row.basis)
            w.key(key.badge); w.optional(row.badge)
            w.key(key.certain); w.bool(row.certain)
            w.key(key.rules)
            if row.rules.isEmpty {
                w.emptyArray()
            } else {
                w.open(UInt8(ascii: "["))
                for rule in row.rules {
                    w.item()
                    w.open(UInt8(ascii: "{"))
                    w.key(key.milestone); w.string(rule.milestone)
                    w.key(key.due); w.day(rule.due)
                    w.key(key.met); w.bool(rule.met)
                    w.key(key.metOn); w.optional(rule.metOn)
                    w.key(key.late); w.bool(rule.late)
                    w.key(key.overdue); w.bool(rule.overdue)
                    w.key(key.recurring); w.bool(rule.recurring)
                    w.close(UInt8(ascii: "}"))
                }
                w.close(UInt8(ascii: "]"))
            }
            w.close(UInt8(ascii: "}"))
        }
    }

    /// Writes `row` as `JSONText.write(row.json, indent: indent)` would.
    static func write(_ row: TimelineRow, indent: Int, into sink: inout ByteSink) {
        let key = Keys.all
        let room = 16 * RoomWriter.keyRoom(levels: indent + 1) + 8 * RoomWriter.valueRoom
            + RoomWriter.stringRoom(row.id.rawValue) + RoomWriter.stringRoom(row.type.rawValue) + RoomWriter.stringRoom(row.date)
            + RoomWriter.stringRoom(row.member?.rawValue) + RoomWriter.stringRoom(row.network?.rawValue)
            + RoomWriter.stringRoom(row.summary) + RoomWriter.stringRoom(row.source) + RoomWriter.stringRoom(row.note)
        sink.write(room: room) { w in
            w.levels = indent
            w.open(UInt8(ascii: "{"))
            w.key(key.seq); w.integer(row.seq)
            w.key(key.id); w.string(row.id.rawValue)
            w.key(key.type); w.string(row.type.rawValue)
            w.key(key.date); w.string(row.date)
            w.key(key.earliest); w.day(row.earliest)
            w.key(key.latest); w.day(row.latest)
            w.key(key.certain); w.bool(row.certain)
            w.key(key.member); w.optional(row.member?.rawValue)
            w.key(key.network); w.optional(row.network?.rawValue)
            w.key(key.summary); w.string(row.summary)
            w.key(key.corrected); w.bool(row.corrected)
            w.key(key.source); w.optional(row.source)
            w.key(key.note); w.optional(row.note)
            w.close(UInt8(ascii: "}"))
        }
    }

    /// The rows' keys, each made once (and read once a row: reading a global checks that
    /// it is made).
    private struct Keys {
        let badge = JSONKey("badge")
        let basis = JSONKey("basis")
        let certain = JSONKey("certain")
        let corrected = JSONKey("corrected")
        let date = JSONKey("date")
        let due = JSONKey("due")
        let earliest = JSONKey("earliest")
        let id = JSONKey("id")
        let late = JSONKey("late")
        let latest = JSONKey("latest")
        let member = JSONKey("member")
        let met = JSONKey("met")
        let metOn = JSONKey("metOn")
        let milestone = JSONKey("milestone")
        let network = JSONKey("network")
        let note = JSONKey("note")
        let overdue = JSONKey("overdue")
        let reason = JSONKey("reason")
        let recurring = JSONKey("recurring")
        let rules = JSONKey("rules")
        let seq = JSONKey("seq")
        let since = JSONKey("since")
        let source = JSONKey("source")
        let status = JSONKey("status")
        let summary = JSONKey("summary")
        let type = JSONKey("type")
        let via = JSONKey("via")
        static let all = Keys()
    }
}
