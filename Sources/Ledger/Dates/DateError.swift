/// Why a date was rejected, in words a user can act on.
///
/// Messages quote the offending text, e.g. `month 13 does not exist in '2014-13'`
/// or `'2014-02-30' is not a calendar day`.
public struct DateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The precise reason, quoting the text at fault.
    public var message: String

    /// An error with this message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

extension DateError {
    /// `text` in single quotes, with control characters escaped (`\u{7}`) so a
    /// message never carries them raw to a terminal, and cut short when very long.
    static func quoted(_ text: Substring) -> String {
        var result = "'"
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            if count > 64 { result += "…"; break }
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "'"
    }

    /// `text` in single quotes, escaped as by `quoted(_: Substring)`.
    static func quoted(_ text: String) -> String {
        quoted(text[...])
    }
}
