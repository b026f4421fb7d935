/// Reads RFC 4180 CSV: fields separated by commas, records by CRLF or LF, fields in
/// double quotes may hold commas, quotes (doubled) and line breaks.
public enum CSVReader {
    /// One record, with the line of the file it starts on.
    public struct Record: Sendable, Equatable {
        public let line: Int
        public let fields: [String]
    }

    /// Every record of `bytes` (UTF-8).
    /// - Throws: `LedgerError(.badData)` at the line of an unterminated quoted field, a quote
    ///   inside an unquoted field, or text after a closing quote.
    public static func records(_ bytes: [UInt8], file: String) throws(LedgerError) -> [Record] {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LedgerError(.badData, "the file is not valid UTF-8", file: file, line: 1)
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
            case ",":
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
