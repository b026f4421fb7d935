import Ledger

/// `verify`: integrity of the chain, seq, schema and references, all problems at once.
struct VerifyCommand: Command {
    let format: OutputFormat

    static let valued: [String] = ["format"]

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(0, 0, command: "verify", what: "")
        format = try OutputFormat.parse(args.value("format"), allowed: [.text, .json])
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        let report = try Verifier.verify(context.store)
        switch format {
        case .json:
            let problems = report.problems.map { p in
                JSONValue.object([JSONMember("line", .number(String(p.line))), JSONMember("message", .string(p.message))])
            }
            let value = JSONValue.object([
                JSONMember("ok", .bool(report.ok)),
                JSONMember("events", .number(String(report.events))),
                JSONMember("head", headJSON(report.head)),
                JSONMember("problems", .array(problems)),
            ])
            context.console.out(JSONText.pretty(value))
        default:
            for problem in report.problems {
                context.console.err("\(LedgerStore.logName):\(problem.line): \(Console.safe(problem.message))")
            }
            if report.ok {
                context.console.out("ok: \(report.events) events, chain intact")
            } else {
                context.console.err("\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s") found")
            }
            context.console.out("head: \(report.head)")
        }
        return report.ok ? 0 : LedgerError.Kind.badData.rawValue
    }
}

/// `{"seq": N, "hash": H}`.
func headJSON(_ head: Head) -> JSONValue {
    .object([JSONMember("seq", .number(String(head.seq))), JSONMember("hash", .string(head.hash.hex))])
}
