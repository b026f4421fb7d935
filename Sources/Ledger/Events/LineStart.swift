/// The start of every line the ledger writes, `{"seq":N,"id":"X"`, read without decoding the
/// line: for a reader that needs a line's seq or id and nothing else (a proof looking an id
/// up, `verify` reading back an id it kept only by its key).
enum LineStart {
    /// N and where X lies in `line`, when the line starts so and X has no escape; nil
    /// otherwise (another tool's key order, say), when the caller decodes the line instead.
    /// A seq of more than 18 digits is not read here either (it could overflow).
    static func seqAndID(_ line: UnsafeBufferPointer<UInt8>) -> (seq: Int, id: Range<Int>)? {
        let seqKey = #"{"seq":"#.utf8, idKey = #","id":""#.utf8
        guard line.starts(with: seqKey) else { return nil }
        var i = seqKey.count, seq = 0
        while i < line.count, line[i] >= UInt8(ascii: "0"), line[i] <= UInt8(ascii: "9"), i - seqKey.count < 18 {
            seq = seq * 10 + Int(line[i] - UInt8(ascii: "0"))
            i += 1
        }
        guard i > seqKey.count, line[i...].starts(with: idKey) else { return nil }
        let start = i + idKey.count
        var end = start
        while end < line.count, line[end] != UInt8(ascii: "\""), line[end] != UInt8(ascii: "\\") { end += 1 }
        guard end < line.count, line[end] == UInt8(ascii: "\"") else { return nil }
        return (seq, start..<end)
    }
}
