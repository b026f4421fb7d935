#if canImport(Glibc)
import Glibc
#endif
import Ledger
import Projections

/// The options every view takes: `--as-of`, `--known-at`, `--format`.
struct ViewOptions {
    static let names = ["as-of", "known-at", "format"]

    let asOf: Day
    let knownAtText: String?
    let knownAt: KnownAt?
    let format: OutputFormat

    init(_ args: Arguments) throws(LedgerError) {
        if let text = args.value("as-of") {
            do {
                asOf = try EDTFDate.parseAsOf(text)
            } catch {
                // A day written another way (15/03/2015, 2015.03.15) is not an interval gone wrong.
                let message = !text.contains("/") || text.split(separator: "/").allSatisfy { $0.count == 4 }
                    ? error.message : "\(Console.safe(text)) is not a date written YYYY, YYYY-MM or YYYY-MM-DD"
                throw LedgerError(.usage, "--as-of: \(message)", hint: "give a year, month or day: 2014, 2014-06, 2014-06-30")
            }
        } else {
            asOf = Day.today()
        }
        knownAtText = args.value("known-at")
        if let text = knownAtText {
            do {
                knownAt = try KnownAt.parse(text)
            } catch {
                // A date and time without its offset is the likeliest slip: say so.
                let noOffset = text.count == 19 && text.dropFirst(10).first == "T"
                throw LedgerError(.usage, error.message,
                                  hint: noOffset ? "an instant needs its offset: \(Console.safe(text))Z for UTC, or e.g. \(Console.safe(text))+01:00"
                                                 : "for example 2026-11-28T09:15:02Z, 2026-11-28 or seq:12")
            }
        } else {
            knownAt = nil
        }
        format = try OutputFormat.parse(args.value("format"))
    }

    /// The NAME of `member NAME` or `network NAME`; nil for `members` and `networks`.
    static func subject(_ args: Arguments, command: String, singular: String) throws(LedgerError) -> String? {
        guard command == singular else {
            try args.requirePositionals(0, 0, command: command, what: "")
            return nil
        }
        try args.requirePositionals(1, 1, command: command, what: "a \(singular) (memberships \(singular) NAME)")
        return args.positionals[0]
    }

    /// Loads the log (through the newest matching replay snapshot, SPEC §8) and replays it as
    /// known at `--known-at`. A snapshot that does not match is ignored with a warning.
    /// - Parameter registryAhead: the view names members or networks (see `Replay.init`).
    /// - Parameter memberRegistrations: the view reads members' registrations (their names,
    ///   kinds, the registry's table of members). False for a view that shows slugs alone
    ///   (`status` with no `--member`): a member's registration then keeps only its fact, not
    ///   its whole event — a tenth of a log's lines decoded without making their strings, and
    ///   a quarter of the replay's memory.
    /// - Parameter slug: the member of a view of one member (`status --member`, `member NAME`,
    ///   `timeline --member`): a log too large to hold as facts (`isLarge`) is then decoded
    ///   with its high-volume facts set aside, and only the core and that member's facts are
    ///   replayed (`OneMember`): the same answers for that member, holding no other member's
    ///   facts.
    func replay(_ context: Context, registryAhead: Bool = true, member slug: String? = nil,
                memberRegistrations: Bool = true) throws(LedgerError) -> (Replay, Head) {
        if let slug, ViewOptions.isLarge(context) { return try oneMember(context, slug) }
        var loaded = try load(context, registrationsAsFacts: !memberRegistrations)
        let source = loaded.source
        let replay = Replay(log: loaded.log.take(), source: source, knownAt: knownAt, registryAhead: registryAhead)
        HeldUntilExit.hold(replay)
        return (replay, loaded.head)
    }

    /// The replay of the core and one member's facts (see `replay`).
    private func oneMember(_ context: Context, _ slug: String) throws(LedgerError) -> (Replay, Head) {
        var aside = try loadSetAside(context)
        let replay: Replay
        if aside.fromSnapshot {
            // Every fact is in the core, handed over whole (its only copy, amended in place).
            let source = LineSource(file: aside.file, lineStarts: aside.core.lineStarts ?? [])
            replay = Replay(log: aside.core.take(), source: source, knownAt: knownAt, registryAhead: true)
        } else {
            replay = try OneMember.replay(core: aside.core.take(), spill: aside.spill, file: aside.file, knownAt: knownAt, slug: slug)
            // Not a member as known: the whole log's replay words the error, its hint naming
            // the closest of every member (the replay here knows only this one).
            if (try? replay.checkMember(slug)) == nil { return try self.replay(context) }
        }
        HeldUntilExit.hold(replay)
        return (replay, aside.head)
    }

