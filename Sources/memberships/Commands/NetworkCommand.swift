import Ledger
import Projections

/// `network NAME` and `networks`: profiles and members at the as-of date.
struct NetworkCommand: Command {
    static let columns = ["network", "name", "kind", "founded", "managedBy", "state", "formerNames", "members"]
    let options: ViewOptions
    let name: String?

    static let valued = ViewOptions.names

    init(_ args: Arguments) throws(LedgerError) {
        try self.init(args, command: "network")
    }

    init(_ args: Arguments, command: String) throws(LedgerError) {
        name = try ViewOptions.subject(args, command: command, singular: "network")
        options = try ViewOptions(args)
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        let rows: [JSONValue]
        let head: Head
        if let name, ViewOptions.isLarge(context) {
            // One network of a log too large to hold as facts: replayed a range of members at
            // a time (docs/DECISIONS.md, "One member's and one network's views of a large log").
            let aside = try options.loadSetAside(context)
            head = aside.head
            rows = [try NetworkInRanges.row(core: aside.core, spill: aside.spill, file: aside.file, knownAt: options.knownAt,
                                            asOf: options.asOf, rangeFacts: aside.rangeFacts, network: name).json]
        } else {
            let (replay, replayed) = try options.replay(context)
            head = replayed
            if let name {
                let id = try replay.network(named: name)
                rows = [replay.network(id, asOf: options.asOf).json]
            } else {
                rows = replay.networks(asOf: options.asOf).map(\.json)
            }
        }
        options.print(rows, head: head, columns: NetworkCommand.columns, context: context) {
            if name == nil {
                var table = Table(["NETWORK", "NAME", "KIND", "STATE", "MEMBERS"])
                for row in rows {
                    table.add([row.text("network"), row.text("name"), row.text("kind"), row.text("state"),
                               String(row["members"]?.items.count ?? 0)])
                }
                return table.render()
            }
            let row = rows[0]
            var lines = [
                "\(row.text("name")) (\(row.text("network")))",
                "kind: \(row.text("kind"))  founded: \(row.text("founded").isEmpty ? "—" : row.text("founded"))  state: \(row.text("state"))",
            ].map(Console.safe)
            if !row.text("managedBy").isEmpty { lines.append(Console.safe("managed by: \(row.text("managedBy"))")) }
            if !row.text("formerNames").isEmpty { lines.append(Console.safe("formerly: \(row.text("formerNames"))")) }
            var table = Table(["MEMBER", "NAME", "SINCE", "VIA", "STATUS"])
            for m in row["members"]?.items ?? [] {
                table.add([m.text("member"), m.text("name"), m.text("since"), m.text("via"), m.text("status")])
            }
            return (lines + ["", table.render()]).joined(separator: "\n")
        }
        return 0
    }
}

/// `networks`.
struct NetworksCommand: Command {
    let inner: NetworkCommand
    static let valued = ViewOptions.names
    init(_ args: Arguments) throws(LedgerError) { inner = try NetworkCommand(args, command: "networks") }
    func run(_ context: Context) throws(LedgerError) -> Int32 { try inner.run(context) }
}
