/// What `memberships check FILE` reads (SPEC §10): a proof as JSON, or a checkpoint,
/// signed or not. Each can be checked alone, with no ledger.
public enum ProofFile: Sendable, Equatable {
    /// `{"kind": "inclusion", …}`: one line is in the tree of a checkpoint.
    case inclusion(InclusionProofFile)
    /// `{"kind": "consistency", …}`: the tree of one checkpoint is a prefix of another's.
    case consistency(ConsistencyProofFile)
    /// A checkpoint's body alone.
    case checkpoint(Checkpoint)
    /// A checkpoint's body, one blank line, and an SSH signature of the body.
    case signedCheckpoint(SignedCheckpoint)

    /// Reads a file: JSON when its first non-blank byte is `{`; otherwise a checkpoint,
    /// signed when it holds a blank line.
    /// - Throws: `ProofFileError` naming the line (or the key) at fault.
    public init(parsing bytes: [UInt8]) throws(ProofFileError) {
        let firstByte = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if firstByte == UInt8(ascii: "{") {
            let json: JSONValue
            do {
                json = try JSONReader.parse(bytes)
            } catch {
                let line = bytes.prefix(min(error.offset, bytes.count)).count { $0 == 0x0A } + 1
                throw ProofFileError(line: line, "invalid JSON: \(error.message)")
            }
            var reader = ProofJSON(json, at: "")
            switch try reader.string("kind") {
            case "inclusion": self = .inclusion(try InclusionProofFile(reading: &reader))
            case "consistency": self = .consistency(try ConsistencyProofFile(reading: &reader))
            case let other:
                throw ProofFileError("'kind' is \(SafeText.quoted(other)); a proof is \"inclusion\" or \"consistency\""
                    + Suggestion.hint(for: other, in: ["inclusion", "consistency"]))
            }
            try reader.requireNoOtherKeys()
        } else if SignedCheckpoint.blankLine(in: bytes) != nil {
            self = .signedCheckpoint(try SignedCheckpoint(parsing: bytes))
        } else {
            do {
                self = .checkpoint(try Checkpoint(parsing: bytes))
            } catch {
                throw ProofFileError(line: error.line, error.message)
            }
        }
    }
}

extension ProofFile {
    /// The checkpoints the file states: an inclusion proof's, a consistency proof's two, or
    /// the checkpoint itself.
    public var checkpoints: [Checkpoint] {
        switch self {
        case .inclusion(let proof): return [proof.checkpoint]
        case .consistency(let proof): return [proof.from, proof.to]
        case .checkpoint(let checkpoint): return [checkpoint]
        case .signedCheckpoint(let signed): return [signed.checkpoint]
        }
    }

    /// Checks that the file states `trusted`: one of its checkpoints has the same origin,
    /// size and root.
    ///
    /// A proof holds by its own hashes, but RFC 9162's root does not commit to the tree
    /// size, and an audit path fits several sizes (leaf 4's path in the tree of 11 leaves
    /// also leads to the same root "in the tree of" 9 to 16). So a proof whose size was
    /// changed can still hold; only a checkpoint obtained otherwise — signed, or kept from
    /// earlier — says which tree the root is of.
    /// - Throws: `ProofMismatch` naming what differs: the origin, the size, or the root.
    public func requireCheckpoint(_ trusted: Checkpoint) throws(ProofMismatch) {
        let stated = checkpoints
        if stated.contains(trusted) { return }
        guard stated.contains(where: { $0.genesis == trusted.genesis }) else {
            throw ProofMismatch("the file is of \(SafeText.quoted(stated[0].origin)), but the trusted checkpoint is of \(SafeText.quoted(trusted.origin))")
        }
        let sizes = stated.map { String($0.size) }.joined(separator: " and ")
        guard let same = stated.first(where: { $0.size == trusted.size }) else {
            throw ProofMismatch("the file states the tree of size \(sizes), but the trusted checkpoint is of size \(trusted.size) (root \(trusted.root.hex))")
        }
        throw ProofMismatch("the file states root \(same.root.hex) for the tree of size \(same.size), but the trusted checkpoint's root is \(trusted.root.hex)")
    }
}

