/// Why an event is rejected: a message naming the field and the problem, with a hint when one helps.
public struct EventError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
