/// The id of an event: `[A-Za-z0-9._:-]{1,128}`, supplied by the client or generated.
public struct EventID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: EventID, b: EventID) -> Bool { a.rawValue < b.rawValue }
}

/// The slug of a member (a city, region, metropolis or organisation).
public struct MemberID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: MemberID, b: MemberID) -> Bool { a.rawValue < b.rawValue }
}

/// The slug of a network, pact, platform or programme.
public struct NetworkID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: NetworkID, b: NetworkID) -> Bool { a.rawValue < b.rawValue }
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
