/// One log line in the canonical form of SPEC §2, built key by key in the order of §3:
/// `{"seq":…,"id":…,"type":…,"recorded":…,"by":…, <the type's fields>, "source":…,"note":…,"prev":…}`.
///
/// The caller writes the keys in canonical order; this only writes them compactly and
/// escapes strings as the ledger does: `"` and `\` and U+0000–U+001F (as `\b \t \n \f \r`,
/// otherwise `\u00xx`), everything else raw UTF-8, `/` unescaped.
struct CanonicalLine {
    private(set) var bytes: [UInt8] = []
    private var first = true

    init() { bytes.reserveCapacity(1024) }

    /// Starts a new line (the buffer is reused).
    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(UInt8(ascii: "{"))
        first = true
    }

    /// Closes the object.
    mutating func finish() {
        bytes.append(UInt8(ascii: "}"))
    }

    private mutating func key(_ name: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: name.utf8)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func string(_ name: String, _ value: String) {
        key(name)
        CanonicalLine.writeString(value, into: &bytes)
    }

    /// A string field only when present.
    mutating func optional(_ name: String, _ value: String?) {
        if let value { string(name, value) }
    }

    mutating func integer(_ name: String, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A value already in canonical JSON (a policy's `rules`, a correction's `set`).
    mutating func raw(_ name: String, _ json: [UInt8]) {
        key(name)
        bytes.append(contentsOf: json)
    }

    /// A JSON string, escaped as SPEC §2 says.
    static func writeString(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in value.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(b)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A JSON object of string / integer members in the order given, compact:
    /// `{"milestone":"plan","within":12}`.
    static func object(_ members: [(String, JSONScalar)]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (i, (name, value)) in members.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            writeString(name, into: &out)
            out.append(UInt8(ascii: ":"))
            switch value {
            case .string(let s): writeString(s, into: &out)
            case .integer(let n): out.append(contentsOf: String(n).utf8)
            }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// A JSON array of already-encoded values.
    static func array(_ items: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: item)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }
}

/// A string or integer member of a small JSON object.
enum JSONScalar {
    case string(String)
    case integer(Int)
}
