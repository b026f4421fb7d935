/// The CSV reader: never crashes; records come in file order, each on a line of the file;
/// a record written back the RFC 4180 way (alone in a file) reads as the same fields.
enum FuzzCSV: FuzzTarget {
    static func run(_ bytes: [UInt8]) {
        guard let records = try? CSVReader.records(bytes, file: "fuzz.csv") else { return }
        let lines = 1 + bytes.count { $0 == 0x0A || $0 == 0x0D }
        var previous = 0
        for record in records {
            check(record.line > previous && record.line <= lines, "record line \(record.line) out of order or range")
            previous = record.line
            let written = record.fields.map { field -> String in
                // U+FEFF first: at the start of a file, a byte-order mark unless quoted.
                let quoted = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" } || field.isEmpty
                    || field.unicodeScalars.first == "\u{FEFF}"
                guard quoted else { return field }
                // Scalar by scalar: a quote and a combining mark make one Character.
                var out = "\""
                for scalar in field.unicodeScalars {
                    if scalar == "\"" { out.unicodeScalars.append("\"") }
                    out.unicodeScalars.append(scalar)
                }
                return out + "\""
            }.joined(separator: ",") + "\r\n"
            guard let again = try? CSVReader.records(Array(written.utf8), file: "again.csv") else {
                check(false, "a record written back does not read: \(written)")
                return
            }
            check(again.count == 1 && again[0].fields == record.fields, "a record written back reads differently: \(written)")
        }
    }
}
