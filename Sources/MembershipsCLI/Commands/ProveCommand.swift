import Ledger
import Projections

/// `prove --event ID|seq:N [--size N]` and `prove --from M [--size N]`: the inclusion proof of the
/// line holding event ID, or the consistency proof from the first M lines to the first N,
/// as the JSON of SPEC §10 (N defaults to the head).
///
/// JSON only: a proof is made to be handed to `check`, which reads JSON, and a text form
/// would be a second one to keep in step. Exit 64 for sizes out of range (N beyond the head,
/// M = 0 or M > N) and for an event after line N — the ledger is fine, the request is not;
/// 65 for an unknown event (with a did-you-mean hint, as the views do).
struct ProveCommand: Command {
    enum Subject {
        case event(EventID)
        /// `--event seq:N`: the event on line N.
        case line(Int)
        case from(Int)
    }

    let subject: Subject
    let size: Int?

    static let valued: [String] = ["event", "from", "size", "format"]

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(0, 0, command: "prove", what: "")
        switch (args.value("event"), try args.integer("from")) {
        case (let text?, nil):
            // The same reading of seq:N as --target and audit --event; an id is taken whole.
            let reference: EventReference
            do {
                reference = try EventReference.parse(text)
            } catch {
                throw LedgerError(.usage, "--event: \(error.message)", hint: "for example --event seq:12, the event on line 12")
            }
            if case .seq(let n) = reference {
                subject = .line(n)
            } else {
                subject = .event(EventID(text))
            }
        case (nil, let from?): subject = .from(from)
        default:
            throw LedgerError(.usage, "prove takes either --event ID (inclusion) or --from M (consistency)",
                              hint: "see 'memberships help prove'")
        }
        size = try args.integer("size")
        let format = args.value("format") ?? "json"
        if format == "text" || format == "csv" {
            throw LedgerError(.usage, "prove prints JSON only, the form 'memberships check' reads",
                              hint: "leave out --format, or give --format json")
        }
        _ = try OutputFormat.parse(format, allowed: [.json])
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        var log = try LogTree.load(context.store, cache: .use)
        let size = try Self.size(size, in: log)
        let json: JSONValue
        switch subject {
        case .event(let id):
            guard let index = log.index(of: id) else {
                throw LedgerError(.badData, "unknown event \(SafeText.quoted(id.rawValue))"
                    + Suggestion.hint(for: id.rawValue, in: log.eventIDs()),
                    hint: "give the event's id as audit or timeline --wide show it, or seq:N for the event on line N")
            }
            json = try Self.inclusion(&log, index: index, name: "event \(SafeText.quoted(id.rawValue))", size: size, context)
        case .line(let seq):
            guard seq >= 1, seq <= log.size else {
                throw LedgerError(.usage, "--event seq:\(seq): no line of the log has that seq (its complete lines are seq 1 to \(log.size))",
                                  hint: "give a seq from 1 to \(log.size)")
            }
            json = try Self.inclusion(&log, index: seq - 1, name: "seq:\(seq)", size: size, context)
        case .from(let from):
            json = try log.consistencyProof(from: from, to: size).json
        }
        context.console.out(JSONText.pretty(json))
        return 0
    }

    /// The inclusion proof of line `index + 1` (`name` says how it was asked for) in the tree
    /// of `size`.
    private static func inclusion(_ log: inout LogTree, index: Int, name: String, size: Int,
                                  _ context: Context) throws(LedgerError) -> JSONValue {
        guard index < size else {
            throw LedgerError(.usage, "\(name) is on line \(index + 1), after the tree of size \(size)",
                              hint: "give --size \(index + 1) or more (the log has \(log.size) complete lines), or leave --size out")
        }
        var proof = try log.inclusionProof(index: index, size: size)
        // The line and its tile are read from the log, the rest of the path from the
        // cache: if they disagree, the log was edited where the cache cannot see it.
        if log.usedCache, (try? proof.check()) == nil {
            log = try LogTree.load(context.store, cache: .rebuild)
            proof = try log.inclusionProof(index: index, size: size)
        }
        return proof.json
    }

    /// `--size N`, checked against the log (64 beyond its complete lines); the whole log when nil.
    static func size(_ size: Int?, in log: LogTree) throws(LedgerError) -> Int {
        guard let size else { return log.size }
        guard size <= log.size else {
            throw LedgerError(.usage, "--size \(size) is beyond the log's \(log.size) complete line\(log.size == 1 ? "" : "s")",
                              hint: "leave --size out for the whole log")
        }
        return size
    }
}
