import Ledger
import Projections

/// The JSON of the two largest views' rows written straight to bytes, in exactly the form
/// `JSONText` gives their `json` (`PrettyRowsTests` holds them equal): a status or timeline
/// of a million rows builds no JSON tree.
enum PrettyRows {
    /// Writes the judged `row` as `JSONText.write(StatusRow(row…).json, indent: runs.indent)`
    /// would: the runs of its layout (`StatusRowRuns`) and its strings' literals copied in
    /// turn, from `names` (by handle) and `texts` (the policies' texts).
    static func write(_ row: JudgedRow, runs: StatusRowRuns, names: JSONLiterals, texts: JSONLiterals, into sink: inout ByteSink) {
        typealias Run = StatusRowRuns.Run
        let table = runs.table
        // The rules read in place (`Rules`' subscript is a call from this module).
        let inline = row.rules.first.count, held = row.rules.first.span
        func rule(_ k: Int) -> JudgedRow.Rule { k < inline ? held[k] : row.rules.more[k - inline] }
        let via = StatusRowRuns.via(row.via)
        // Each literal or run copied may write past its end (`RoomWriter.literalSlack`): counted
        // once, for the last one; the others' are written over by what follows.
        var room = runs.rowRoom + RoomWriter.literalSlack + RoomWriter.length(row.member, in: names)
            + RoomWriter.length(row.network, in: names) + RoomWriter.length(row.since, in: names)
            + RoomWriter.stringRoom(row.reason) + (via == nil ? RoomWriter.stringRoom(row.viaText) : 0)
        switch row.badge {
        case .none: room += 4
        case .name(let handle): room += RoomWriter.length(handle, in: names)
        case .text(let index): room += RoomWriter.length(index, in: texts)
        }
        // By index: iterating would copy the rules held in the row.
        for k in 0..<row.rules.count {
            room += runs.ruleRoom + RoomWriter.valueRoom + RoomWriter.length(rule(k).milestone, in: texts)
                + (rule(k).metOn == Interner.none ? 4 : RoomWriter.length(rule(k).metOn, in: names))
        }
        sink.write(room: room) { w in
            w.literal(Run.member.rawValue, in: table); w.literal(row.member, in: names)
            w.literal(Run.network.rawValue, in: table); w.literal(row.network, in: names)
            if let via {
                w.literal(via.rawValue, in: table)
            } else {
                w.literal(Run.via.rawValue, in: table); w.string(row.viaText)
            }
            w.literal(Run.since.rawValue, in: table); w.literal(row.since, in: names)
            w.literal(StatusRowRuns.status(row.status).rawValue, in: table)
            w.literal(Run.reason.rawValue, in: table); w.optional(row.reason)
            w.literal(StatusRowRuns.basis(row.basis).rawValue, in: table)
            w.literal(Run.badge.rawValue, in: table)
            switch row.badge {
            case .none: w.null()
            case .name(let handle): w.literal(handle, in: names)
            case .text(let index): w.literal(index, in: texts)
            }
            w.literal((row.certain ? Run.certainTrue : Run.certainFalse).rawValue, in: table)
            if row.rules.count == 0 {
                w.literal(Run.noRules.rawValue, in: table)
                return
            }
            for k in 0..<row.rules.count {
                let rule = rule(k)
                w.literal((k == 0 ? Run.firstRule : Run.nextRule).rawValue, in: table); w.literal(rule.milestone, in: texts)
                w.literal(Run.due.rawValue, in: table); w.day(rule.due, packed: rule.duePacked)
                w.literal((rule.met ? Run.metTrue : Run.metFalse).rawValue, in: table)
                if rule.metOn == Interner.none { w.null() } else { w.literal(rule.metOn, in: names) }
                w.literal(StatusRowRuns.flags(late: rule.late, overdue: rule.overdue, recurring: rule.recurring), in: table)
            }
            w.literal(Run.lastRule.rawValue, in: table)
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
        let certain = JSONKey("certain")
        let corrected = JSONKey("corrected")
        let date = JSONKey("date")
        let earliest = JSONKey("earliest")
        let id = JSONKey("id")
        let latest = JSONKey("latest")
        let member = JSONKey("member")
        let network = JSONKey("network")
        let note = JSONKey("note")
        let seq = JSONKey("seq")
        let source = JSONKey("source")
        let summary = JSONKey("summary")
        let type = JSONKey("type")
        static let all = Keys()
    }
}
