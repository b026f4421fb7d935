/// Writes the ledger's canonical JSON form.
///
/// Canonical means: no insignificant whitespace; object members in the order stored (duplicates
/// included); numbers written as their stored text, unchanged (the writer trusts that a
/// `.number` holds valid JSON number text, as the reader guarantees); strings with only `"`,
/// `\` and U+0000–U+001F escaped — as `\"`, `\\`, `\b \t \n \f \r`, otherwise lowercase
/// `\u00xx` — and every other character, `/` included, as raw UTF-8. One value has exactly
/// one canonical encoding, so the bytes can be hashed.
public enum JSONWriter {
    /// Appends the canonical bytes of `value`: no insignificant whitespace; object members in
    /// the order stored; numbers written as their stored text; strings escaped canonically.
    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null:
            out.append(contentsOf: "null".utf8)
        case .bool(let flag):
            out.append(contentsOf: flag ? "true".utf8 : "false".utf8)
        case .number(let text):
            out.append(contentsOf: text.utf8)
        case .string(let string):
            writeString(string, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends a canonically escaped JSON string literal (with the quotes).
    public static func writeString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Native strings are contiguous: copy unescaped runs in bulk. Otherwise go byte by byte.
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { bytes in
            var runStart = 0
            for (index, byte) in bytes.enumerated() where needsEscape(byte) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                appendEscape(byte, into: &out)
                runStart = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        if done == nil {
            for byte in string.utf8 {
                if needsEscape(byte) { appendEscape(byte, into: &out) } else { out.append(byte) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The canonical bytes of `value`.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    /// Whether a UTF-8 byte must be escaped: `"`, `\` and the C0 controls. Bytes of
    /// multi-byte sequences are all >= 0x80, so they never match.
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Appends the canonical escape of a byte for which `needsEscape` is true.
    private static func appendEscape(_ byte: UInt8, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        default:
            // Only 0x00–0x1F get here: "u00", then the high digit (0 or 1), then a lowercase hex digit.
            let low = byte & 0x0F
            out.append(contentsOf: "u00".utf8)
            out.append(UInt8(ascii: "0") + (byte >> 4))
            out.append(low < 10 ? UInt8(ascii: "0") + low : UInt8(ascii: "a") + low - 10)
        }
    }
}
