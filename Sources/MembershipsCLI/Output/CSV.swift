import Ledger
import Projections

/// RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote or line
/// break, quotes doubled. Nested values (rules, members, changes) go in one cell as JSON.
/// A value a spreadsheet would run as a formula gets a `'` in front (`SpreadsheetCell`).
enum CSV {
    /// The UTF-8 byte-order mark that starts a CSV file written for a spreadsheet (`export
    /// --to`), so that it reads the file as UTF-8; CSV on standard output has none.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

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
            writeField(value, to: &sink)
        }
        sink.byte(0x0D)
        sink.byte(0x0A)
    }

    /// A value as a cell when it may be null.
    static func cell(_ text: String?) -> String { text ?? "" }

    /// A flag as a cell.
    static func cell(_ flag: Bool) -> String { flag ? "true" : "false" }

    /// A JSON value as a cell: scalars as their text, null empty, arrays and objects as JSON.
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
        var sink = ByteSink(keeping: value.utf8.count + 8)
        writeField(value, to: &sink)
        return withExtendedLifetime(sink.handedOver()) { String(decoding: $0.buffer, as: UTF8.self) }
    }

    /// Writes `value` as one cell (`field`), from its UTF-8 bytes. Every character that
    /// decides (the spreadsheet triggers, comma, quote, CR, LF) is ASCII, so a byte is one of
    /// them only where the character is; and a quote is doubled as a byte, so a quote followed
    /// by a combining mark is doubled too.
    static func writeField(_ value: String, to sink: inout ByteSink) {
        var value = value
        value.withUTF8 { bytes in
            let trigger = bytes.first.map(SpreadsheetCell.isTrigger) ?? false
            var quoted = !trigger && bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
            if !quoted {
                for byte in bytes where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
                    quoted = true
                    break
                }
            }
            if quoted { sink.byte(0x22) }
            if trigger { sink.byte(UInt8(ascii: "'")) }
            var run = 0
            if quoted {
                for k in bytes.indices where bytes[k] == 0x22 {
                    sink.bytes(UnsafeBufferPointer(rebasing: bytes[run...k]))
                    sink.byte(0x22)
                    run = k + 1
                }
            }
            sink.bytes(UnsafeBufferPointer(rebasing: bytes[run...]))
            if quoted { sink.byte(0x22) }
        }
    }

    /// A commitment's rules as one cell: their JSON array (`RuleRow.json`), written directly.
    static func cell(_ rules: [RuleRow]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(2 + rules.count * 128)
        for (k, rule) in rules.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"milestone":"#.utf8)
            JSONWriter.writeString(rule.milestone, into: &out)
            out.append(contentsOf: #","due":""#.utf8)
            out.append(contentsOf: rule.due.description.utf8)
            out.append(contentsOf: #"","met":"#.utf8)
            out.append(contentsOf: (rule.met ? "true" : "false").utf8)
            out.append(contentsOf: #","metOn":"#.utf8)
            if let metOn = rule.metOn { JSONWriter.writeString(metOn, into: &out) } else { out.append(contentsOf: "null".utf8) }
            out.append(contentsOf: #","late":"#.utf8)
            out.append(contentsOf: (rule.late ? "true" : "false").utf8)
            out.append(contentsOf: #","overdue":"#.utf8)
            out.append(contentsOf: (rule.overdue ? "true" : "false").utf8)
            out.append(contentsOf: #","recurring":"#.utf8)
            out.append(contentsOf: (rule.recurring ? "true" : "false").utf8)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }
}
