/// Events as a client hands them to `append`: JSON lines, or one event from flags.
public enum InputEvents {
    /// Parses JSON lines into events to append. Blank lines are skipped; `\r\n` is accepted.
    /// - Throws: `.badData` naming `file:line` for the first line that is not a valid event.
    public static func parse(_ bytes: [UInt8], file: String) throws(LedgerError) -> [LedgerStore.Input] {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw LedgerError(.badData, "the input starts with a UTF-8 byte-order mark; remove it", file: file, line: 1)
        }
        var inputs: [LedgerStore.Input] = []
        let lines = LogLines.split(bytes)
        try bytes.withUnsafeBufferPointer { (buffer) throws(LedgerError) in
            for line in lines {
                let slice = UnsafeBufferPointer(rebasing: buffer[line.range])
                if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                do throws(EventError) {
                    let event = try EventDecoder.decodeLine(slice, mode: .input)
                    inputs.append(LedgerStore.Input(event: event, file: file, line: line.number))
                } catch {
                    throw LedgerError(.badData, error.message, file: file, line: line.number)
                }
            }
        }
        if inputs.isEmpty { throw LedgerError(.badData, "no events in \(file)", hint: "give one JSON object per line") }
        return inputs
    }

    /// Fields whose flag value is JSON (an array, an object or an integer), not a string.
    static let jsonFields: Set<String> = ["rules", "every", "set", "population", "format"]

    /// A field given as text (a flag's value, a CSV cell): JSON for `jsonFields`, else a string.
    static func value(of name: String, _ text: String) throws(EventError) -> JSONValue {
        guard jsonFields.contains(name) else { return .string(text) }
        do {
            return try JSONReader.parse(text)
        } catch {
            throw EventError("field '\(name)': '\(text)' is not valid JSON (\(error))")
        }
    }

    /// One event from `append TYPE --field value …`.
    public static func fromFlags(type: String, fields: [(String, String)]) throws(LedgerError) -> LedgerStore.Input {
        var members = [JSONMember("type", .string(type))]
        do {
            for (name, text) in fields { members.append(JSONMember(name, try value(of: name, text))) }
            return LedgerStore.Input(event: try EventDecoder.decode(.object(members), mode: .input), file: "", line: 0)
        } catch {
            throw LedgerError(.badData, error.message)
        }
    }

    /// Parses CSV: a header row naming fields (`type` required; `id`, `by`, the types'
    /// fields, `source`, `note`), then one event per row. An empty cell leaves the field
    /// out; `rules`, `every` and `set` cells hold JSON; `population` and `format` integers.
    /// - Throws: `.badData` naming `file:line` for the first row that is not a valid event.
    public static func parseCSV(_ bytes: [UInt8], file: String) throws(LedgerError) -> [LedgerStore.Input] {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw LedgerError(.badData, "the input starts with a UTF-8 byte-order mark; remove it", file: file, line: 1)
        }
        let records = try CSVReader.records(bytes, file: file)
        guard let header = records.first else { throw LedgerError(.badData, "no events in \(file)", hint: "the first row names the fields") }
        if let duplicate = header.fields.enumerated().first(where: { header.fields[..<$0.offset].contains($0.element) }) {
            throw LedgerError(.badData, "the column '\(duplicate.element)' appears twice", file: file, line: header.line)
        }
        guard header.fields.contains("type") else {
            throw LedgerError(.badData, "the header has no 'type' column", file: file, line: header.line,
                              hint: "the first row names the fields: type,id,member,network,date,…")
        }
        var inputs: [LedgerStore.Input] = []
        for record in records.dropFirst() {
            guard record.fields.count == header.fields.count else {
                throw LedgerError(.badData, "\(record.fields.count) fields where the header has \(header.fields.count)",
                                  file: file, line: record.line)
            }
            do {
                var members: [JSONMember] = []
                for (name, cell) in zip(header.fields, record.fields) where !cell.isEmpty {
                    members.append(JSONMember(name, try value(of: name, cell)))
                }
                let event = try EventDecoder.decode(.object(members), mode: .input)
                inputs.append(LedgerStore.Input(event: event, file: file, line: record.line))
            } catch {
                throw LedgerError(.badData, error.message, file: file, line: record.line)
            }
        }
        if inputs.isEmpty { throw LedgerError(.badData, "no events in \(file)") }
        return inputs
    }
}
