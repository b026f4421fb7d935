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
        if member == nil, let network, ViewOptions.isLarge(context) {
            // One network of a log too large to hold as facts: the core and the facts its
            // timeline can show, alone.
            var aside = try options.loadSetAside(context)
            let rows = try NetworkTimeline.rows(core: aside.core.take(), spill: aside.spill, file: aside.file, knownAt: options.knownAt,
                                                asOf: options.asOf, network: network, from: from, to: to)
            print(AllRows(rows), head: aside.head, context)
            return 0
        }
        // `--member` replays that member alone on a large log.
        let (replay, head) = try options.replay(context, member: member)
        let memberID = try replay.memberFilter(member)
        let networkID = try replay.networkFilter(network)
        let rows = replay.timelineRows(asOf: options.asOf, member: memberID, network: networkID, from: from, to: to)
        if options.format == .text && !ViewOptions.isLarge(context) {
            // A text table reads its rows twice (to measure, to write): made once and held,
            // unless the log is large.
            print(AllRows(rows.all()), head: head, context)
        } else {
            // Made as they are written, a piece at a time: no row held once written.
            print(rows, head: head, context)
        }
        return 0
    }

    private func print(_ rows: some PieceRows<TimelineRow>, head: Head, _ context: Context) {
        if options.format == .json {
            options.printJSON(rows, write: PrettyRows.write, head: head, context: context)
        } else {
            options.printTable(rows, TimelineCommand.layout(wide: wide, asOf: options.asOf), head: head, context: context)
        }
    }

    /// The marks the text table's legend explains.
    private enum Mark {
        static let uncertain = 0, corrected = 1, noted = 2
    }

    /// The text table: date (with its marks), member, network, what, source, id; with
    /// `--wide`, the note too and nothing cut short. A legend explains only what it shows.
    /// CSV: every field (SPEC §6 keys).
    static func layout(wide: Bool, asOf: Day) -> RowLayout<TimelineRow> {
        RowLayout(headers: ["DATE", "MEMBER", "NETWORK", "WHAT", "SOURCE", "ID"] + (wide ? ["NOTE"] : []), line: { row in
            let mark = (row.certain ? "" : "?") + (row.corrected ? "*" : "")
            let note = row.note ?? ""
            var cells = [row.date + (mark.isEmpty ? "" : " " + mark), row.member?.rawValue ?? "", row.network?.rawValue ?? "",
                         wide ? row.summary : DisplayWidth.truncate(row.summary, to: 100),
                         wide ? row.source ?? "" : DisplayWidth.truncate(row.source ?? "", to: 40),
                         ShortID.text(row.id.rawValue, wide: wide)]
            if wide { cells.append(note) }
            let marks = (row.certain ? 0 : 1 << Mark.uncertain) | (row.corrected ? 1 << Mark.corrected : 0)
                | (note.isEmpty ? 0 : 1 << Mark.noted)
            return TextTable.Line(cells, marks: UInt8(marks))
        }, legend: { marks in
            var legend: [String] = []
            if marks[Mark.uncertain] > 0 { legend.append("? not certain as of \(asOf)") }
            if marks[Mark.corrected] > 0 { legend.append("* corrected") }
            let noted = marks[Mark.noted]
            if !wide && noted > 0 { legend.append("--wide shows the note\(noted == 1 ? " one event has" : "s \(noted) events have")") }
            legend.append("ID: what --target and audit --event take")
            legend.append(wide ? "--format json for every field" : "--format json for every field in full")
            return "\n(" + legend.joined(separator: "; ") + ")"
        }, columns: columns, csv: csv)
    }

    /// A row's CSV values, in `columns`' order.
    static func csv(_ row: TimelineRow) -> [String] {
        [String(row.seq), row.id.rawValue, row.type.rawValue, row.date, row.earliest.description, row.latest.description,
         CSV.cell(row.certain), CSV.cell(row.member?.rawValue), CSV.cell(row.network?.rawValue), row.summary,
         CSV.cell(row.corrected), CSV.cell(row.source), CSV.cell(row.note)]
    }
}
