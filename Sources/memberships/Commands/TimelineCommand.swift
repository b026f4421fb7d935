import Ledger
import Projections

/// `timeline`: the dated events in SPEC §4 order.
struct TimelineCommand: Command {
    static let columns = ["seq", "id", "type", "date", "earliest", "latest", "certain", "member", "network",
                          "summary", "corrected", "source"]
    let options: ViewOptions
    let member: String?
    let network: String?
    let from: EDTFDate?
    let to: EDTFDate?

    static let valued: [String] = ViewOptions.names + ["member", "network", "from", "to"]

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(0, 0, command: "timeline", what: "")
        options = try ViewOptions(args)
        member = args.value("member")
        network = args.value("network")
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
        let (replay, head) = try options.replay(context)
        let memberID = try replay.memberFilter(member)
        let networkID = try replay.networkFilter(network)
        let typed = replay.timeline(asOf: options.asOf, member: memberID, network: networkID, from: from, to: to)
        options.print(typed, json: \.json, write: PrettyRows.write, head: head, columns: TimelineCommand.columns, context: context) { rows in
            var table = Table(["DATE", "MEMBER", "NETWORK", "WHAT", "SOURCE"])
            for row in rows {
                let mark = (row.flag("certain") ? "" : "?") + (row.flag("corrected") ? "*" : "")
                table.add([row.text("date") + (mark.isEmpty ? "" : " " + mark), row.text("member"), row.text("network"),
                           DisplayWidth.truncate(row.text("summary"), to: 100),
                           DisplayWidth.truncate(row.text("source"), to: 40)])
            }
            // The legend explains only the marks the table shows.
            var legend: [String] = []
            if rows.contains(where: { !$0.flag("certain") }) { legend.append("? not certain as of \(options.asOf)") }
            if rows.contains(where: { $0.flag("corrected") }) { legend.append("* corrected") }
            legend.append("--format json for every field in full")
            return table.render() + "\n(" + legend.joined(separator: "; ") + ")"
        }
        return 0
    }
}
