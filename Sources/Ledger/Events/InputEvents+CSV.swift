extension InputEvents {
    /// Parses CSV into events to append (see `readCSV`).
    /// - Throws: `.badData` for a header that cannot be read, or naming `file:line` for each
    ///   row that is not a valid event.
    public static func parseCSV(_ bytes: [UInt8], file: String) throws(LedgerError) -> [LedgerStore.Input] {
        try readCSV(bytes, file: file).checked()
    }

    /// Reads CSV: a header row naming fields (`type` required; `id`, `by`, the types'
    /// fields, `source`, `note`; in any letter case, `managed-by` for `managedBy`), then one
    /// event per row: each valid event, and a problem for each row that is not one. Commas
    /// separate the fields, or semicolons or tabs when the header row holds none
    /// (`CSVReader.separator`). An empty cell leaves the field out, and a row of empty cells
    /// is skipped; `rules`, `every` and `set` cells hold JSON, `population` and `format`
    /// integers. A cell escaped for spreadsheets (`SpreadsheetCell`) is read back unescaped.
    /// - Throws: `.badData` for CSV that cannot be split into records, a header that cannot
    ///   be read (every problem of it at once), or a file with no rows.
    public static func readCSV(_ bytes: [UInt8], file: String) throws(LedgerError) -> Batch {
        let records = try CSVReader.records(bytes, file: file, separator: CSVReader.separator(of: bytes))
        guard let header = records.first else {
            throw LedgerError(.badData, "no events in \(file)", hint: "the first row names the fields: type,id,member,network,date,…")
        }
        let columns = try CSVColumns(header, file: file)
        var batch = Batch()
        // A row of empty cells is a blank line that a spreadsheet wrote out.
        for record in records.dropFirst() where !record.fields.allSatisfy(\.isEmpty) {
            batch.add(file: file, line: record.line) { () throws(EventError) in
                try EventDecoder.decode(.object(try columns.members(of: record)), mode: .input)
            }
        }
        return try batch.nonEmpty(file, hint: "after the header row, one event per row")
    }
}

/// The header row of an imported CSV file: the field each column holds (nil for a column
/// with no name).
private struct CSVColumns {
    let names: [String?]

    /// A header name as it is looked up: lowercase, without `-`, `_` and spaces
    /// (`ManagedBy`, `managed-by` and `managed by` are `managedby`).
    static func key(_ name: String) -> String {
        String(String.UnicodeScalarView(name.lowercased().unicodeScalars.filter { $0 != "-" && $0 != "_" && $0 != " " }))
    }

    /// Every field a client may give, by its `key`.
    static let known: [String: String] = {
        var names = ["type", "id", "by"]
        for type in EventType.allCases {
            for field in EventSchema.fields(of: type) where !names.contains(field.name) { names.append(field.name) }
        }
        names += ["source", "note"]
        return Dictionary(names.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
    }()

    /// Reads the header: names matched to fields whatever their letter case, spaces, `-`
    /// and `_` (`Managed By`, `managed-by`: `managedBy`); a column with no name is allowed
    /// as long as its cells are empty.
    /// - Throws: every problem of the header at once: an unknown name, a column the ledger
    ///   sets (`seq`, `recorded`, `prev`), a name given twice, no `type` column.
    init(_ header: CSVReader.Record, file: String) throws(LedgerError) {
        var names: [String?] = []
        var problems: [String] = []
        var hint: String?
        for cell in header.fields {
            let written = cell.trimmingSpaces
            if written.isEmpty { names.append(nil); continue }
            if let name = CSVColumns.known[CSVColumns.key(written)] {
                if names.contains(name) { problems.append("the column '\(name)' appears twice") }
                names.append(name)
                continue
            }
            names.append(written)
            let shown = SafeText.quoted(written)
            if ["seq", "recorded", "prev"].contains(written.lowercased()) {
                problems.append("the column \(shown) is set by the ledger")
                hint = "remove the seq, recorded and prev columns (an 'export --log' file has them)"
            } else if written.unicodeScalars.contains("\u{FEFF}") {
                problems.append("the column \(shown) holds a byte-order mark (U+FEFF), which only the very start of the file may hold")
            } else {
                problems.append("unknown column \(shown)" + Suggestion.hint(for: written, in: CSVColumns.known.values))
            }
        }
        if !names.contains("type") {
            problems.append("the header has no 'type' column")
            hint = hint ?? "the first row names the fields, separated by commas (or semicolons, or tabs): type,id,member,network,date,…"
        } else if hint == nil && !problems.isEmpty {
            hint = "the columns are type, id, by, source, note and the fields of the event types (see 'memberships help append')"
        }
        guard problems.isEmpty else {
            var errors = problems.map { LedgerError(.badData, $0, file: file, line: header.line) }
            errors[0].hint = hint
            throw LedgerError.collected(errors)
        }
        self.names = names
    }

    /// The members of the event in `record`: one per non-empty cell, unescaped.
    /// - Throws: `EventError` for a row of another width, or a value under a column with no name.
    func members(of record: CSVReader.Record) throws(EventError) -> [JSONMember] {
        guard record.fields.count == names.count else {
            throw EventError("\(record.fields.count) fields where the header has \(names.count)")
        }
        var members: [JSONMember] = []
        for (index, (name, cell)) in zip(names, record.fields).enumerated() where !cell.isEmpty {
            guard let name else {
                throw EventError("a value in column \(index + 1), which has no name in the header")
            }
            members.append(JSONMember(name, try InputEvents.value(of: name, SpreadsheetCell.unescaped(cell))))
        }
        return members
    }
}

extension String {
    /// Without the spaces at either end.
    fileprivate var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }),
              let last = scalars.lastIndex(where: { $0 != " " }) else { return "" }
        return String(scalars[first...last])
    }
}
