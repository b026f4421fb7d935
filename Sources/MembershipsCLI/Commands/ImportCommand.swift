import Ledger

/// `import FILE (.csv | .jsonl)`: a bulk append, validated as a whole first; every bad row
/// is reported at once.
struct ImportCommand: Command {
    static let valued = ["expect-seq", "by", "format"]

    let path: String
    let csv: Bool
    let expectSeq: Int?
    let by: String?
    let format: OutputFormat

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(1, 1, command: "import", what: "a file (memberships import FILE.csv or FILE.jsonl)")
        path = args.positionals[0]
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") {
            csv = true
        } else if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") {
            csv = false
        } else {
            throw LedgerError(.usage, "import reads .csv or .jsonl files, not '\(path)'",
                              hint: "name the file .csv (a header row of field names) or .jsonl (one JSON object per line)")
        }
        expectSeq = try args.integer("expect-seq")
        by = args.value("by")
        format = try OutputFormat.parse(args.value("format"), allowed: [.text, .json])
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        try context.store.requireLedger()
        let bytes = try InputFile.read(path)
        let batch = csv ? try InputEvents.readCSV(bytes, file: path) : try InputEvents.readLines(bytes, file: path)
        // Rows that do not decode are reported with the rule checks of the others, in row order.
        if batch.inputs.isEmpty { throw LedgerError.collected(batch.problems) }
        let report = try context.store.append(batch.inputs, rejected: batch.problems, expectSeq: expectSeq, by: by,
                                              now: Timestamp.now()) { notice in
            context.console.err(notice)
        }
        AppendCommand.print(report, format: format, context: context)
        return 0
    }
}