    /// A log loaded for a view that replays part of it (`isLarge`).
    struct SetAside {
        /// The lines that keep a whole event; every line's fact when `fromSnapshot`.
        /// (Handed over with `core.take()`, so that its replay holds the only copy.)
        var core: FactLog
        /// The high-volume facts (`FactLog.spills`), in a temporary file; empty when
        /// `fromSnapshot`.
        let spill: FactSpill
        let file: MappedFile
        let head: Head
        /// A replay snapshot served: nothing was set aside.
        let fromSnapshot: Bool

        /// Facts a range of members holds: every fact when they are all in the core.
        var rangeFacts: Int { fromSnapshot ? Int.max : ViewOptions.rangeFacts }
    }

    /// Loads the log (see `load`) with its high-volume facts set aside in a temporary file,
    /// unless a replay snapshot serves.
    func loadSetAside(_ context: Context) throws(LedgerError) -> SetAside {
        let spill = try FactSpill()
        var loaded = try load(context, spill: spill)
        return SetAside(core: loaded.log.take(), spill: spill, file: loaded.file, head: loaded.head,
                        fromSnapshot: loaded.snapshot != nil)
    }

    /// Facts a range of members holds at most (`MEMBERSHIPS_RANGE_FACTS`, default 500,000).
    static var rangeFacts: Int {
        if let text = getenv("MEMBERSHIPS_RANGE_FACTS").map({ String(cString: $0) }), let value = Int(text), value >= 1 {
            return value
        }
        return StatusInRanges.defaultRangeFacts
    }

    /// Whether the log is too large to hold as facts: larger than 2 KiB per fact of a range
    /// (1 GiB by default, about three million events). `status` and `network NAME` then work
    /// a range of members at a time, the views of one member replay that member alone, and
    /// `timeline --network` that network's events alone.
    static func isLarge(_ context: Context) -> Bool {
        context.store.logSize > rangeFacts * 2048
    }

    /// Loads the log for a view (see `replay`), its high-volume facts set aside in `spill`
    /// when one is given and no snapshot serves; checks `--known-at seq:N` against its head.
    /// With `registrationsAsFacts`, the lines decoded keep no whole event of a member's
    /// registration (see `replay`'s `memberRegistrations`).
    func load(_ context: Context, spill: FactSpill? = nil, registrationsAsFacts: Bool = false) throws(LedgerError) -> ReplaySnapshot.Loaded {
        var knownAtSeq: Int?
        if case .seq(let n) = knownAt { knownAtSeq = n }
        let loaded = try context.store.loadForViews(knownAtSeq: knownAtSeq, spill: spill,
                                                    registrationsAsFacts: registrationsAsFacts) { warning in
            context.console.err("memberships: warning: " + Console.safe(warning))
        }
        if let knownAtSeq, knownAtSeq > loaded.head.seq {
            throw LedgerError(.usage, "--known-at seq:\(knownAtSeq) is past the head of the log (seq \(loaded.head.seq))",
                              hint: "give a seq from 0 to \(loaded.head.seq), or leave --known-at out for everything")
        }
        return loaded
    }

    /// `{"head", "asOf", "knownAt", "rows"}` (SPEC §6).
    func envelope(_ rows: [JSONValue], head: Head) -> JSONValue {
        .object([
            JSONMember("head", headJSON(head)),
            JSONMember("asOf", .string(asOf.description)),
            JSONMember("knownAt", knownAtText.map(JSONValue.string) ?? .null),
            JSONMember("rows", .array(rows)),
        ])
    }

    /// The one-line header of text output: as of when, as known at when, from which head.
    func header(head: Head) -> String {
        let known = knownAtText.map { "as known at \($0)" } ?? "as known now (everything recorded)"
        return "as of \(asOf), \(known); head seq \(head.seq) \(head.hash.hex)"
    }

    /// Prints typed rows as a text table or as CSV, laid out by `layout`: streamed, none of
    /// their text held at once (JSON is the caller's: `printJSON`).
    func printTable<Rows: RandomAccessCollection>(_ rows: Rows, _ layout: RowLayout<Rows.Element>, head: Head, context: Context) {
        printTable(AllRows(rows), layout, head: head, context: context)
    }

    /// As above, the rows made a piece at a time by `rows` (in each pass of a text table).
    func printTable<Source: PieceRows>(_ rows: Source, _ layout: RowLayout<Source.Row>, head: Head, context: Context) {
        if format == .csv {
            CSV.write(columns: layout.columns, rows: rows, cells: layout.csv) { context.console.raw(buffer: $0) }
            return
        }
        context.console.out(header(head: head))
        let marks = TextTable.write(headers: layout.headers, rows: rows, line: layout.line) { context.console.raw(buffer: $0) }
        context.console.out(layout.legend(marks))
    }

