/// The state of a ledger's Merkle tree at one size, as the text body of a
/// C2SP `tlog-checkpoint` (SPEC §10):
///
/// ```
/// memberships/<id of the genesis event>
/// <size>
/// <base64 of the root of the first size lines>
/// ```
///
/// each line ending in `\n`. The text is what gets signed, so it has one
/// spelling: `init(parsing:)` accepts exactly what `text` writes and refuses
/// anything else, saying which line is wrong and why.
public struct Checkpoint: Hashable, Sendable, CustomStringConvertible {
    /// What every origin line starts with; the genesis event's id follows.
    public static let originPrefix = "memberships/"

    /// The id of the ledger's genesis event (line 1), naming the log.
    public let genesis: EventID
    /// The number of lines the tree covers.
    public let size: Int
    /// MTH of the first `size` lines.
    public let root: SHA256Digest

    /// A checkpoint of the tree of the first `size` lines.
    /// - Parameters:
    ///   - genesis: the genesis event's id; it must be a valid id (SPEC §3),
    ///     as every id read from a ledger is.
    ///   - size: the tree size, at least 0.
    ///   - root: the root of that tree, e.g. `try tree.root(size: size)`.
    public init(genesis: EventID, size: Int, root: SHA256Digest) {
        precondition(TextRules.isEventID(genesis.rawValue), "not an event id: \(genesis)")
        precondition(size >= 0, "negative tree size \(size)")
        self.genesis = genesis
        self.size = size
        self.root = root
    }

    /// `memberships/<genesis id>`: the log's name in C2SP terms.
    public var origin: String { Self.originPrefix + genesis.rawValue }

    /// The checkpoint's text: origin, size and base64 root, each ending in `\n`.
    public var text: String {
        origin + "\n" + String(size) + "\n" + Base64.encode(root.bytes) + "\n"
    }

    /// The same as `text`.
    public var description: String { text }

    /// Reads a checkpoint's text.
    /// - Throws: `CheckpointError` naming the line at fault: no final newline,
    ///   other than three lines (extension lines and signatures are not part of
    ///   the body), `\r\n` endings, an origin that is not `memberships/<event
    ///   id>`, a size that is not a plain decimal (no sign, no leading zero),
    ///   a root that is not strict padded base64 of 32 bytes.
    public init(parsing text: some StringProtocol) throws(CheckpointError) {
        try self.init(parsing: Array(text.utf8))
    }

    /// Reads a checkpoint's text from its UTF-8 bytes.
    /// - Throws: `CheckpointError`, as `init(parsing:)` for a string.
    public init(parsing bytes: [UInt8]) throws(CheckpointError) {
        let newline = UInt8(ascii: "\n")
        guard !bytes.isEmpty else { throw CheckpointError(line: nil, "the checkpoint is empty") }
        guard bytes.last == newline else {
            throw CheckpointError(line: nil, "the checkpoint does not end with a newline; each of its 3 lines must")
        }
        let lines = bytes.dropLast().split(separator: newline, omittingEmptySubsequences: false)
        for (i, line) in lines.prefix(3).enumerated() {
            if line.isEmpty { throw CheckpointError(line: i + 1, "the line is empty") }
            if line.last == UInt8(ascii: "\r") {
                throw CheckpointError(line: i + 1, "the line ends in \\r\\n; a checkpoint's lines end in \\n alone")
            }
        }
        guard lines.count == 3 else {
            throw CheckpointError(line: lines.count > 3 ? 4 : nil,
                                  "a checkpoint has 3 lines (origin, size, root hash); this has \(lines.count)")
        }

        let origin = lines[0]
        let prefix = Array(Self.originPrefix.utf8)
        let id = String(decoding: origin.dropFirst(prefix.count), as: UTF8.self)
        guard origin.starts(with: prefix), TextRules.isEventID(id) else {
            throw CheckpointError(line: 1, "origin \(Self.quoted(origin)) is not memberships/<id of the genesis event>")
        }

        let sizeText = lines[1]
        guard sizeText.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw CheckpointError(line: 2, "size \(Self.quoted(sizeText)) is not a decimal number")
        }
        guard sizeText.first != UInt8(ascii: "0") || sizeText.count == 1 else {
            throw CheckpointError(line: 2, "size \(Self.quoted(sizeText)) has a leading zero")
        }
        var size = 0
        for digit in sizeText {
            let (times10, o1) = size.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
            guard !o1, !o2 else { throw CheckpointError(line: 2, "size \(Self.quoted(sizeText)) is too large") }
            size = sum
        }

        guard let root = Base64.decode(lines[2]) else {
            throw CheckpointError(line: 3, "root hash \(Self.quoted(lines[2])) is not base64 (RFC 4648, padded)")
        }
        guard root.count == 32 else {
            throw CheckpointError(line: 3, "root hash is \(root.count) bytes; a SHA-256 hash is 32")
        }

        self.genesis = EventID(id)
        self.size = size
        self.root = SHA256Digest(uncheckedBytes: root)
    }

    private static func quoted(_ bytes: ArraySlice<UInt8>) -> String {
        SafeText.quoted(String(decoding: bytes, as: UTF8.self))
    }
}

/// Why a checkpoint's text was refused, and on which line.
public struct CheckpointError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line at fault, or nil when the text as a whole is.
    public var line: Int?
    /// The reason, quoting the text at fault.
    public var message: String

    /// An error on `line` (nil: the whole text).
    public init(line: Int?, _ message: String) {
        self.line = line
        self.message = message
    }

    /// `line N: message`, or the message alone.
    public var description: String {
        line.map { "line \($0): \(message)" } ?? message
    }
}
