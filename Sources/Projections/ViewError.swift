import Ledger

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
    /// `text` in single quotes, escaped and cut short for a message.
    static func quoted(_ text: String) -> String { SafeText.quoted(text) }

    /// `unknown member 'pariss' (did you mean 'paris'?)`: a name that is not registered, with
    /// the nearest of the registered `names` when one is close.
    static func unknown(_ kind: String, _ name: String, among names: [String]) -> ViewError {
        ViewError("unknown \(kind) \(quoted(name))" + Suggestion.hint(for: name, in: names))
    }
}
