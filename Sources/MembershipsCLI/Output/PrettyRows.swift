import Ledger
import Projections

/// The JSON of the two largest views' rows written straight to bytes, in exactly the form
/// `JSONText` gives their `json` (`PrettyRowsTests` holds them equal): a status or timeline
/// of a million rows builds no JSON tree.
enum PrettyRows {
    /// Writes the judged `row` as `JSONText.write(StatusRow(row…).json, indent: runs.indent)`
    /// would: the runs of its layout (`StatusRowRuns`) and its strings' literals copied in
    /// turn, from `names` (by handle) and `texts` (the policies' texts). `row` is inout only
    /// so that it is read where it lies (read from a copy, the six rules held in the row were
    /// copied first, twice a row); it is not changed.
    static func write(_ row: inout JudgedRow, runs: StatusRowRuns, names: JSONLiterals, texts: JSONLiterals,
                      into sink: inout ByteSink) {
        withUnsafePointer(to: &row) { write($0, runs: runs, names: names, texts: texts, into: &sink) }
    }

    private static func write(_ p: UnsafePointer<JudgedRow>, runs: StatusRowRuns, names: JSONLiterals, texts: JSONLiterals,
                              into sink: inout ByteSink) {
        typealias Run = StatusRowRuns.Run
        let table = runs.table
        // The rules read in place: the places held in the row are laid out one after the
        // other, as in a homogeneous tuple (`Rules`' subscript is a call from this module).
        let inline = JudgedRow.Rules.inline
        let held = UnsafeRawPointer(p.pointer(to: \.rules.first)!).assumingMemoryBound(to: JudgedRow.Rule.self)
        let more = p.pointer(to: \.rules.more)!, count = p.pointee.rules.count
        func rule(_ k: Int) -> JudgedRow.Rule { k < inline ? held[k] : more.pointee[k - inline] }
        let via = StatusRowRuns.via(p.pointee.via)
        // Each literal or run copied may write past its end (`RoomWriter.literalSlack`): counted
        // once, for the last one; the others' are written over by what follows.
        var room = runs.rowRoom + RoomWriter.literalSlack + RoomWriter.stringRoom(p.pointee.reason)
            + (via == nil ? RoomWriter.stringRoom(p.pointee.viaText) : 0)
        // At most: member, network and since are names, the badge a name, a text or null, and
        // each rule a text and a name or null. Reckoned from the longest literals, with no
        // length looked up (each a load from a table of a hundred thousand names and more),
        // unless some literal is so long that the bound would ask for much more room than
        // rows take.
        let name = names.longest, text = texts.longest
        let most = 3 * name + max(name, text, 4) + count * (runs.ruleRoom + RoomWriter.valueRoom + text + max(name, 4))
        if most <= PrettyRows.boundedRoom {
            room += most
        } else {
            room += RoomWriter.length(p.pointee.member, in: names) + RoomWriter.length(p.pointee.network, in: names)
                + RoomWriter.length(p.pointee.since, in: names)
            switch p.pointee.badge {
            case .none: room += 4
            case .name(let handle): room += RoomWriter.length(handle, in: names)
            case .text(let index): room += RoomWriter.length(index, in: texts)
            }
            // By index: iterating would copy the rules held in the row.
            for k in 0..<count {
                room += runs.ruleRoom + RoomWriter.valueRoom + RoomWriter.length(rule(k).milestone, in: texts)
                    + (rule(k).metOn == Interner.none ? 4 : RoomWriter.length(rule(k).metOn, in: names))
            }
        }
        sink.write(room: room) { w in
            w.literal(Run.member.rawValue, in: table); w.literal(p.pointee.member, in: names)
            w.literal(Run.network.rawValue, in: table); w.literal(p.pointee.network, in: names)
            if let via {
                w.literal(via.rawValue, in: table)
            } else {
                w.literal(Run.via.rawValue, in: table); w.string(p.pointee.viaText)
            }
            w.literal(Run.since.rawValue, in: table); w.literal(p.pointee.since, in: names)
            w.literal(StatusRowRuns.status(p.pointee.status).rawValue, in: table)
            w.literal(Run.reason.rawValue, in: table); w.optional(p.pointee.reason)
            w.literal(StatusRowRuns.basis(p.pointee.basis).rawValue, in: table)
            w.literal(Run.badge.rawValue, in: table)
            switch p.pointee.badge {
            case .none: w.null()
            case .name(let handle): w.literal(handle, in: names)
            case .text(let index): w.literal(index, in: texts)
            }
            w.literal((p.pointee.certain ? Run.certainTrue : Run.certainFalse).rawValue, in: table)
            if count == 0 {
                w.literal(Run.noRules.rawValue, in: table)
                return
            }
            for k in 0..<count {
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

    /// The most room a status row's bound may ask for (`write`); past it, the row's literals
    /// are measured one by one.
    static let boundedRoom = 16 << 10

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
