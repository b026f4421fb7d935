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

    public init(_ kind: Kind, _ message: String, file: String? = nil, line: Int? = nil, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
        self.hint = hint
    }

    /// `FILE:LINE: message` or just the message.
    public var description: String {
        if let file, let line { return "\(file):\(line): \(message)" }
        return message
    }
}
