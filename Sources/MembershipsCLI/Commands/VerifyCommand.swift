import Ledger

/// `verify [--checkpoint FILE]…`: integrity of the chain, seq, schema and references, all
/// problems at once; with checkpoints, first that the log's first n lines still have the
/// root each recorded (SPEC §10), the two reports combined.
struct VerifyCommand: Command {
    let format: OutputFormat
    /// The checkpoint files given, in order (`--checkpoint` may be repeated: each one that
    /// still holds narrows down where a rewritten log departs from one that does not).
    let checkpointFiles: [String]

    static let valued: [String] = ["format", "checkpoint"]
    static let repeatable: [String] = ["checkpoint"]

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(0, 0, command: "verify", what: "")
        format = try OutputFormat.parse(args.value("format"), allowed: [.text, .json])
        checkpointFiles = args.values["checkpoint"] ?? []
    }

    /// One checkpoint file, read, and how the log stands against it.
    private struct Checked {
        let file: String
        let signed: Bool
        let result: LogTree.CheckpointResult
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        let checked = try checkCheckpoints(context)
        let report = try Verifier.verify(context.store)
        // Checkpoint problems first at a line, then verify's, all in line order.
        let checkpointProblems = checked.compactMap { c in
            c.result.problem.map { Verifier.Problem(line: $0.line, message: "checkpoint \(c.file): \($0.message)") }
        }
        let problems = (checkpointProblems + report.problems).enumerated()
            .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
        let ok = problems.isEmpty
        switch format {
        case .json:
            var members = [
                JSONMember("ok", .bool(ok)),
                JSONMember("events", .number(String(report.events))),
                JSONMember("head", headJSON(report.head)),
                JSONMember("problems", .array(problems.map { p -> JSONValue in
                    .object([JSONMember("line", .number(String(p.line))), JSONMember("message", .string(p.message))])
                })),
            ]
            if !checkpointFiles.isEmpty {
                members.append(JSONMember("checkpoints", .array(checked.map(Self.json))))
            }
            context.console.out(JSONText.pretty(.object(members)))
        default:
            for c in checked where c.result.holds {
                let checkpoint = c.result.checkpoint
                context.console.out("checkpoint \(c.file): the first \(checkpoint.size) lines still have its root \(checkpoint.root.hex)"
                    + (c.signed ? " (its signature is not checked here: see 'memberships check')" : ""))
            }
            for problem in problems {
                context.console.err("\(LedgerStore.logName):\(problem.line): \(Console.safe(problem.message))")
            }
            if ok {
                context.console.out("ok: \(report.events) events, chain intact")
            } else {
                context.console.err("\(problems.count) problem\(problems.count == 1 ? "" : "s") found")
            }
            context.console.out("head: \(report.head)")
        }
        return ok ? 0 : LedgerError.Kind.badData.rawValue
    }

    /// Reads every `--checkpoint` file and checks the log against them (nothing without one).
    /// - Throws: `.noLedger` (66) for a missing file or ledger; `.usage` (64) for a file that
    ///   is not a checkpoint.
    private func checkCheckpoints(_ context: Context) throws(LedgerError) -> [Checked] {
        guard !checkpointFiles.isEmpty else { return [] }
        var read: [(file: String, checkpoint: Checkpoint, signed: Bool)] = []
        for file in checkpointFiles {
            switch try CheckCommand.read(file) {
            case .checkpoint(let checkpoint): read.append((Console.safe(file), checkpoint, false))
            case .signedCheckpoint(let signed): read.append((Console.safe(file), signed.checkpoint, true))
            case .inclusion, .consistency:
                throw LedgerError(.usage, "\(Console.safe(file)) is a proof, not a checkpoint",
                                  hint: "'memberships check \(Console.safe(file))' checks a proof; 'memberships checkpoint' writes a checkpoint")
            }
        }
        let results = try LogTree.load(context.store).check(read.map(\.checkpoint))
        return zip(read, results).map { Checked(file: $0.file, signed: $0.signed, result: $1) }
    }

    /// `{"file", "origin", "size", "root", "holds", "computed", "signed"}`: `computed` is the
    /// root of the log's first `size` lines now (null when it has fewer).
    private static func json(_ c: Checked) -> JSONValue {
        let checkpoint = c.result.checkpoint
        return .object([
            JSONMember("file", .string(c.file)),
            JSONMember("origin", .string(checkpoint.origin)),
            JSONMember("size", .number(String(checkpoint.size))),
            JSONMember("root", .string(checkpoint.root.hex)),
            JSONMember("holds", .bool(c.result.holds)),
            JSONMember("computed", c.result.computed.map { .string($0.hex) } ?? .null),
            JSONMember("signed", .bool(c.signed)),
        ])
    }
}

/// `{"seq": N, "hash": H}`.
func headJSON(_ head: Head) -> JSONValue {
    .object([JSONMember("seq", .number(String(head.seq))), JSONMember("hash", .string(head.hash.hex))])
}
