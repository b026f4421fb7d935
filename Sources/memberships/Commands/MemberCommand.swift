import Ledger
import Projections

/// `member NAME` and `members`: profiles and commitments at the as-of date.
struct MemberCommand: Command {
    static let columns = ["member", "name", "kind", "country", "note", "commitments"]
    let options: ViewOptions
    let name: String?

    static let valued = ViewOptions.names

    init(_ args: Arguments) throws(LedgerError) {
        try self.init(args, command: "member")
    }

    init(_ args: Arguments, command: String) throws(LedgerError) {
        name = try ViewOptions.subject(args, command: command, singular: "member")
        options = try ViewOptions(args)
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        // One member's profile replays that member alone on a large log.
        let (replay, head) = try options.replay(context, member: name)
        let rows: [JSONValue]
        if let name {
            let id = try replay.member(named: name)
            rows = [replay.member(id, asOf: options.asOf).json]
        } else {
            rows = replay.members(asOf: options.asOf).map(\.json)
        }
        options.print(rows, head: head, columns: MemberCommand.columns, context: context) {
            if name == nil {
                // A note column only when a member has a note.
                let notes = rows.contains { !$0.text("note").isEmpty }
                var table = Table(["MEMBER", "NAME", "KIND", "COUNTRY", "COMMITMENTS"] + (notes ? ["NOTE"] : []))
                for row in rows {
                    table.add([row.text("member"), row.text("name"), row.text("kind"), row.text("country"),
                               String(row["commitments"]?.items.count ?? 0)]
                              + (notes ? [DisplayWidth.truncate(row.text("note"), to: 60)] : []))
                }
                return table.render()
            }
            let row = rows[0]
            let country = row.text("country").isEmpty ? "" : ", \(row.text("country"))"
            let title = Console.safe("\(row.text("name")) (\(row.text("member"))): \(row.text("kind"))\(country)")
                + (row.text("note").isEmpty ? "" : "\nnote: " + Console.safe(row.text("note")))
            let commitments = row["commitments"]?.items ?? []
            return title + "\n\n" + StatusCommand.table(commitments, withMember: false).render()
        }
        return 0
    }
}

/// `members`.
struct MembersCommand: Command {
    let inner: MemberCommand
    static let valued = ViewOptions.names
    init(_ args: Arguments) throws(LedgerError) { inner = try MemberCommand(args, command: "members") }
    func run(_ context: Context) throws(LedgerError) -> Int32 { try inner.run(context) }
}
