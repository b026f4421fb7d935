import Ledger

/// RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote or line
/// break, quotes doubled. Nested values (rules, members, changes) go in one cell as JSON.
/// A value a spreadsheet would run as a formula gets a `'` in front (`SpreadsheetCell`).
enum CSV {
    /// The UTF-8 byte-order mark that starts a CSV file written for a spreadsheet (`export
    /// --to`), so that it reads the file as UTF-8; CSV on standard output has none.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// JSON rows as CSV, each row's values read by the columns' keys (`cell`).
    static func render(_ rows: [JSONValue], columns: [String]) -> String {
        var out: [UInt8] = []
        write(columns: columns, rows: rows, cells: { row in columns.map { cell(row[$0] ?? .null) } }) {
            out.append(contentsOf: $0)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the header line, then each row's line, every line ended by CRLF, a piece of
    /// rows at a time (`RowPieces`): `cells` gives a row's values, in the columns' order, as
    /// `cell` words them; each is made a field here.
    static func write<Rows: RandomAccessCollection>(columns: [String], rows: Rows,
                                                    cells: @escaping @Sendable (Rows.Element) -> [String],
                                                    flush: (UnsafeBufferPointer<UInt8>) -> Void) {
        write(columns: columns, rows: AllRows(rows), cells: cells, flush: flush)
    }

    /// As above, the rows made a piece at a time by `source`.
    static func write<Source: PieceRows>(columns: [String], rows source: Source,
                                         cells: @escaping @Sendable (Source.Row) -> [String],
                                         flush: (UnsafeBufferPointer<UInt8>) -> Void) {
        writeHeader(columns, flush: flush)
        writeRows(source, cells: cells, flush: flush)
    }

    /// The header line alone: the columns' names.
    static func writeHeader(_ columns: [String], flush: (UnsafeBufferPointer<UInt8>) -> Void) {
        var top = ByteSink(keeping: 256)
        line(columns, to: &top)
        withExtendedLifetime(top.handedOver()) { flush($0.buffer) }
    }

    /// The lines of the rows alone, with no header: rows that follow others already written.
    static func writeRows<Source: PieceRows>(_ source: Source, cells: @escaping @Sendable (Source.Row) -> [String],
                                             flush: (UnsafeBufferPointer<UInt8>) -> Void) {
        RowPieces.write(source, bytesPerRow: 256, flush: { bytes, _ in flush(bytes) }) { row, sink in line(cells(row), to: &sink) }
    }

    /// One line: the fields, comma-separated, and CRLF.
    private static func line(_ values: [String], to sink: inout ByteSink) {
        for (k, value) in values.enumerated() {
            if k > 0 { sink.byte(UInt8(ascii: ",")) }
            sink.utf8(field(value))
        }
        sink.byte(0x0D)
        sink.byte(0x0A)
    }

    /// A value as a cell when it may be null.
    static func cell(_ text: String?) -> String { text ?? "" }

    /// A flag as a cell.
    static func cell(_ flag: Bool) -> String { flag ? "true" : "false" }

    static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let text): return text
        case .string(let s): return s
        case .array, .object: return String(decoding: JSONWriter.encode(value), as: UTF8.self)
        }
    }

    /// One cell: escaped for spreadsheets, then quoted when it must be: when it holds a
    /// comma, quote or line break, and when it starts with U+FEFF, which at the very start
    /// of a file a reader takes for a byte-order mark and drops.
    static func field(_ value: String) -> String {
        let text = SpreadsheetCell.escaped(value)
        guard text.unicodeScalars.first == "\u{FEFF}"
            || text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        // Quotes are doubled scalar by scalar: a quote followed by a combining mark is one
        // Character to String's own search and would go through undoubled.
        var quoted = "\""
        quoted.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 2)
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.unicodeScalars.append("\"") }
            quoted.unicodeScalars.append(scalar)
        }
        quoted.unicodeScalars.append("\"")
        return quoted
    }
}
