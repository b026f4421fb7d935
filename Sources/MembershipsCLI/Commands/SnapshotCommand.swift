import Ledger
import Projections

/// `snapshot`: writes `Snapshots/replay-<seq>.snapshot` at the head (SPEC §8), so views
/// decode only the lines appended after it. Takes no lock: it reads complete lines only.
///
/// Prints `wrote Snapshots/replay-N.snapshot` and the head it stands for (`head: seq N
/// <hash>`, as every command that writes); warnings (a snapshot that
/// does not match the log, ignored or removed) go to stderr. Exit 66 without a ledger, 74 when
/// the snapshot cannot be written, 65 when the log holds a line that is not a valid event.
struct SnapshotCommand: Command {
    static let valued: [String] = []

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(0, 0, command: "snapshot", what: "")
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        let (head, name) = try FoldedStatus.writeSnapshot(context.store) { warning in
            context.console.err("memberships: warning: " + Console.safe(warning))
        }
        context.console.out("wrote \(name)")
        context.console.out("head: \(head)")
        return 0
    }
}
