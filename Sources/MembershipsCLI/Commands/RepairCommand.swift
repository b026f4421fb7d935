import Ledger

/// `repair`: moves a torn tail aside.
struct RepairCommand: Command {
    static let valued: [String] = []

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(0, 0, command: "repair", what: "")
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        if let notice = try context.store.repair(now: Timestamp.now()) {
            context.console.err(notice)
        } else {
            context.console.out("nothing to repair: the log ends with a complete line")
        }
        let (_, head) = try context.store.load()
        context.console.out("head: \(head)")
        return 0
    }
}
