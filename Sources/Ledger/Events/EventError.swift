/// Why an event is rejected: a message naming the field and the problem, with a hint when one helps.
public struct EventError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Set when a validator holding only part of the state cannot answer (a writer's fast
    /// path): the event is neither admitted nor rejected, and the writer retries with the
    /// whole state.
    var needsWholeState = false
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// What a validator holding part of the state throws for what only the whole state can decide.
    static func wholeStateNeeded(_ why: String) -> EventError {
        var error = EventError("the whole validation state is needed: \(why)")
        error.needsWholeState = true
        return error
    }
}
