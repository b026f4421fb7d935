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
    /// `text` in single quotes, escaped and cut short for a message.
    static func quoted(_ text: Substring) -> String { SafeText.quoted(text) }

    /// `text` in single quotes, escaped and cut short for a message.
    static func quoted(_ text: String) -> String { SafeText.quoted(text) }
}