    /// Prints rows as JSON (whatever the chosen format), each written by `write`, on every core.
    func printJSON<Rows: RandomAccessCollection>(_ rows: Rows, write: @escaping @Sendable (Rows.Element, Int, inout ByteSink) -> Void,
                                                 head: Head, context: Context) {
        printJSON(AllRows(rows), write: write, head: head, context: context)
    }

    /// As above, each row written as its JSON value (`json`), indented in place.
    func printJSON<Row: Sendable>(_ rows: [Row], json: @escaping @Sendable (Row) -> JSONValue, head: Head, context: Context) {
        printJSON(rows, write: { row, indent, sink in
            var bytes: [UInt8] = []
            JSONText.write(json(row), indent: indent, into: &bytes)
            sink.bytes(bytes)
        }, head: head, context: context)
    }

    /// As above, the rows made a piece at a time by `rows`.
    func printJSON<Source: PieceRows>(_ rows: Source, write: @escaping @Sendable (Source.Row, Int, inout ByteSink) -> Void,
                                      head: Head, context: Context) {
        JSONText.streamInPieces(jsonHead(head), rowsKey: "rows", rows: rows, writeRow: write) { context.console.raw(buffer: $0) }
    }

    /// A JSON envelope whose rows are written a batch at a time (`JSONText.RowStream`).
    func rowStream(head: Head, context: Context) -> JSONText.RowStream {
        JSONText.RowStream(jsonHead(head), rowsKey: "rows") { context.console.raw(buffer: $0) }
    }

    /// The members of the JSON envelope before its rows.
    private func jsonHead(_ head: Head) -> [JSONMember] {
        [JSONMember("head", headJSON(head)), JSONMember("asOf", .string(asOf.description)),
         JSONMember("knownAt", knownAtText.map(JSONValue.string) ?? .null)]
    }

    /// Prints typed rows in the chosen format: JSON from each row's `json`, CSV from its
    /// values (`csv`, in `columns`' order), text from `text` (a view whose text is not one
    /// table of its rows; one that is goes through `printTable`).
    /// JSON rows are made and written a piece at a time, on every core: a hundred thousand
    /// members are never one tree, nor one string.
    func print<Row: Sendable>(_ rows: [Row], json: @escaping @Sendable (Row) -> JSONValue,
                              csv: @escaping @Sendable (Row) -> [String], columns: [String],
                              head: Head, context: Context, text: () -> String) {
        switch format {
        case .json: printJSON(rows, json: json, head: head, context: context)
        case .csv: CSV.write(columns: columns, rows: rows, cells: csv) { context.console.raw(buffer: $0) }
        case .text:
            context.console.out(header(head: head))
            context.console.out(text())
        }
    }
}

/// Turns a view's unknown-name error into bad data (65), as SPEC §6 asks.
func checked<T>(_ body: () throws(ViewError) -> T) throws(LedgerError) -> T {
    do {
        return try body()
    } catch {
        throw LedgerError(.badData, error.message)
    }
}

/// What knows the registered members and networks: a replay, or a snapshot's folded status.
protocol RegisteredNames {
    func checkMember(_ name: String) throws(ViewError) -> MemberID
    func checkNetwork(_ name: String) throws(ViewError) -> NetworkID
}

extension Replay: RegisteredNames {}
extension FoldedStatus: RegisteredNames {}

extension RegisteredNames {
    /// A member named on the command line, checked: bad data (65) with a hint when unknown.
    func member(named name: String) throws(LedgerError) -> MemberID {
        try checked { () throws(ViewError) in try checkMember(name) }
    }

    /// A network named on the command line, checked: bad data (65) with a hint when unknown.
    func network(named name: String) throws(LedgerError) -> NetworkID {
        try checked { () throws(ViewError) in try checkNetwork(name) }
    }

    /// An optional `--member M` filter, checked.
    func memberFilter(_ name: String?) throws(LedgerError) -> MemberID? {
        guard let name else { return nil }
        return try member(named: name)
    }

    /// An optional `--network N` filter, checked.
    func networkFilter(_ name: String?) throws(LedgerError) -> NetworkID? {
        guard let name else { return nil }
        return try network(named: name)
    }
}

/// Reading row fields for text output.
extension JSONValue {
    var text: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "yes" : "no"
        case .number(let n): return n
        case .string(let s): return s
        case .array(let items): return items.map(\.text).joined(separator: ", ")
        case .object: return String(decoding: JSONWriter.encode(self), as: UTF8.self)
        }
    }

    func text(_ key: String) -> String { self[key]?.text ?? "" }

    func flag(_ key: String) -> Bool { self[key] == .bool(true) }

    var items: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}
