import Ledger

/// `init DIR --name NAME`: creates an empty ledger.
struct InitCommand: Command {
    let directory: String
    let name: String
    let by: String?

    static let valued: [String] = ["name", "by"]

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(1, 1, command: "init", what: "a directory (memberships init DIR --name NAME)")
        guard let name = args.value("name") else {
            throw LedgerError(.usage, "'init' needs --name NAME", hint: "see 'memberships help init'")
        }
        directory = args.positionals[0]
        self.name = name
        by = args.value("by")
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        let head = try LedgerStore.create(at: directory, name: name, by: by, now: Timestamp.now())
        context.console.out("created ledger \(Console.safe(directory))")
        context.console.out("head: \(head)")
        return 0
    }
}
