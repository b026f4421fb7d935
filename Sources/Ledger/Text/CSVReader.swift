/// Reads RFC 4180 CSV: fields separated by commas, records by CRLF or LF, fields in
/// double quotes may hold commas, quotes (doubled) and line breaks. A UTF-8 byte-order
/// mark at the very start of the file (spreadsheets write one) is skipped; anywhere else
/// U+FEFF is a character like any other.
public enum CSVReader {
    /// The UTF-8 byte-order mark.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The separator of the file's first record: a comma when that record holds one outside
    /// quotes, else a semicolon (spreadsheets set to a language that writes decimal commas),
    /// else a tab, else a comma.
    public static func separator(of bytes: [UInt8]) -> Unicode.Scalar {
        var index = bytes.starts(with: byteOrderMark) ? 3 : 0
        var inQuotes = false
        var semicolon = false, tab = false
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == 0x22 { inQuotes.toggle(); continue }
            if inQuotes { continue }
            switch byte {
            case 0x2C: return ","
            case 0x0A, 0x0D: return semicolon ? ";" : tab ? "\t" : ","
            case 0x3B: semicolon = true
            case 0x09: tab = true
            default: break
            }
        }
        return semicolon ? ";" : tab ? "\t" : ","
    }

    /// One record, with the line of the file it starts on.
    public struct Record: Sendable, Equatable {
        public let line: Int
        public let fields: [String]
    }

    /// The line of the first byte that is not UTF-8.
    private static func firstInvalidLine(_ bytes: ArraySlice<UInt8>) -> Int {
        var line = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput, .error: return line
            }
        }
    }

    /// Every record of `bytes` (UTF-8), fields split at `separator`.
    /// - Throws: `LedgerError(.badData)` for a file that is not UTF-8, and at the line of an
    ///   unterminated quoted field, a quote inside an unquoted field, or text after a closing quote.
    public static func records(_ bytes: [UInt8], file: String, separator: Unicode.Scalar = ",") throws(LedgerError) -> [Record] {
        let body = bytes.starts(with: byteOrderMark) ? bytes[3...] : bytes[...]
        guard let text = String(validating: body, as: UTF8.self) else {
            let utf16 = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            throw LedgerError(.badData, utf16 ? "the file is UTF-16, not UTF-8" : "the file is not valid UTF-8 (another encoding?)",
                              file: file, line: utf16 ? 1 : firstInvalidLine(body),
                              hint: "save it as CSV in UTF-8 (in a spreadsheet: \"CSV UTF-8\")")
        }
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var wasQuoted = false
        var atFieldStart = true
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return scalars.next()
        }
        func endField() {
            fields.append(field)
            field = ""
            wasQuoted = false
            atFieldStart = true
        }
        func endRecord() {
            endField()
            // A blank line is no record.
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let after = next() {
                        if after == "\"" { field.unicodeScalars.append("\""); continue }
                        pending = after
                    }
                    inQuotes = false
                    continue
                }
                if c == "\n" { line += 1 }
                field.unicodeScalars.append(c)
                continue
            }
            switch c {
            case separator:
                endField()
            case "\r":
                if let after = next(), after != "\n" { pending = after }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            case "\"":
                guard atFieldStart else {
                    throw LedgerError(.badData, "a quote inside an unquoted field (quote the whole field and double the quote)",
                                      file: file, line: line)
                }
                inQuotes = true
                wasQuoted = true
                atFieldStart = false
            default:
                if wasQuoted {
                    throw LedgerError(.badData, "text after a closing quote", file: file, line: line)
                }
                field.unicodeScalars.append(c)
                atFieldStart = false
            }
        }
        if inQuotes { throw LedgerError(.badData, "a quoted field is not closed", file: file, line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }
}
