/// The JSON reader: never crashes; a value it reads, written back (`JSONWriter`), reads back
/// equal, and writing that again gives the same bytes.
enum FuzzJSON {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let value = try? JSONReader.parse(bytes) else { return }
        let written = JSONWriter.encode(value)
        guard let again = try? JSONReader.parse(written) else {
            require(false, "the reader rejects what the writer wrote: \(String(decoding: written, as: UTF8.self))")
            return
        }
        require(again == value, "written and read back, the value changed")
        require(JSONWriter.encode(again) == written, "writing is not stable")
    }
}
