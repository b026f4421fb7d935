/// A failure the command line reports, with its exit status (SPEC §6).
public struct LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, which fixes the exit status.
    public enum Kind: Int32, Sendable {
        case usage = 64
        case badData = 65
        case noLedger = 66
        /// A tool the command needs is not installed (`ssh-keygen` for signed checkpoints):
        /// EX_UNAVAILABLE of sysexits.h.
        case unavailable = 69
        case io = 74
        case conflict = 75
    }

    public var kind: Kind
    public var message: String
    /// The file at fault, when a line of a file is (printed as `FILE:LINE: message`).
    public var file: String?
    public var line: Int?
    /// A hint printed after the message.
    public var hint: String?
    /// The other problems found in the same run, in order after this one: a rejected batch
    /// reports every bad line or row at once (`import`, `append --file`).
    public var more: [LedgerError] = []

    public init(_ kind: Kind, _ message: String, file: String? = nil, line: Int? = nil, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
        self.hint = hint
    }

    /// One error standing for `problems` (at least one), in the order given: the first, with
    /// the others as `more`.
    public static func collected(_ problems: [LedgerError]) -> LedgerError {
        precondition(!problems.isEmpty, "collected needs at least one problem")
        var first = problems[0]
        first.more = first.more + problems.dropFirst()
        return first
    }

    /// `problems` in line order (stable: problems at one line keep their order); problems
    /// with no line first.
    public static func inLineOrder(_ problems: [LedgerError]) -> [LedgerError] {
        problems.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
    }

    /// `FILE:LINE: message` or just the message.
    public var description: String {
        if let file, let line { return "\(file):\(line): \(message)" }
        return message
    }
}