/// An inclusion proof as SPEC §10 writes it: `{"kind": "inclusion", "checkpoint": C,
/// "index": I, "line": L, "path": [H, …]}`.
///
/// It holds everything needed to check it: the line's text gives the leaf hash, the path
/// leads from it to a root, and the checkpoint says which root that must be. The checkpoint
/// fixes the tree size too — an audit path alone does not.
public struct InclusionProofFile: Hashable, Sendable {
    /// The tree the line is in: its origin, size and root.
    public var checkpoint: Checkpoint
    /// The line's 0-based index, seq − 1.
    public var index: Int
    /// The line's exact text, without its terminator.
    public var line: String
    /// The RFC 9162 audit path, bottom up.
    public var path: [SHA256Digest]

    /// A proof as given; nothing is checked until `check`.
    public init(checkpoint: Checkpoint, index: Int, line: String, path: [SHA256Digest]) {
        self.checkpoint = checkpoint
        self.index = index
        self.line = line
        self.path = path
    }

    /// The proof as JSON, keys in SPEC §10's order, hashes as lowercase hex.
    public var json: JSONValue {
        .object([
            JSONMember("kind", .string("inclusion")),
            JSONMember("checkpoint", checkpoint.json),
            JSONMember("index", .number(String(index))),
            JSONMember("line", .string(line)),
            JSONMember("path", .array(path.map { .string($0.hex) })),
        ])
    }

    /// Checks that the line is leaf `index` of the checkpoint's tree: its leaf hash,
    /// SHA-256(0x00 ‖ line as UTF-8), and the path lead to the checkpoint's root
    /// (RFC 9162 §2.1.3.2).
    ///
    /// First, what the line says of itself must agree with where the proof puts it: a
    /// `seq` of index + 1, and on line 1 the id that the origin names. (A line that is not
    /// a JSON object, or has no `seq`, is checked by its hashes alone.)
    ///
    /// - Throws: `ProofMismatch` saying what differs: the index and the line's seq, the
    ///   index and the size, the path's length, or the root the path leads to.
    public func check() throws(ProofMismatch) {
        let what = "line \(index + 1) (index \(index)) in the tree of size \(checkpoint.size)"
        if let fields = try? JSONReader.parse(line) {
            if let seq = fields["seq"], case .number(let text) = seq, text != String(index + 1) {
                throw ProofMismatch("\(what): the line's seq is \(SafeText.quoted(text)), but index \(index) is line \(index + 1) (seq = index + 1); the index or the line was changed")
            }
            if index == 0, let id = fields["id"]?.stringValue, id != checkpoint.genesis.rawValue {
                throw ProofMismatch("\(what): line 1 is the genesis event, whose id the origin names (\(SafeText.quoted(checkpoint.genesis.rawValue))); this line's id is \(SafeText.quoted(id))")
            }
        }
        let leaf = MerkleHash.leaf(Array(line.utf8))
        do {
            try InclusionProof(index: index, treeSize: checkpoint.size, path: path).verify(leafHash: leaf, root: checkpoint.root)
        } catch {
            switch error {
            case .rootMismatch(let expected, let computed):
                throw ProofMismatch("\(what) does not hold: from the line's leaf hash \(leaf.hex), the path leads to root \(computed.hex), but the checkpoint's root is \(expected.hex)")
            case .indexOutOfRange:
                throw ProofMismatch("\(what) does not hold: index \(index) is not below the tree size \(checkpoint.size)")
            case .pathLength(let count, let expected):
                throw ProofMismatch("\(what) does not hold: the path has \(count) hash\(count == 1 ? "" : "es"); index \(index) in a tree of size \(checkpoint.size) needs \(expected)")
            default:
                throw ProofMismatch("\(what) does not hold: \(error)")
            }
        }
    }

    init(reading reader: inout ProofJSON) throws(ProofFileError) {
        var inner = try reader.object("checkpoint")
        checkpoint = try Checkpoint(reading: &inner)
        index = try reader.integer("index")
        line = try reader.string("line")
        path = try reader.hashes("path")
    }
}

