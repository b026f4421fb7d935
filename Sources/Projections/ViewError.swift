/// Why a view could not be produced from what the user asked: an unknown member,
/// network or event, or a `--known-at` argument that is not an instant, a day or `seq:N`.
///
/// The command line prints `message` and exits with status 64 (usage).
public struct ViewError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The precise reason, quoting the text at fault, with a hint when one helps.
    public var message: String

    /// An error with this message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

extension ViewError {
    /// `text` in single quotes, with control characters escaped (`\u{7}`) so a message
    /// never carries them raw to a terminal, and cut short when very long.
    static func quoted(_ text: String) -> String {
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
}
