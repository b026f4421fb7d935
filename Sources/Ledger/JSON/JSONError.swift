/// Where and why JSON text is malformed.
///
/// `offset` is zero-based; `description` reports it one-based ("at byte 1" is the first
/// byte), which is what people count in an editor or `cmp` output.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The byte offset into the input where the problem is (for end of input: the input's length).
    public var offset: Int
    /// What is wrong, e.g. `"invalid escape '\\x' in string"` or `"unexpected end of input"`.
    public var message: String

    /// Creates an error for the problem `message` found at byte `offset` (zero-based).
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// The message and the one-based byte position, e.g. `"unexpected end of input at byte 5"`.
    public var description: String { "\(message) at byte \(offset + 1)" }
}
