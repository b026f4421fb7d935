import Ledger
import Projections

/// `append`: a batch of JSON lines from a file or stdin, or one event from flags.
struct AppendCommand: Command {
    /// Flags naming an event's fields, and the field each sets.
    static let fieldFlags: [String: String] = [
        "id": "id", "member": "member", "network": "network", "date": "date", "name": "name",
        "kind": "kind", "founded": "founded", "scope": "scope", "managed-by": "managedBy", "url": "url",
        "description": "description", "country": "country", "population": "population", "into": "into",
        "successor": "successor", "applies": "applies", "title": "title", "rules": "rules",
        "every": "every", "badge": "badge", "role": "role", "cohort": "cohort", "milestone": "milestone",
        "target": "target", "set": "set", "reason": "reason", "source": "source", "note": "note",
    ]

    enum Source {
        case lines(path: String?)
        case flags(type: String, fields: [(String, String)])
    }

    let source: Source
    let expectSeq: Int?
    let by: String?
    let format: OutputFormat

    static let valued = ["file", "expect-seq", "by", "format"] + AppendCommand.fieldFlags.keys.sorted()

    init(_ args: Arguments) throws(LedgerError) {
        expectSeq = try args.integer("expect-seq")
        by = args.value("by")
        format = try OutputFormat.parse(args.value("format"), allowed: [.text, .json])
        let given = AppendCommand.fieldFlags.keys.filter { args.value($0) != nil }.sorted()
        if let type = args.positionals.first {
            try args.requirePositionals(1, 1, command: "append", what: "")
            guard EventType(rawValue: type) != nil else {
                throw LedgerError(.usage, EventType.unknownTypeMessage(type),
                                  hint: "'memberships help event TYPE' shows a type's fields and an example")
            }
            if args.value("file") != nil {
                throw LedgerError(.usage, "give either an event type with flags or --file, not both")
            }
            source = .flags(type: type, fields: given.map { (AppendCommand.fieldFlags[$0]!, args.value($0)!) })
        } else {
            if let flag = given.first {
                throw LedgerError(.usage, "--\(flag) describes one event: name its type first (memberships append TYPE --\(flag) …)",
                                  hint: "see 'memberships help append'")
            }
            source = .lines(path: args.value("file"))
        }
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        let store = context.store
        try store.requireLedger()
        switch source {
        case .lines(let path):
            let bytes = if let path { try readInput(path) } else { try readStandardInput() }
            // Lines that do not decode are reported with the rule checks of the others, in line order.
            let batch = try InputEvents.readLines(bytes, file: path ?? "<stdin>")
            if batch.inputs.isEmpty { throw LedgerError.collected(batch.problems) }
            AppendCommand.print(try append(batch.inputs, rejected: batch.problems, store, context), format: format, context: context)
        case .flags(let type, var fields):
            // --target seq:N, or an id as a table shows it shortened ("3f2a9c1b…"), names an event
            // by something other than its id: found first. Any other text is tried as the id
            // itself, and only if no event has it, as the start of one.
            let target = fields.firstIndex { $0.0 == "target" }
            if let target, fields[target].1.hasPrefix("seq:") || fields[target].1.hasSuffix("…") {
                fields[target].1 = try AppendCommand.resolveTarget(fields[target].1, store, context).rawValue
            }
            do {
                AppendCommand.print(try append([try AppendCommand.input(type, fields)], rejected: [], store, context), format: format, context: context)
            } catch {
                guard let target, error.kind == .badData, error.message.hasPrefix("field 'target': no event has the id") else { throw error }
                fields[target].1 = try AppendCommand.resolveTarget(fields[target].1, store, context).rawValue
                AppendCommand.print(try append([try AppendCommand.input(type, fields)], rejected: [], store, context), format: format, context: context)
            }
        }
        return 0
    }

    private func append(_ inputs: [LedgerStore.Input], rejected: [LedgerError], _ store: LedgerStore, _ context: Context) throws(LedgerError)
        -> LedgerStore.AppendReport {
        try store.append(inputs, rejected: rejected, expectSeq: expectSeq, by: by, now: Timestamp.now()) { notice in
            context.console.err(notice)
        }
    }

    /// The one event of `append TYPE --flag …`.
    private static func input(_ type: String, _ fields: [(String, String)]) throws(LedgerError) -> LedgerStore.Input {
        do {
            return try InputEvents.fromFlags(type: type, fields: fields)
        } catch {
            throw AppendCommand.missingFlag(error, type: type) ?? error
        }
    }

    /// The id of the event `--target TEXT` names (`seq:N`, or the start of an id), said on
    /// stderr so that the receipt is not the only trace of what was chosen.
    private static func resolveTarget(_ text: String, _ store: LedgerStore, _ context: Context) throws(LedgerError) -> EventID {
        var loaded = try store.loadForViews(knownAtSeq: nil) { warning in
            context.console.err("memberships: warning: " + Console.safe(warning))
        }
        let source = loaded.source
        let replay = Replay(log: loaded.log.take(), source: source, knownAt: nil)
        let event = try EventArgument.resolve(text, flag: "--target", in: replay)
        if event.id.rawValue != text {
            context.console.err("memberships: --target \(Console.safe(text)) is the event \(Console.safe(event.id.rawValue)) (seq \(event.seq))")
        }
        return event.id
    }

    /// A required field left out of `append TYPE --flag …` is a missing flag: a usage error
    /// (64) naming the flag, as `init` without `--name` is.
    static func missingFlag(_ error: LedgerError, type: String) -> LedgerError? {
        let prefix = "missing field '"
        guard error.kind == .badData, error.message.hasPrefix(prefix),
              let field = error.message.dropFirst(prefix.count).split(separator: "'").first,
              let flag = fieldFlags.first(where: { $0.value == String(field) })?.key else { return nil }
        return LedgerError(.usage, "append \(type) needs --\(flag)", hint: "see 'memberships help append'")
    }

    /// The receipt of an append: what was written, what was already there, and the head.
    static func print(_ report: LedgerStore.AppendReport, format: OutputFormat, context: Context) {
        switch format {
        case .json:
            func rows(_ list: [(seq: Int, id: EventID)]) -> JSONValue {
                .array(list.map { .object([JSONMember("seq", .number(String($0.seq))), JSONMember("id", .string($0.id.rawValue))]) })
            }
            context.console.out(JSONText.pretty(.object([
                JSONMember("head", headJSON(report.head)),
                JSONMember("appended", rows(report.appended)),
                JSONMember("existing", rows(report.existing)),
            ])))
        default:
            // One write for the whole report (a batch of 100,000 events is 100,000 lines).
            var text = ""
            for (seq, id) in report.appended { text += "appended seq " + String(seq) + " id " + id.rawValue + "\n" }
            for (seq, id) in report.existing {
                text += "already present: seq " + String(seq) + " id " + id.rawValue + " (same content, nothing written)\n"
            }
            text += "head: \(report.head)\n"
            context.console.raw(text)
        }
    }

    private func readInput(_ path: String) throws(LedgerError) -> [UInt8] {
        try InputFile.read(path)
    }

    private func readStandardInput() throws(LedgerError) -> [UInt8] {
        try InputFile.readStandardInput()
    }
}
