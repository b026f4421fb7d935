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
        let rows: [NetworkRow]
        let head: Head
        if let name, ViewOptions.isLarge(context) {
            // One network of a log too large to hold as facts: replayed a range of members at
            // a time (docs/DECISIONS.md, "One member's and one network's views of a large log").
            var aside = try options.loadSetAside(context)
            head = aside.head
            rows = [try NetworkInRanges.row(core: aside.core.take(), spill: aside.spill, file: aside.file, knownAt: options.knownAt,
                                            asOf: options.asOf, rangeFacts: aside.rangeFacts, network: name)]
        } else {
            let (replay, replayed) = try options.replay(context)
            head = replayed
            if let name {
                let id = try replay.network(named: name)
                rows = [replay.network(id, asOf: options.asOf)]
            } else {
                rows = replay.networks(asOf: options.asOf)
            }
        }
        options.print(rows, json: \.json, csv: NetworkCommand.csv, columns: NetworkCommand.columns, head: head, context: context) {
            if name == nil {
                var table = Table(["NETWORK", "NAME", "KIND", "STATE", "MEMBERS"])
                for row in rows {
                    table.add([row.network.rawValue, row.name ?? "", row.kind ?? "", row.state, String(row.members.count)])
                }
                return table.render()
            }
            return NetworkCommand.profile(rows[0])
        }
        return 0
    }

    /// One network as text: its name, kind, founding, state, manager and former names, then
    /// its members.
    static func profile(_ row: NetworkRow) -> String {
        let founded = row.founded ?? ""
        var lines = [
            "\(row.name ?? "") (\(row.network.rawValue))",
            "kind: \(row.kind ?? "")  founded: \(founded.isEmpty ? "—" : founded)  state: \(row.state)",
        ].map(Console.safe)
        if let managedBy = row.managedBy, !managedBy.isEmpty { lines.append(Console.safe("managed by: \(managedBy)")) }
        let former = row.formerNames.joined(separator: ", ")
        if !former.isEmpty { lines.append(Console.safe("formerly: \(former)")) }
        var table = Table(["MEMBER", "NAME", "SINCE", "VIA", "STATUS"])
        for m in row.members {
            table.add([m.member.rawValue, m.name ?? "", m.since, m.via, m.status.rawValue])
        }
        return (lines + ["", table.render()]).joined(separator: "\n")
    }

    /// A row's CSV values, in `columns`' order: the former names and the members as JSON arrays.
    static func csv(_ row: NetworkRow) -> [String] {
        [row.network.rawValue, CSV.cell(row.name), CSV.cell(row.kind), CSV.cell(row.founded), CSV.cell(row.managedBy), row.state,
         CSV.cell(JSONValue.array(row.formerNames.map(JSONValue.string))), CSV.cell(JSONValue.array(row.members.map(\.json)))]
    }
}

/// `networks`.
struct NetworksCommand: Command {
    let inner: NetworkCommand
    static let valued = ViewOptions.names
    init(_ args: Arguments) throws(LedgerError) { inner = try NetworkCommand(args, command: "networks") }
    func run(_ context: Context) throws(LedgerError) -> Int32 { try inner.run(context) }
}
