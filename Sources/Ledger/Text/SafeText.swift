/// Text from the data made safe to show: control characters (C0, DEL, C1) become
/// `\u{…}` escapes, so nothing raw reaches a terminal.
public enum SafeText {
    /// `text` with every control character escaped.
    public static func escaped(_ text: some StringProtocol) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return String(text) }
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

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
