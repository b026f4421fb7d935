#if canImport(Glibc)
import Glibc
#endif
import Ledger

/// What every command gets: where the ledger is and where output goes.
struct Context {
    let ledger: String
    let console: Console
    /// The ledger, telling the progress line (if any) how far long passes have got.
    var store: LedgerStore {
        var store = LedgerStore(root: ledger)
        store.progress = console.progress
        return store
    }
}

/// A command: parsed from its words, then run. It holds no rules of its own.
protocol Command: Sendable {
    /// The options that take a value (besides `--ledger`, which every command takes).
    static var valued: [String] { get }
    /// The options that take no value (besides `--help`).
    static var switches: [String] { get }
    /// The options that may be given more than once (any other given twice is a usage error).
    static var repeatable: [String] { get }
    init(_ args: Arguments) throws(LedgerError)
    /// Runs the command, returning the exit status.
    func run(_ context: Context) throws(LedgerError) -> Int32
}

extension Command {
    static var switches: [String] { [] }
    static var repeatable: [String] { [] }
}

/// The entry point: parses global options, dispatches, and maps every error to
/// its stream and exit status (the one place that does).
public enum CLI {
    static let commands: [String: any Command.Type] = [
        "init": InitCommand.self,
        "append": AppendCommand.self,
        "verify": VerifyCommand.self,
        "repair": RepairCommand.self,
        "snapshot": SnapshotCommand.self,
        "timeline": TimelineCommand.self,
        "status": StatusCommand.self,
        "network": NetworkCommand.self,
        "networks": NetworksCommand.self,
        "member": MemberCommand.self,
        "members": MembersCommand.self,
        "audit": AuditCommand.self,
        "import": ImportCommand.self,
        "export": ExportCommand.self,
        "report": ReportCommand.self,
        "checkpoint": CheckpointCommand.self,
        "prove": ProveCommand.self,
        "check": CheckCommand.self,
        "merge-driver": MergeDriverCommand.self,
        "git-setup": GitSetupCommand.self,
    ]

    /// Runs the command line `arguments` (without the program's name) and returns the exit
    /// status (SPEC §6); output and errors go to stdout and stderr.
    public static func main(_ arguments: [String]) -> Int32 {
        let console = Console(progress: TerminalProgress.onTerminal())
        defer { console.progress?.clear() }
        do {
            return try dispatch(arguments, console: console)
        } catch {
            report(error, console: console)
            return error.kind.rawValue
        }
    }

    /// Problems printed for one error at most; the rest are counted.
    static let problemLimit = 100

    /// Prints `error` (and every problem of a rejected batch, up to `problemLimit`, in the
    /// order found), then its hint.
    static func report(_ error: LedgerError, console: Console) {
        let problems = [error] + error.more
        for problem in problems.prefix(problemLimit) {
            let location = (problem.file != nil && problem.line != nil) ? "" : "memberships: "
            console.err(location + Console.safe(problem.description))
        }
        if problems.count > 1 {
            let unshown = problems.count - problemLimit
            console.err("memberships: \(problems.count) problems found" + (unshown > 0 ? " (\(unshown) more not shown)" : "")
                        + "; nothing was written")
        }
        if let hint = error.hint { console.err("hint: " + Console.safe(hint)) }
    }

    private static func dispatch(_ arguments: [String], console: Console) throws(LedgerError) -> Int32 {
        var words = arguments
        var ledger: String?
        // Global options come before the command.
        while let first = words.first, first.hasPrefix("-") {
            words.removeFirst()
            switch first {
            case "--help", "-h":
                console.out(Help.overview)
                return 0
            case "--version":
                console.out(Help.version)
                return 0
            case "--ledger":
                guard !words.isEmpty else { throw LedgerError(.usage, "option '--ledger' needs a directory") }
                let value = words.removeFirst()
                if let ledger { throw Arguments.twice("ledger", ledger, value, command: "") }
                ledger = value
            default:
                if first.hasPrefix("--ledger=") {
                    let value = String(first.dropFirst("--ledger=".count))
                    if let ledger { throw Arguments.twice("ledger", ledger, value, command: "") }
                    ledger = value
                } else {
                    throw LedgerError(.usage, "unknown option '\(first)'" + Suggestion.hint(for: first, in: ["--ledger", "--help", "--version"]),
                                      hint: "see 'memberships --help'")
                }
            }
        }
        guard let name = words.first else {
            console.err(Help.overview)
            return LedgerError.Kind.usage.rawValue
        }
        words.removeFirst()
        if name == "help" {
            guard let topic = words.first else { console.out(Help.overview); return 0 }
            if topic == "--help" || topic == "-h" { console.out(Help.commands["help"]!); return 0 }
            console.out(try Help.topic(words))
            return 0
        }
        guard let type = commands[name] else { throw unknownCommand(name) }
        // Every command also takes --ledger (after the command too) and --help / -h; a word
        // that is the value of an option is never read as one of these.
        let args = try Arguments(words, command: name, valued: type.valued + ["ledger"], switches: type.switches + ["help"],
                                 repeatable: type.repeatable)
        if args.has("help") {
            console.out(Help.commands[name] ?? Help.overview)
            return 0
        }
        if let before = ledger, let after = args.value("ledger") {
            throw Arguments.twice("ledger", before, after, command: name)
        }
        let root = args.value("ledger") ?? ledger ?? environment("MEMBERSHIPS_LEDGER") ?? "."
        let command = try type.init(args)
        return try command.run(Context(ledger: root, console: console))
    }

    private static func unknownCommand(_ name: String) -> LedgerError {
        LedgerError(.usage, "unknown command '\(name)'" + Suggestion.hint(for: name, in: Array(Help.commands.keys)),
                    hint: "see 'memberships --help'")
    }

    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}
