import Ledger
import Projections

/// `status`: one row per commitment, with its rules and status.
struct StatusCommand: Command {
    static let columns = ["member", "network", "via", "since", "status", "reason", "basis", "badge", "certain", "rules"]
    let options: ViewOptions
    let member: String?
    let network: String?

    static let valued: [String] = ViewOptions.names + ["member", "network"]

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(0, 0, command: "status", what: "")
        options = try ViewOptions(args)
        member = args.value("member")
        network = args.value("network")
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        let (replay, head) = try options.replay(context)
        let memberID = try replay.memberFilter(member)
        let networkID = try replay.networkFilter(network)
        let rows = replay.statusRows(asOf: options.asOf, member: memberID, network: networkID)
        options.print(rows, json: \.json, write: PrettyRows.write, head: head, columns: StatusCommand.columns, context: context) { rows in
            StatusCommand.table(rows).render()
                + (rows.contains { !$0.flag("certain") } ? "\n(? not certain as of \(options.asOf))" : "")
        }
        return 0
    }

    /// The status rows as a table; also used by `member`.
    static func table(_ rows: [JSONValue], withMember: Bool = true) -> Table {
        var table = Table((withMember ? ["MEMBER"] : []) + ["NETWORK", "VIA", "SINCE", "STATUS", "RULES"])
        for row in rows {
            var status = row.text("status")
            if !row.text("reason").isEmpty { status += " (\(row.text("reason")))" }
            if !row.text("badge").isEmpty { status += " [\(row.text("badge"))]" }
            if !row.flag("certain") { status += " ?" }
            let rules = row["rules"]?.items.map(StatusCommand.rule).joined(separator: "; ") ?? ""
            table.add((withMember ? [row.text("member")] : []) + [row.text("network"), row.text("via"), row.text("since"),
                                                                  status, rules])
        }
        return table
    }

    static func rule(_ rule: JSONValue) -> String {
        let name = rule.text("milestone") + (rule.flag("recurring") ? " (every)" : "")
        if rule.flag("met") {
            return "\(name) met \(rule.text("metOn"))" + (rule.flag("late") ? " late" : "")
        }
        return "\(name) due \(rule.text("due"))" + (rule.flag("overdue") ? " OVERDUE" : "")
    }
}
