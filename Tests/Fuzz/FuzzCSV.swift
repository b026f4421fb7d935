/// The CSV reader: never crashes; what it reads has records of fields, each record's fields
/// at most as many bytes as the input.
enum FuzzCSV {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let records = try? CSVReader.records(Array(bytes), file: "input.csv") else { return }
        let total = records.reduce(0) { $0 + $1.fields.reduce(0) { $0 + $1.utf8.count } }
        require(total <= bytes.count, "the records hold more bytes than the input")
    }
}
