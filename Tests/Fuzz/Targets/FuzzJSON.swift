/// The JSON reader: whatever it accepts, the writer writes back as JSON that reads as the
/// same value, and writing that again gives the same bytes.
enum FuzzJSON: FuzzTarget {
    static func run(_ bytes: [UInt8]) {
        guard let value = try? JSONReader.parse(bytes) else { return }
        let written = JSONWriter.encode(value)
        guard let again = try? JSONReader.parse(written) else {
            check(false, "the writer's output does not parse: \(String(decoding: written, as: UTF8.self))")
            return
        }
        check(again == value, "a value changed through write and read")
        check(JSONWriter.encode(again) == written, "writing is not stable")
    }
}