/// A consistency proof as SPEC §10 writes it: `{"kind": "consistency", "from": C1,
/// "to": C2, "path": [H, …]}`.
public struct ConsistencyProofFile: Hashable, Sendable {
    /// The earlier checkpoint.
    public var from: Checkpoint
    /// The later checkpoint.
    public var to: Checkpoint
    /// PROOF(from.size, D[to.size]) of RFC 9162 §2.1.4, bottom up.
    public var path: [SHA256Digest]

    /// A proof as given; nothing is checked until `check`.
    public init(from: Checkpoint, to: Checkpoint, path: [SHA256Digest]) {
        self.from = from
        self.to = to
        self.path = path
    }

    /// The proof as JSON, keys in SPEC §10's order, hashes as lowercase hex.
    public var json: JSONValue {
        .object([
            JSONMember("kind", .string("consistency")),
            JSONMember("from", from.json),
            JSONMember("to", to.json),
            JSONMember("path", .array(path.map { .string($0.hex) })),
        ])
    }

    /// Checks that both checkpoints name the same log and that the path shows the tree of
    /// `from` to be a prefix of the tree of `to` (RFC 9162 §2.1.4.2).
    /// - Throws: `ProofMismatch` saying what differs: the origins, the sizes, the path's
    ///   length, or which of the two roots the path does not lead to.
    public func check() throws(ProofMismatch) {
        let what = "the tree of size \(from.size) growing into the tree of size \(to.size)"
        guard from.genesis == to.genesis else {
            throw ProofMismatch("\(what): the two checkpoints name different logs, \(SafeText.quoted(from.origin)) and \(SafeText.quoted(to.origin))")
        }
        do {
            try ConsistencyProof(firstSize: from.size, secondSize: to.size, path: path).verify(firstRoot: from.root, secondRoot: to.root)
        } catch {
            switch error {
            case .firstRootMismatch(let expected, let computed):
                throw ProofMismatch("\(what) does not hold: the path gives the tree of size \(from.size) the root \(computed.hex), but the 'from' checkpoint's root is \(expected.hex)")
            case .secondRootMismatch(let expected, let computed) where from.size == to.size:
                throw ProofMismatch("\(what) does not hold: the sizes are equal, so the roots must be, but 'from' has \(computed.hex) and 'to' has \(expected.hex)")
            case .secondRootMismatch(let expected, let computed):
                throw ProofMismatch("\(what) does not hold: the path gives the tree of size \(to.size) the root \(computed.hex), but the 'to' checkpoint's root is \(expected.hex)")
            case .pathLength(let count, let expected):
                throw ProofMismatch("\(what) does not hold: the path has \(count) hash\(count == 1 ? "" : "es"); sizes \(from.size) and \(to.size) need \(expected)")
            default:
                throw ProofMismatch("\(what) does not hold: \(error)")
            }
        }
    }

    init(reading reader: inout ProofJSON) throws(ProofFileError) {
        var first = try reader.object("from")
        from = try Checkpoint(reading: &first)
        var second = try reader.object("to")
        to = try Checkpoint(reading: &second)
        path = try reader.hashes("path")
    }
}

extension Checkpoint {
    /// `{"origin", "size", "root"}`, the root as lowercase hex (SPEC §10).
    public var json: JSONValue {
        .object([
            JSONMember("origin", .string(origin)),
            JSONMember("size", .number(String(size))),
            JSONMember("root", .string(root.hex)),
        ])
    }

    init(reading reader: inout ProofJSON) throws(ProofFileError) {
        let origin = try reader.string("origin")
        let id = String(origin.dropFirst(Self.originPrefix.count))
        guard origin.hasPrefix(Self.originPrefix), TextRules.isEventID(id) else {
            throw reader.error("origin", "\(SafeText.quoted(origin)) is not memberships/<id of the genesis event>")
        }
        let size = try reader.integer("size")
        let root = try reader.hash("root")
        try reader.requireNoOtherKeys()
        self.init(genesis: EventID(id), size: size, root: root)
    }
}

