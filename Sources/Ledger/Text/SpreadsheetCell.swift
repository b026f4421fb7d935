/// The one escape this tool's CSV adds to RFC 4180, so that a spreadsheet never runs a
/// value as a formula (CSV injection, the OWASP way): a value that starts with `=`, `+`,
/// `-`, `@`, a tab, a carriage return — or with `'`, so that the escape can be undone —
/// is written with one more `'` in front. A reader gets back the value recorded by
/// removing one leading `'` where it stands before one of those seven characters.
///
/// The ledger's own numbers and dates never start with one of them (integers are
/// non-negative, years have four digits), so only free text and ids can be escaped.
public enum SpreadsheetCell {
    /// The characters that make a spreadsheet read a cell as a formula, and `'` itself.
    static func isTrigger(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "=", "+", "-", "@", "\t", "\r", "'": return true
        default: return false
        }
    }

    /// Whether a cell whose UTF-8 starts with `byte` starts with a trigger (all of them are
    /// ASCII, so the first byte tells).
    public static func isTrigger(_ byte: UInt8) -> Bool {
        byte < 0x80 && isTrigger(Unicode.Scalar(byte))
    }

    /// `value` as a cell: with a `'` in front when it starts with a trigger.
    public static func escaped(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, isTrigger(first) else { return value }
        return "'" + value
    }

    /// The value recorded in `cell`: without its first `'` when a trigger follows it.
    public static func unescaped(_ cell: String) -> String {
        var scalars = cell.unicodeScalars.makeIterator()
        guard scalars.next() == "'", let second = scalars.next(), isTrigger(second) else { return cell }
        return String(cell.unicodeScalars.dropFirst())
    }
}
