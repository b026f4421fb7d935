import Ledger
import Projections

/// The JSON of the two largest views' rows written straight to bytes, in exactly the form
/// `JSONText` gives their `json` (`PrettyRowsTests` holds them equal): a status or timeline
/// of a million rows builds no JSON tree.
enum PrettyRows {
    /// Writes the judged `row` as `JSONText.write(StatusRow(row…).json, indent: indent)`
    /// would, copying its strings' literals from `names` (by handle) and `texts` (the
    /// policies' texts).
    static func write(_ row: JudgedRow, indent: Int, names: JSONLiterals, texts: JSONLiterals, into sink: inout ByteSink) {
        let key = Keys.all
        // The rules read in place (`Rules`' subscript is a call from this module).
        let inline = row.rules.first.count
        func rule(_ k: Int) -> JudgedRow.Rule { k < inline ? row.rules.first[k] : row.rules.more[k - inline] }
        let keyRoom = RoomWriter.keyRoom(levels: indent + 4), valueRoom = RoomWriter.valueRoom
        // Each literal copied may write past its end (`RoomWriter.literalSlack`): counted once,
        // for the last one; the others' are written over by what follows.
        var room = 14 * keyRoom + 8 * valueRoom + RoomWriter.literalSlack + RoomWriter.length(row.member, in: names) + RoomWriter.length(row.network, in: names)
            + RoomWriter.length(row.since, in: names)
        switch row.badge {
        case .none: break
        case .name(let handle): room += RoomWriter.length(handle, in: names)
        case .text(let index): room += RoomWriter.length(index, in: texts)
        }
        // By index: iterating would copy the rules held in the row.
        for k in 0..<row.rules.count {
            room += 10 * keyRoom + 6 * valueRoom + RoomWriter.length(rule(k).milestone, in: texts)
                + (rule(k).metOn == Interner.none ? 0 : RoomWriter.length(rule(k).metOn, in: names))
        }
        sink.write(room: room) { w in
            w.levels = indent
            w.open(UInt8(ascii: "{"))
            w.key(key.member); w.literal(row.member, in: names)
            w.key(key.network); w.literal(row.network, in: names)
            w.key(key.via); w.string(row.viaText)
            w.key(key.since); w.literal(row.since, in: names)
            w.key(key.status); w.string(row.status.rawValue)
            w.key(key.reason); w.optional(row.reason)
            w.key(key.basis); w.optional(row.basis?.rawValue)
            w.key(key.badge)
            switch row.badge {
            case .none: w.null()
            case .name(let handle): w.literal(handle, in: names)
            case .text(let index): w.literal(index, in: texts)
            }
            w.key(key.certain); w.bool(row.certain)
            w.key(key.rules)
            if row.rules.count == 0 {
                w.emptyArray()
            } else {
                w.open(UInt8(ascii: "["))
                for k in 0..<row.rules.count {
                    let rule = rule(k)
                    w.item()
                    w.open(UInt8(ascii: "{"))
                    w.key(key.milestone); w.literal(rule.milestone, in: texts)
                    w.key(key.due); w.day(rule.due)
                    w.key(key.met); w.bool(rule.met)
                    w.key(key.metOn)
                    if rule.metOn == Interner.none { w.null() } else { w.literal(rule.metOn, in: names) }
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
