/// Every event type of SPEC §3.1.
public enum EventType: String, CaseIterable, Sendable {
    case ledger
    case network, member, rename, merger, closure, policy
    case membership, signature, selection
    case withdrawal, suspension, reinstatement, milestone, recognition, activity
    case correction, retraction

    /// A commitment start: `membership`, `signature` or `selection`.
    public var isStart: Bool { self == .membership || self == .signature || self == .selection }

    /// A start or a life event of a commitment: the types whose payload is a
    /// `CommitmentEvent` (every type from `membership` to `recognition`).
    var isStartOrLifeEvent: Bool { (EventType.membership.ordinal...EventType.recognition.ordinal).contains(ordinal) }

    /// An event on a commitment that changes none of its state (open, suspended, ended):
    /// `milestone`, `recognition` or `activity`. The validator's commitment rules only ask
    /// that one be in an open commitment; it can never make another line wrong.
    var isPassiveMark: Bool { self == .milestone || self == .recognition || self == .activity }

    /// The message for a type name that is none of these: a did-you-mean hint when one is
    /// close, then every known type, e.g. `unknown event type 'membershp' (did you mean
    /// 'membership'?); known types: ledger, network, …`.
    public static func unknownTypeMessage(_ name: String) -> String {
        let names = allCases.map(\.rawValue)
        return "unknown event type '\(name)'" + Suggestion.hint(for: name, in: names)
            + "; known types: " + names.joined(separator: ", ")
    }

    /// Its place in `allCases` (0–17): an index into tables by type, with no hashing.
    var ordinal: Int {
        switch self {
        case .ledger: 0
        case .network: 1
        case .member: 2
        case .rename: 3
        case .merger: 4
        case .closure: 5
        case .policy: 6
        case .membership: 7
        case .signature: 8
        case .selection: 9
        case .withdrawal: 10
        case .suspension: 11
        case .reinstatement: 12
        case .milestone: 13
        case .recognition: 14
        case .activity: 15
        case .correction: 16
        case .retraction: 17
        }
    }

    /// Its name (the raw value), with no `String` made: for decoders comparing bytes.
    var name: StaticString {
        switch self {
        case .ledger: "ledger"
        case .network: "network"
        case .member: "member"
        case .rename: "rename"
        case .merger: "merger"
        case .closure: "closure"
        case .policy: "policy"
        case .membership: "membership"
        case .signature: "signature"
        case .selection: "selection"
        case .withdrawal: "withdrawal"
        case .suspension: "suspension"
        case .reinstatement: "reinstatement"
        case .milestone: "milestone"
        case .recognition: "recognition"
        case .activity: "activity"
        case .correction: "correction"
        case .retraction: "retraction"
        }
    }

    /// A `correction` or `retraction`.
    public var isAmendment: Bool { self == .correction || self == .retraction }

    /// The rank of SPEC §4's order: starts 0; life events 1; withdrawal 2; network events 3.
    public var rank: Int {
        switch self {
        case .membership, .signature, .selection: return 0
        case .milestone, .recognition, .suspension, .reinstatement, .activity: return 1
        case .withdrawal: return 2
        case .merger, .closure, .rename, .policy: return 3
        case .ledger, .network, .member, .correction, .retraction: return 4
        }
    }
}
