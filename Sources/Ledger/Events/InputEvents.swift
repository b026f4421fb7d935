/// Events as a client hands them to `append`: JSON lines, or one event from flags.
public enum InputEvents {
    /// Events read from a client's file: those that decode, and one problem for each line
    /// or row that does not, so that a run reports every bad row at once.
    public struct Batch: Sendable {
        /// The lines or rows that are valid events, in file order.
        public var inputs: [LedgerStore.Input] = []
        /// One `.badData` error (`FILE:LINE`) per line or row that is not, in file order.
        public var problems: [LedgerError] = []

        /// The inputs, when every line or row is valid.
        /// - Throws: every problem at once (`LedgerError.collected`).
        public func checked() throws(LedgerError) -> [LedgerStore.Input] {
            if !problems.isEmpty { throw LedgerError.collected(problems) }
            return inputs
        }

        /// Adds the event of line or row `line` of `file`, or the reason it is not one.
        mutating func add(file: String, line: Int, _ decode: () throws(EventError) -> Event) {
            do throws(EventError) {
                inputs.append(LedgerStore.Input(event: try decode(), file: file, line: line))
            } catch {
                problems.append(LedgerError(.badData, error.message, file: file, line: line))
            }
        }

        /// The batch, unless the file held no event at all (`hint` says what it should hold).
        func nonEmpty(_ file: String, hint: String) throws(LedgerError) -> Batch {
            if inputs.isEmpty && problems.isEmpty { throw LedgerError(.badData, "no events in \(file)", hint: hint) }
            return self
        }
    }

    /// Parses JSON lines into events to append. Blank lines are skipped; `\r\n` is accepted.
    /// - Throws: `.badData` naming `file:line` for each line that is not a valid event.
    public static func parse(_ bytes: [UInt8], file: String) throws(LedgerError) -> [LedgerStore.Input] {
        try readLines(bytes, file: file).checked()
    }

    /// Reads JSON lines: each valid event, and a problem for each line that is not one.
    /// - Throws: `.badData` for input that starts with a byte-order mark or holds no event.
    public static func readLines(_ bytes: [UInt8], file: String) throws(LedgerError) -> Batch {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw LedgerError(.badData, "the input starts with a UTF-8 byte-order mark; remove it", file: file, line: 1)
        }
        let lines = LogLines.split(bytes)
        // Lines decode on their own: in pieces on every core, gathered in file order.
        let pieces = bytes.withUnsafeBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            return Parallel.map(lines.count) { range in
                var piece = Batch()
                for line in lines[range] {
                    let slice = UnsafeBufferPointer(rebasing: buffer[line.range])
                    if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                    piece.add(file: file, line: line.number) { () throws(EventError) in
                        try EventDecoder.decodeLine(slice, mode: .input)
                    }
                }
                return piece
            }
        }
        var batch = Batch()
        for piece in pieces {
            batch.inputs += piece.inputs
            batch.problems += piece.problems
        }
        return try batch.nonEmpty(file, hint: "give one JSON object per line")
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
}
