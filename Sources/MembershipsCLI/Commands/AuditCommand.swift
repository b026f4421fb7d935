import Ledger
import Projections

/// `audit`: every event that touched a commitment or an event, in log order.
///
/// `--event` takes an id, the start of one (as text tables show a generated id) or `seq:N`.
/// Text shows each event's seq and id, what it said and every correction's reason in full,
/// and each event's note when one has one; `--wide` shows ids and sources in full too.
struct AuditCommand: Command {
    static let columns = ["seq", "id", "type", "recorded", "by", "summary", "source", "note", "changes"]
    enum Subject {
        case commitment(member: String, network: String)
        case event(String)
    }

    let options: ViewOptions
    let subject: Subject
    let wide: Bool

    static let valued: [String] = ViewOptions.names + ["member", "network", "event"]
    static let switches = ["wide"]

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(0, 0, command: "audit", what: "")
        options = try ViewOptions(args)
        wide = args.has("wide")
        switch (args.value("member"), args.value("network"), args.value("event")) {
        case (let m?, let n?, nil): subject = .commitment(member: m, network: n)
        case (nil, nil, let e?): subject = .event(e)
        default:
            throw LedgerError(.usage, "audit takes either --member M --network N, or --event ID",
                              hint: "see 'memberships help audit'")
        }
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        let (replay, head) = try options.replay(context)
        let rows: [AuditRow]
        switch subject {
        case .commitment(let m, let n):
            let member = try replay.member(named: m)
            let network = try replay.network(named: n)
            rows = AuditTrail.rows(replay: replay, member: member, network: network)
        case .event(let text):
            let event = try EventArgument.resolve(text, flag: "--event", in: replay)
            rows = try checked { () throws(ViewError) in
                try AuditTrail.rows(replay: replay, event: event.id)
            }
        }
        if options.format == .json {
            options.printJSON(rows, json: \.json, head: head, context: context)
        } else {
            options.printTable(rows, layout(notes: wide || rows.contains { !($0.note ?? "").isEmpty }), head: head, context: context)
        }
        return 0
    }

    /// The text table: what each event said (a correction's reason included) is never cut;
    /// the note column appears when `notes` (an event has one, or `--wide`). CSV: every
    /// field, the changes as their JSON array.
    private func layout(notes: Bool) -> RowLayout<AuditRow> {
        RowLayout(headers: ["SEQ", "ID", "RECORDED", "BY", "WHAT", "CHANGES", "SOURCE"] + (notes ? ["NOTE"] : []),
                  line: { [wide] row in
            let changes = row.changes.map { "\($0.field): \($0.old?.text ?? "") → \($0.new.text)" }.joined(separator: "; ")
            var cells = [String(row.seq), ShortID.text(row.id.rawValue, wide: wide), row.recorded ?? "", row.by ?? "",
                         row.summary, changes, wide ? row.source ?? "" : DisplayWidth.truncate(row.source ?? "", to: 48)]
            if notes { cells.append(row.note ?? "") }
            return TextTable.Line(cells)
        }, legend: { _ in "\n(SEQ and ID: what --target and audit --event take, as seq:N or the id)" },
                  columns: AuditCommand.columns, csv: AuditCommand.csv)
    }

    /// A row's CSV values, in `columns`' order: the changes as their JSON array.
    static func csv(_ row: AuditRow) -> [String] {
        [String(row.seq), row.id.rawValue, row.type.rawValue, CSV.cell(row.recorded), CSV.cell(row.by), row.summary,
         CSV.cell(row.source), CSV.cell(row.note), CSV.cell(JSONValue.array(row.changes.map(\.json)))]
    }
}
