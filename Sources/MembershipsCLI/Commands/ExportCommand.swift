import Ledger
import Projections

/// `export [--to FILE]`: the timeline, or with `--log` the log itself, as CSV; a file
/// (for a spreadsheet) starts with a byte-order mark, standard output (for programs) not.
struct ExportCommand: Command {
    static let valued = ["to", "as-of", "known-at", "member", "network"]
    static let switches = ["log"]

    /// The log's columns: the envelope, every type's fields (first use, in schema order), then
    /// `source`, `note`, `prev`.
    static let logColumns: [String] = {
        var columns = ["seq", "id", "type", "recorded", "by"]
        for type in EventType.allCases {
            for field in EventSchema.fields(of: type) where !columns.contains(field.name) { columns.append(field.name) }
        }
        return columns + ["source", "note", "prev"]
    }()

    let options: ViewOptions
    let log: Bool
    let destination: String?
    let member: String?
    let network: String?

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(0, 0, command: "export", what: "")
        options = try ViewOptions(args)
        log = args.has("log")
        destination = args.value("to")
        member = args.value("member")
        network = args.value("network")
        if log && (member != nil || network != nil || args.value("as-of") != nil || args.value("known-at") != nil) {
            throw LedgerError(.usage, "export --log writes the whole log; --as-of, --known-at, --member and --network are for the timeline")
        }
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        // Before reading the log, which can take long: a path that cannot take the file fails now.
        if let destination { try OutputFile.check(destination, example: log ? "log.csv" : "timeline.csv") }
        // Standard output takes the lines as they are made; a file takes them all at once
        // (whole or not at all), the pieces kept as made, never joined.
        var chunks: [[UInt8]] = destination == nil ? [] : [CSV.byteOrderMark]
        let flush: (UnsafeBufferPointer<UInt8>) -> Void = { [destination] bytes in
            if destination == nil { context.console.raw(buffer: bytes) } else { chunks.append(Array(bytes)) }
        }
        let count: Int
        if log {
            let (events, _) = try context.store.load()
            // Each event as the JSON of its canonical line, read by the columns' keys, on every core.
            CSV.write(columns: ExportCommand.logColumns, rows: events, cells: { event in
                let row = (try? JSONReader.parse(EventEncoder.line(event))) ?? .null
                return ExportCommand.logColumns.map { CSV.cell(row[$0] ?? .null) }
            }, flush: flush)
            count = events.count
        } else {
            let (replay, _) = try options.replay(context)
            let memberID = try replay.memberFilter(member)
            let networkID = try replay.networkFilter(network)
            // Made as they are written, a piece at a time: no row held once written.
            let rows = replay.timelineRows(asOf: options.asOf, member: memberID, network: networkID, from: nil, to: nil)
            CSV.write(columns: TimelineCommand.columns, rows: rows, cells: TimelineCommand.csv, flush: flush)
            count = rows.count
        }
        if let destination {
            try OutputFile.write(chunks, to: destination)
            context.console.out("wrote \(count) \(log ? "events" : "timeline rows") to \(Console.safe(destination))")
        }
        return 0
    }
}
