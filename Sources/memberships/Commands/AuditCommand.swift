import Ledger
import Projections

/// `audit`: every event that touched a commitment or an event, in log order.
struct AuditCommand: Command {
    static let columns = ["seq", "id", "type", "recorded", "by", "summary", "source", "changes"]
    enum Subject {
        case commitment(member: String, network: String)
        case event(String)
    }

    let options: ViewOptions
    let subject: Subject

    static let valued: [String] = ViewOptions.names + ["member", "network", "event"]

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(0, 0, command: "audit", what: "")
        options = try ViewOptions(args)
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
        case .event(let id):
            rows = try checked { () throws(ViewError) in
                try AuditTrail.rows(replay: replay, event: EventID(id))
            }
        }
        options.print(rows, head: head, columns: AuditCommand.columns, context: context) {
            var table = Table(["SEQ", "RECORDED", "BY", "WHAT", "CHANGES", "SOURCE"])
            for row in rows {
                let changes = row["changes"]?.items.map { "\($0.text("field")): \($0.text("old")) → \($0.text("new"))" }
                    .joined(separator: "; ") ?? ""
                table.add([row.text("seq"), row.text("recorded"), row.text("by"), DisplayWidth.truncate(row.text("summary"), to: 100), changes,
                           DisplayWidth.truncate(row.text("source"), to: 48)])
            }
            return table.render()
        }
        return 0
    }
}
