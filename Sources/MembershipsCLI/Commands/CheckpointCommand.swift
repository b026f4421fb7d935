import Ledger

/// `checkpoint [--size N] [--sign KEY]`: the checkpoint of the log's first N complete lines
/// (default: all), the C2SP tlog-checkpoint body of SPEC §10; with `--sign`, followed by one
/// blank line and the SSH signature `ssh-keygen -Y sign` makes of the body.
///
/// Prints the checkpoint alone, so that `> FILE` gives a file for `check` and
/// `verify --checkpoint`. Exit 64 for N beyond the head, 65 when line 1 is not a genesis
/// event (it names the log) or the key cannot sign, 66 without a ledger or key, 69 without
/// `ssh-keygen`.
struct CheckpointCommand: Command {
    let size: Int?
    let key: String?

    static let valued: [String] = ["size", "sign"]

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(0, 0, command: "checkpoint", what: "")
        size = try args.integer("size")
        key = args.value("sign")
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        // Without ssh-keygen, say so before reading anything.
        let keygen = key == nil ? nil : try SSHKeygen()
        let log = try LogTree.load(context.store, cache: .use)
        let checkpoint = try log.checkpoint(size: try ProveCommand.size(size, in: log))
        if let keygen, let key {
            let signature = try keygen.sign(Array(checkpoint.text.utf8), key: key)
            context.console.raw(bytes: SignedCheckpoint(checkpoint: checkpoint, signature: signature).text)
        } else {
            context.console.raw(checkpoint.text)
        }
        return 0
    }
}
