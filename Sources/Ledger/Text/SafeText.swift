/// Text from the data made safe to show: control characters (C0, DEL, C1) become
/// `\u{…}` escapes, so nothing raw reaches a terminal.
public enum SafeText {
    /// `text` with every control character escaped.
    public static func escaped(_ text: some StringProtocol) -> String {
        guard hasControl(text) else { return String(text) }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `'text'` for an error message: escaped, and cut short after `limit` characters.
    public static func quoted(_ text: some StringProtocol, limit: Int = 64) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return "'" + escaped(text) + "'" }
        var head = String.UnicodeScalarView()
        head.append(contentsOf: scalars.prefix(limit))
        return "'" + escaped(String(head)) + "…'"
    }

    /// Whether `text` holds a control character, read in its UTF-8: a byte below 0x20, 0x7F,
    /// or U+0080…U+009F (0xC2 then 0x80…0x9F). Most text has none, and scalars cost more to
    /// read than bytes.
    static func hasControl(_ text: some StringProtocol) -> Bool {
        // Read in place where the bytes are contiguous (a native string's are): the loop then
        // runs on bytes, not through the generic view.
        if let found = text.utf8.withContiguousStorageIfAvailable(hasControl) { return found }
        return Array(text.utf8).withUnsafeBufferPointer(hasControl)
    }

    private static func hasControl(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var afterC2 = false
        for byte in bytes {
            if byte < 0x20 || byte == 0x7F || (afterC2 && byte >= 0x80 && byte < 0xA0) { return true }
            afterC2 = byte == 0xC2
        }
        return false
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
