import Ledger
import Projections

/// `timeline`: the dated events in SPEC §4 order.
///
/// Text shows each event's id (a generated one shortened, see `ShortID`), the thing
/// `--target` and `audit --event` take; `--wide` adds each event's note and shows every text
/// and id in full. JSON and CSV always carry every field.
struct TimelineCommand: Command {
    static let columns = ["seq", "id", "type", "date", "earliest", "latest", "certain", "member", "network",
                          "summary", "corrected", "source", "note"]
    let options: ViewOptions
    let member: String?
    let network: String?
    let from: EDTFDate?
    let to: EDTFDate?
    let wide: Bool

    static let valued: [String] = ViewOptions.names + ["member", "network", "from", "to"]
    static let switches = ["wide"]

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(0, 0, command: "timeline", what: "")
        options = try ViewOptions(args)
        member = args.value("member")
        network = args.value("network")
        wide = args.has("wide")
        from = try TimelineCommand.date(args.value("from"), "--from")
        to = try TimelineCommand.date(args.value("to"), "--to")
        if let from, let to, from.earliest > to.latest {
            throw LedgerError(.usage, "--from \(from) is after --to \(to): no event could be in between",
                              hint: "give the earlier date to --from")
        }
    }

    static func date(_ text: String?, _ flag: String) throws(LedgerError) -> EDTFDate? {
        guard let text else { return nil }
        do { return try EDTFDate.parse(text) } catch { throw LedgerError(.usage, "\(flag): \(error.message)") }
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        let typed: [TimelineRow]
        let head: Head
        if member == nil, let network, ViewOptions.isLarge(context) {
            // One network of a log too large to hold as facts: the core and the facts its
            // timeline can show, alone.
            let aside = try options.loadSetAside(context)
            head = aside.head
            typed = try NetworkTimeline.rows(core: aside.core, spill: aside.spill, file: aside.file, knownAt: options.knownAt,
                                             asOf: options.asOf, network: network, from: from, to: to)
        } else {
            // `--member` replays that member alone on a large log.
            let (replay, replayed) = try options.replay(context, member: member)
            head = replayed
            let memberID = try replay.memberFilter(member)
            let networkID = try replay.networkFilter(network)
            typed = replay.timeline(asOf: options.asOf, member: memberID, network: networkID, from: from, to: to)
        }
        options.print(typed, json: \.json, write: PrettyRows.write, head: head, columns: TimelineCommand.columns, context: context) { rows in
            table(rows)
        }
        return 0
    }

    /// The text table: date (with its marks), member, network, what, source, id; with
    /// `--wide`, the note too and nothing cut short. A legend explains only what it shows.
    private func table(_ rows: [JSONValue]) -> String {
        var table = Table(["DATE", "MEMBER", "NETWORK", "WHAT", "SOURCE", "ID"] + (wide ? ["NOTE"] : []))
        for row in rows {
            let mark = (row.flag("certain") ? "" : "?") + (row.flag("corrected") ? "*" : "")
            var cells = [row.text("date") + (mark.isEmpty ? "" : " " + mark), row.text("member"), row.text("network"),
                         wide ? row.text("summary") : DisplayWidth.truncate(row.text("summary"), to: 100),
                         wide ? row.text("source") : DisplayWidth.truncate(row.text("source"), to: 40),
                         ShortID.text(row.text("id"), wide: wide)]
            if wide { cells.append(row.text("note")) }
            table.add(cells)
        }
        var legend: [String] = []
        if rows.contains(where: { !$0.flag("certain") }) { legend.append("? not certain as of \(options.asOf)") }
        if rows.contains(where: { $0.flag("corrected") }) { legend.append("* corrected") }
        let noted = rows.filter { !$0.text("note").isEmpty }.count
        if !wide && noted > 0 { legend.append("--wide shows the note\(noted == 1 ? " one event has" : "s \(noted) events have")") }
        legend.append("ID: what --target and audit --event take")
        legend.append(wide ? "--format json for every field" : "--format json for every field in full")
        return table.render() + "\n(" + legend.joined(separator: "; ") + ")"
    }
}