/// Why a proof or checkpoint file could not be read, and where: the line of a checkpoint
/// or of invalid JSON, else the key at fault (`checkpoint.root`) in the message.
public struct ProofFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line at fault, or nil.
    public var line: Int?
    /// The reason, naming the key at fault where there is one.
    public var message: String

    /// An error at `line` (nil: no one line).
    public init(line: Int? = nil, _ message: String) {
        self.line = line
        self.message = message
    }

    /// `line N: message`, or the message alone.
    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// A proof that was read but does not hold: what differs, with the hashes as lowercase hex.
public struct ProofMismatch: Error, Hashable, Sendable, CustomStringConvertible {
    /// The reason, a sentence naming the numbers and hashes that differ.
    public var message: String

    /// A mismatch described by `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// Reading one JSON object of a proof strictly: each key once, of the right kind, and no
/// key that is not read (a proof that says more than is checked would mislead).
struct ProofJSON {
    private let members: [JSONMember]
    private let at: String
    private var read: Set<String> = []

    /// Reads `value`, found at the key path `at` ("" for the whole file).
    init(_ value: JSONValue, at: String) {
        if case .object(let members) = value { self.members = members } else { self.members = [] }
        self.at = at
    }

    func error(_ key: String, _ message: String) -> ProofFileError {
        ProofFileError("'\(at)\(key)': \(message)")
    }

    private mutating func value(_ key: String) throws(ProofFileError) -> JSONValue {
        let found = members.filter { $0.key == key }
        guard found.count <= 1 else { throw error(key, "the key appears \(found.count) times") }
        guard let member = found.first else {
            throw ProofFileError(at.isEmpty ? "missing key '\(key)'" : "missing key '\(at)\(key)'")
        }
        read.insert(key)
        return member.value
    }

    mutating func string(_ key: String) throws(ProofFileError) -> String {
        let value = try value(key)
        guard let text = value.stringValue else { throw error(key, "must be a string, not \(value.kindDescription)") }
        return text
    }

    /// A non-negative integer written as plain decimal digits.
    mutating func integer(_ key: String) throws(ProofFileError) -> Int {
        let value = try value(key)
        guard case .number(let text) = value, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(text) else {
            throw error(key, "must be a non-negative integer, not \(value.kindDescription == "a number" ? SafeText.quoted(Self.text(value)) : value.kindDescription)")
        }
        return n
    }

    mutating func hash(_ key: String) throws(ProofFileError) -> SHA256Digest {
        let text = try string(key)
        guard let digest = SHA256Digest(hex: text) else {
            throw error(key, "\(SafeText.quoted(text)) is not a SHA-256 hash as 64 lowercase hex digits")
        }
        return digest
    }

    mutating func hashes(_ key: String) throws(ProofFileError) -> [SHA256Digest] {
        let value = try value(key)
        guard case .array(let items) = value else { throw error(key, "must be an array of hashes, not \(value.kindDescription)") }
        var out: [SHA256Digest] = []
        for (i, item) in items.enumerated() {
            guard let text = item.stringValue, let digest = SHA256Digest(hex: text) else {
                throw error("\(key)[\(i)]", "\(item.stringValue.map { SafeText.quoted($0) } ?? item.kindDescription) is not a SHA-256 hash as 64 lowercase hex digits")
            }
            out.append(digest)
        }
        return out
    }

    mutating func object(_ key: String) throws(ProofFileError) -> ProofJSON {
        let value = try value(key)
        guard case .object = value else { throw error(key, "must be an object, not \(value.kindDescription)") }
        return ProofJSON(value, at: at + key + ".")
    }

    /// Fails on the first key that was not read.
    func requireNoOtherKeys() throws(ProofFileError) {
        if let other = members.first(where: { !read.contains($0.key) }) {
            throw ProofFileError("unknown key '\(at)\(SafeText.escaped(other.key))'"
                + Suggestion.hint(for: other.key, in: read))
        }
    }

    private static func text(_ value: JSONValue) -> String {
        if case .number(let text) = value { return text }
        return value.kindDescription
    }
}
