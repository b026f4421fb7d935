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
        let rows: [JSONValue]
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
        options.print(rows, head: head, columns: AuditCommand.columns, context: context) { table(rows) }
        return 0
    }

    /// The text table: what each event said (a correction's reason included) is never cut;
    /// the note column appears when an event has one.
    private func table(_ rows: [JSONValue]) -> String {
        let notes = wide || rows.contains { !$0.text("note").isEmpty }
        var table = Table(["SEQ", "ID", "RECORDED", "BY", "WHAT", "CHANGES", "SOURCE"] + (notes ? ["NOTE"] : []))
        for row in rows {
            let changes = row["changes"]?.items.map { "\($0.text("field")): \($0.text("old")) → \($0.text("new"))" }
                .joined(separator: "; ") ?? ""
            var cells = [row.text("seq"), ShortID.text(row.text("id"), wide: wide), row.text("recorded"), row.text("by"),
                         row.text("summary"), changes,
                         wide ? row.text("source") : DisplayWidth.truncate(row.text("source"), to: 48)]
            if notes { cells.append(row.text("note")) }
            table.add(cells)
        }
        return table.render() + "\n(SEQ and ID: what --target and audit --event take, as seq:N or the id)"
    }
}
