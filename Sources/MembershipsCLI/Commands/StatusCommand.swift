import Ledger
import Projections

/// `status`: one row per commitment, with its rules and status.
struct StatusCommand: Command {
    static let columns = ["member", "network", "via", "since", "status", "reason", "basis", "badge", "certain", "rules"]
    let options: ViewOptions
    let member: String?
    let network: String?

    static let valued: [String] = ViewOptions.names + ["member", "network"]

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(0, 0, command: "status", what: "")
        options = try ViewOptions(args)
        member = args.value("member")
        network = args.value("network")
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        // A snapshot at the head holds the status folded over every date: no replay at all.
        let warn = { (warning: String) in context.console.err("memberships: warning: " + Console.safe(warning)) }
        // The filters are checked and the JSON rows' strings made while the snapshot's seal
        // is still being computed; all of it is dropped unless the seal matches.
        if options.knownAt == nil, let (prepared, head) = FoldedStatus.atHead(context.store, warn: warn, json: options.format == .json,
                                                                               prepare: { folded in
            Result { () throws(LedgerError) in
                let memberID = try folded.memberFilter(member)
                let networkID = try folded.networkFilter(network)
                let judged = options.format == .json ? folded.judgedRows(asOf: options.asOf, member: memberID, network: networkID) : nil
                return (folded, memberID, networkID, judged)
            }
        }) {
            let (folded, memberID, networkID, judged) = try prepared.get()
            if let judged {
                printJSON(judged, head: head, context: context)
            } else {
                print(folded.statusRows(asOf: options.asOf, member: memberID, network: networkID), head: head, context: context)
            }
            // Its strings, one allocation each, are left for the process's exit to take back.
            HeldUntilExit.hold(folded)
            return 0
        }
        // A log too large to hold as facts: replayed a range of members at a time, or one
        // member alone (docs/DECISIONS.md, "Status in ranges of members").
        if member == nil, ViewOptions.isLarge(context) {
            try inRanges(context)
            return 0
        }
        // Only a filter reads the registry (to check the slug given); the rows name members by
        // slug, so only `--member` (checked against the registered members) needs their
        // registrations whole.
        let (replay, head) = try options.replay(context, registryAhead: network != nil, member: member,
                                                memberRegistrations: member != nil)
        let memberID = try replay.memberFilter(member)
        let networkID = try replay.networkFilter(network)
        if options.format == .json {
            let judged = replay.judgedRows(asOf: options.asOf, member: memberID, network: networkID)
            printJSON(judged, head: head, context: context)
            HeldUntilExit.hold(judged)
        } else {
            let rows = replay.statusRows(asOf: options.asOf, member: memberID, network: networkID)
            print(rows, head: head, context: context)
            HeldUntilExit.hold(rows)
        }
        return 0
    }

    /// The rows (of `--network`, when given) replayed a range of members at a time
    /// (`StatusInRanges`), each range's written as soon as it is judged (as JSON or CSV; a
    /// text table, whose columns are as wide as their widest cell, keeps them all).
    private func inRanges(_ context: Context) throws(LedgerError) {
        var aside = try options.loadSetAside(context)
        // The core taken, not copied: each branch hands it on (its strings are added to).
        let core = aside.core.take()
        let (head, spill, file, facts) = (aside.head, aside.spill, aside.file, aside.rangeFacts)
        if options.format == .json {
            var stream = options.rowStream(head: head, context: context)
            let runs = StatusRowRuns(indent: JSONText.rowIndent)
            try StatusInRanges.rows(core: core, spill: spill, file: file, knownAt: options.knownAt, asOf: options.asOf,
                                    rangeFacts: facts, network: network) { ranged in
                StatusCommand.write(ranged.judged, runs: runs, into: &stream)
            }
            stream.finish()
        } else if options.format == .csv {
            // Each range's rows written as soon as they are judged, after the one header.
            CSV.writeHeader(StatusCommand.columns) { context.console.raw(buffer: $0) }
            try StatusInRanges.rows(core: core, spill: spill, file: file, knownAt: options.knownAt, asOf: options.asOf,
                                    rangeFacts: facts, network: network) { ranged in
                CSV.writeRows(AllRows(ranged.statusRows()), cells: StatusCommand.csv) { context.console.raw(buffer: $0) }
            }
        } else {
            var rows: [StatusRow] = []
            try StatusInRanges.rows(core: core, spill: spill, file: file, knownAt: options.knownAt, asOf: options.asOf,
                                    rangeFacts: facts, network: network) { rows += $0.statusRows() }
            print(rows, head: head, context: context)
        }
    }

    /// Judged rows written straight out as JSON: each string's JSON is made once, not per row.
    private func printJSON(_ judged: JudgedRows<some RandomAccessCollection<JudgedRow>>, head: Head, context: Context) {
        var stream = options.rowStream(head: head, context: context)
        // The rows' layout, made for the indentation the rows are written at.
        StatusCommand.write(judged, runs: StatusRowRuns(indent: JSONText.rowIndent), into: &stream)
        stream.finish()
    }

    /// Writes judged rows after those `stream` has, on every core, each row judged where it
    /// is written (`PrettyRows`), into one row each piece keeps (`JudgedRows.fill`): read
    /// from the rows, each was returned and copied.
    private static func write(_ judged: JudgedRows<some RandomAccessCollection<JudgedRow>>, runs: StatusRowRuns,
                              into stream: inout JSONText.RowStream) {
        let names = judged.names, texts = judged.texts, fill = judged.fill
        // Each piece judges its rows into one row it keeps, rather than each returned and copied.
        stream.writeInPieces(positions: judged.rows.count) { range, sink in
            var row = JudgedRow.blank
            for k in range {
                JSONText.separate(&sink)
                fill(k, &row)
                PrettyRows.write(&row, runs: runs, names: names, texts: texts, into: &sink)
            }
            return range.count
        }
    }

    private func print(_ rows: some RandomAccessCollection<StatusRow>, head: Head, context: Context) {
        options.printTable(rows, StatusCommand.layout(asOf: options.asOf), head: head, context: context)
    }

    /// The marks the text table's legend explains.
    private enum Mark {
        static let uncertain = 0, notRecorded = 1
    }

    /// The status rows as a text table (a member column unless `withMember` is false: what
    /// `member NAME` shows), with a legend under it; CSV: every field (SPEC §6 keys).
    static func layout(asOf: Day, withMember: Bool = true) -> RowLayout<StatusRow> {
        RowLayout(headers: (withMember ? ["MEMBER"] : []) + ["NETWORK", "VIA", "SINCE", "STATUS", "BASIS", "RULES"], line: { row in
            var status = row.status.rawValue
            if let reason = row.reason, !reason.isEmpty { status += " (\(reason))" }
            if let badge = row.badge, !badge.isEmpty { status += " [\(badge)]" }
            if !row.certain { status += " ?" }
            let superseded = recognitionDecides(status: row.status.rawValue, basis: row.basis)
            let rules = row.rules.map { rule($0, superseded: superseded) }.joined(separator: "; ")
            let marks = (row.certain ? 0 : 1 << Mark.uncertain)
                | (superseded && row.rules.contains { !$0.met } ? 1 << Mark.notRecorded : 0)
            return TextTable.Line((withMember ? [row.member.rawValue] : []) + [row.network.rawValue, row.via, row.since,
                                                                             status, basis(row.basis), rules],
                                  marks: UInt8(marks))
        }, legend: { marks in
            var lines: [String] = []
            if marks[Mark.uncertain] > 0 { lines.append("(? not certain as of \(asOf))") }
            if marks[Mark.notRecorded] > 0 {
                lines.append("(not recorded: no milestone in the ledger; a recognition decides the status, so the rule is not an alarm)")
            }
            return lines.map { "\n" + $0 }.joined()
        }, columns: columns, csv: csv)
    }

    /// A row's CSV values, in `columns`' order: the rules as their JSON array.
    static func csv(_ row: StatusRow) -> [String] {
        [row.member.rawValue, row.network.rawValue, row.via, row.since, row.status.rawValue, CSV.cell(row.reason),
         CSV.cell(row.basis), CSV.cell(row.badge), CSV.cell(row.certain), CSV.cell(row.rules)]
    }

    /// What decided a row's status, in words: `recognition`, `rules` or `none` (JSON keeps
    /// `basis` null in the last case).
    static func basis(_ basis: String?) -> String {
        guard let basis, !basis.isEmpty else { return "none" }
        return basis
    }

    /// True when a recognition in effect makes the commitment compliant: its rules then
    /// decide nothing, and an unmet one is not an alarm.
    static func recognitionDecides(status: String, basis: String?) -> Bool {
        status == "compliant" && basis == "recognition"
    }

    /// One rule in words. Under a recognition (`superseded`), an unmet rule reads "not
    /// recorded" rather than "due … OVERDUE": the recognition decides (JSON keeps `met` and
    /// `overdue` as judged).
    static func rule(_ rule: RuleRow, superseded: Bool = false) -> String {
        let name = rule.milestone + (rule.recurring ? " (every)" : "")
        if rule.met {
            return "\(name) met \(rule.metOn ?? "")" + (rule.late ? " late" : "")
        }
        if superseded { return "\(name) not recorded" }
        return "\(name) due \(rule.due)" + (rule.overdue ? " OVERDUE" : "")
    }
}
