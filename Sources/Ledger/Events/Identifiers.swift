/// The id of an event: `[A-Za-z0-9._:-]{1,128}`, supplied by the client or generated.
public struct EventID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    /// A hash of the id's bytes (`Interner.hash`), computed once, where the id is made: see
    /// `IdentifierKey`.
    let key: UInt64
    public init(_ rawValue: String) {
        self.rawValue = rawValue
        key = IdentifierKey.of(rawValue)
    }
    /// An id whose key is already known: `IdentifierKey.of(rawValue)`, hashed from the bytes
    /// it was decoded from. Nothing checks that it is.
    init(unsafeKey key: UInt64, _ rawValue: String) {
        self.rawValue = rawValue
        self.key = key
    }
    /// An id known by its key alone, its text left in its line: `verify` reads a million
    /// ids, and making a `String` of each (and keeping it) cost a tenth of its time, when
    /// keys tell them apart but for a duplicate or two ids with one key. Its text is empty,
    /// which no id's is (an id has 1 to 128 characters); whoever compares it with another of
    /// the same key reads its text from its line (`IDTable`).
    init(unreadKey key: UInt64) {
        rawValue = ""
        self.key = key
    }
    /// Whether the id's text was read (see `init(unreadKey:)`).
    var isRead: Bool { !rawValue.isEmpty }
    public var description: String { rawValue }
    public static func == (a: EventID, b: EventID) -> Bool { a.key == b.key && a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
    /// The dictionary's hash: the precomputed key mixed with the table's seed (`IdentifierKey.mixed`).
    public func _rawHashValue(seed: Int) -> Int { IdentifierKey.mixed(key, seed: seed) }
    public static func < (a: EventID, b: EventID) -> Bool { a.rawValue < b.rawValue }
}

/// The slug of a member (a city, region, metropolis or organisation).
public struct MemberID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    /// A hash of the slug's bytes, computed once: see `IdentifierKey`.
    let key: UInt64
    public init(_ rawValue: String) {
        self.rawValue = rawValue
        key = IdentifierKey.of(rawValue)
    }
    /// A slug whose key is already known: `IdentifierKey.of(rawValue)`, hashed from the bytes
    /// it was decoded from. Nothing checks that it is.
    init(unsafeKey key: UInt64, _ rawValue: String) {
        self.rawValue = rawValue
        self.key = key
    }
    public var description: String { rawValue }
    public static func == (a: MemberID, b: MemberID) -> Bool { a.key == b.key && a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
    /// The dictionary's hash: the precomputed key mixed with the table's seed (`IdentifierKey.mixed`).
    public func _rawHashValue(seed: Int) -> Int { IdentifierKey.mixed(key, seed: seed) }
    public static func < (a: MemberID, b: MemberID) -> Bool { a.rawValue < b.rawValue }
}

/// The slug of a network, pact, platform or programme.
///
/// Held as the number of its slug among those the process has met (`NetworkSlugs`) and
/// the slug's key: copied and compared as integers, with no reference counted (a log names
/// a few hundred networks on a million lines). Its text is read from there.
public struct NetworkID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The slug's number in `NetworkSlugs.shared`.
    let number: UInt32
    /// A hash of the slug's bytes, computed once: see `IdentifierKey`.
    let key: UInt64
    public var rawValue: String { NetworkSlugs.shared.entry(number).pointee.text }
    public init(_ rawValue: String) {
        var text = rawValue
        self = text.withUTF8 { NetworkID(unsafeKey: Interner.hash($0), bytes: $0) }
    }
    /// A slug whose key is already known: `IdentifierKey.of(rawValue)`, hashed from the bytes
    /// it was decoded from. Nothing checks that it is: tests give two slugs one key.
    init(unsafeKey key: UInt64, _ rawValue: String) {
        var text = rawValue
        self = text.withUTF8 { NetworkID(unsafeKey: key, bytes: $0) }
    }
    /// The slug of `bytes` (valid UTF-8), whose key is already known (see `init(unsafeKey:_:)`).
    init(unsafeKey key: UInt64, bytes: UnsafeBufferPointer<UInt8>) {
        number = NetworkSlugs.shared.number(of: bytes, key: key)
        self.key = key
    }
    public var description: String { rawValue }
    public static func == (a: NetworkID, b: NetworkID) -> Bool { a.number == b.number && a.key == b.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
    /// The dictionary's hash: the precomputed key mixed with the table's seed (`IdentifierKey.mixed`).
    public func _rawHashValue(seed: Int) -> Int { IdentifierKey.mixed(key, seed: seed) }
    public static func < (a: NetworkID, b: NetworkID) -> Bool { a.number != b.number && a.rawValue < b.rawValue }
}

/// A (member, network) pair: the key of a commitment.
public struct Pair: Hashable, Sendable, CustomStringConvertible {
    public let member: MemberID
    public let network: NetworkID
    public init(_ member: MemberID, _ network: NetworkID) {
        self.member = member
        self.network = network
    }
    public var description: String { "\(member) in \(network)" }
}

/// The hash an identifier keeps of its text.
///
/// Ids and slugs are looked up in dictionaries again and again while a log is checked (a
/// million lines of `verify` name their member and network in several), and a `String` key
/// is hashed byte by byte each time. An identifier hashes its bytes once, when it is made
/// (for a log's lines, where they are decoded, on the other cores), and a dictionary then
/// hashes only that number; two identifiers with different numbers are told apart without
/// comparing their text. Equal texts always have the same number, so equality and hashing
/// agree.
enum IdentifierKey {
    static func of(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { Interner.hash($0) }
    }

    /// What a dictionary or set uses as an identifier's hash: the key, already a well-mixed
    /// hash of the text, mixed with the table's seed by one multiplication, instead of
    /// SipHash over the key. SipHash costs more than the lookup itself (a tenth of `verify`'s
    /// checking thread, which looks slugs up several times a line); the seed still differs
    /// per table, so copying one table's keys into another stays linear.
    @inline(__always)
    static func mixed(_ key: UInt64, seed: Int) -> Int {
        var h = (key ^ UInt64(UInt(bitPattern: seed))) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }
}
