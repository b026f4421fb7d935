import Ledger

/// `merge-driver BASE OURS THEIRS`: git's merge driver for `Events/ledger.jsonl`
/// (SPEC §10 "Sharing over git"; git calls it as `memberships merge-driver %O %A %B`).
///
/// Exit 0 with the result in OURS and the head printed; exit 1 for a conflict — git's
/// convention for a merge driver, not one of the ledger's sysexits — with OURS unchanged and
/// the message naming the line at fault (`OURS:LINE:` or `THEIRS:LINE:`); 66 when a file is
/// missing, 74 on I/O failure.
struct MergeDriverCommand: Command {
    let base: String
    let ours: String
    let theirs: String

    static let valued: [String] = []

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(3, 3, command: "merge-driver", what: "three files (memberships merge-driver BASE OURS THEIRS)")
        base = args.positionals[0]
        ours = args.positionals[1]
        theirs = args.positionals[2]
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        let baseBytes = try InputFile.read(base), oursBytes = try InputFile.read(ours), theirsBytes = try InputFile.read(theirs)
        let result: LogMerge.Result
        do {
            result = try LogMerge.merge(base: baseBytes, ours: oursBytes, theirs: theirsBytes)
        } catch where error.kind == .conflict {
            CLI.report(error, console: context.console)
            context.console.err("memberships: merge conflict: \(Console.safe(ours)) is unchanged")
            return 1
        }
        if result.outcome != .oursStands { try LogMerge.write(result.bytes, to: ours) }
        switch result.outcome {
        case .oursStands: context.console.out("merged: theirs added nothing new" + (result.skipped > 0 ? " (\(result.skipped) already here)" : ""))
        case .theirs: context.console.out("merged: ours added nothing; theirs taken as is")
        case .merged: context.console.out("merged: \(result.appended) appended" + (result.skipped > 0 ? ", \(result.skipped) already here" : ""))
        }
        if let head = result.head { context.console.out("head: \(head)") }
        return 0
    }
}
