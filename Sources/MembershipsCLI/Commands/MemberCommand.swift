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
        if let name {
            let row = replay.member(try replay.member(named: name), asOf: options.asOf)
            options.print([row], json: \.json, csv: MemberCommand.csv, columns: MemberCommand.columns, head: head, context: context) {
                MemberCommand.profile(row, asOf: options.asOf)
            }
            return 0
        }
        let rows = replay.members(asOf: options.asOf)
        options.print(rows, json: \.json, csv: MemberCommand.csv, columns: MemberCommand.columns, head: head, context: context) {
            // A note column only when a member has a note.
            let notes = rows.contains { !($0.note ?? "").isEmpty }
            var table = Table(["MEMBER", "NAME", "KIND", "COUNTRY", "COMMITMENTS"] + (notes ? ["NOTE"] : []))
            for row in rows {
                table.add([row.member.rawValue, row.name ?? "", row.kind ?? "", row.country ?? "", String(row.commitments.count)]
                          + (notes ? [DisplayWidth.truncate(row.note ?? "", to: 60)] : []))
            }
            return table.render()
        }
        return 0
    }

    /// A row's CSV values, in `columns`' order: the commitments as their JSON array.
    static func csv(_ row: MemberRow) -> [String] {
        [row.member.rawValue, CSV.cell(row.name), CSV.cell(row.kind), CSV.cell(row.country), CSV.cell(row.note),
         CSV.cell(JSONValue.array(row.commitments.map(\.json)))]
    }

    /// One member as text: its name, kind and country, its note, then its commitments as
    /// `status` shows them.
    static func profile(_ row: MemberRow, asOf: Day) -> String {
        let country = (row.country ?? "").isEmpty ? "" : ", \(row.country ?? "")"
        let note = row.note ?? ""
        let title = Console.safe("\(row.name ?? "") (\(row.member.rawValue)): \(row.kind ?? "")\(country)")
            + (note.isEmpty ? "" : "\nnote: " + Console.safe(note))
        let layout = StatusCommand.layout(asOf: asOf, withMember: false)
        return title + "\n\n" + TextTable.text(headers: layout.headers, rows: row.commitments, line: layout.line)
    }
}

/// `members`.
struct MembersCommand: Command {
    let inner: MemberCommand
    static let valued = ViewOptions.names
    init(_ args: Arguments) throws(LedgerError) { inner = try MemberCommand(args, command: "members") }
    func run(_ context: Context) throws(LedgerError) -> Int32 { try inner.run(context) }
}
