/// The type of an event and its own fields, typed (SPEC §3.1): one case per event type.
///
/// The compiler, not a string key, says what each type holds. Generic JSON appears only at
/// the edges: `fields` for the canonical writer and the audit trail, `init(type:values:)`
/// for the decoders, and a correction's `set`.
public enum Payload: Sendable, Equatable {
    /// The genesis, line 1.
    case ledger(Genesis)
    indirect case network(NetworkRegistration)
    indirect case member(MemberRegistration)
    case rename(Rename)
    case merger(Merger)
    case closure(Closure)
    indirect case policy(PolicyDefinition)
    /// A start; `detail` is the optional `role`.
    case membership(CommitmentEvent)
    /// A start.
    case signature(CommitmentEvent)
    /// A start; `detail` is the optional `cohort`.
    case selection(CommitmentEvent)
    case withdrawal(CommitmentEvent)
    case suspension(CommitmentEvent)
    case reinstatement(CommitmentEvent)
    /// `detail` is the milestone's name (`inventory`, `plan`…).
    case milestone(CommitmentEvent)
    /// `detail` is the badge, as the network words it.
    case recognition(CommitmentEvent)
    case activity(Activity)
    indirect case correction(Correction)
    case retraction(Retraction)

    /// The event type.
    public var type: EventType {
        switch self {
        case .ledger: return .ledger
        case .network: return .network
        case .member: return .member
        case .rename: return .rename
        case .merger: return .merger
        case .closure: return .closure
        case .policy: return .policy
        case .membership: return .membership
        case .signature: return .signature
        case .selection: return .selection
        case .withdrawal: return .withdrawal
        case .suspension: return .suspension
        case .reinstatement: return .reinstatement
        case .milestone: return .milestone
        case .recognition: return .recognition
        case .activity: return .activity
        case .correction: return .correction
        case .retraction: return .retraction
        }
    }

    /// Builds the payload of `type` from checked field values.
    /// - Throws: `EventError` when a required field is missing or a value does not fit.
    init(type: EventType, values v: borrowing FieldValues) throws(EventError) {
        switch type {
        case .ledger: self = .ledger(try Genesis(v))
        case .network: self = .network(try NetworkRegistration(v))
        case .member: self = .member(try MemberRegistration(v))
        case .rename: self = .rename(try Rename(v))
        case .merger: self = .merger(try Merger(v))
        case .closure: self = .closure(try Closure(v))
        case .policy: self = .policy(try PolicyDefinition(v))
        case .membership: self = .membership(try CommitmentEvent(v, type: type))
        case .signature: self = .signature(try CommitmentEvent(v, type: type))
        case .selection: self = .selection(try CommitmentEvent(v, type: type))
        case .withdrawal: self = .withdrawal(try CommitmentEvent(v, type: type))
        case .suspension: self = .suspension(try CommitmentEvent(v, type: type))
        case .reinstatement: self = .reinstatement(try CommitmentEvent(v, type: type))
        case .milestone: self = .milestone(try CommitmentEvent(v, type: type))
        case .recognition: self = .recognition(try CommitmentEvent(v, type: type))
        case .activity: self = .activity(try Activity(v))
        case .correction: self = .correction(try Correction(v))
        case .retraction: self = .retraction(try Retraction(v))
        }
    }

    /// The payload of a start or life event of `type` (the types whose payload is a
    /// `CommitmentEvent`); nil for the other types.
    init?(type: EventType, commitment event: consuming CommitmentEvent) {
        switch type {
        case .membership: self = .membership(event)
        case .signature: self = .signature(event)
        case .selection: self = .selection(event)
        case .withdrawal: self = .withdrawal(event)
        case .suspension: self = .suspension(event)
        case .reinstatement: self = .reinstatement(event)
        case .milestone: self = .milestone(event)
        case .recognition: self = .recognition(event)
        default: return nil
        }
    }

    /// The start or life event, for the types that are one.
    public var commitmentEvent: CommitmentEvent? {
        switch self {
        case .membership(let e), .signature(let e), .selection(let e), .withdrawal(let e), .suspension(let e),
             .reinstatement(let e), .milestone(let e), .recognition(let e):
            return e
        default:
            return nil
        }
    }

    /// The type's own fields as JSON, in canonical order (SPEC §3).
    public var fields: [JSONMember] {
        switch self {
        case .ledger(let p): return p.fields
        case .network(let p): return p.fields
        case .member(let p): return p.fields
        case .rename(let p): return p.fields
        case .merger(let p): return p.fields
        case .closure(let p): return p.fields
        case .policy(let p): return p.fields
        case .activity(let p): return p.fields
        case .correction(let p): return p.fields
        case .retraction(let p): return p.fields
        case .membership(let p), .signature(let p), .selection(let p), .withdrawal(let p), .suspension(let p),
             .reinstatement(let p), .milestone(let p), .recognition(let p):
            return p.fields(type: type)
        }
    }

    /// The event's date, for the types that have one.
    public var date: EDTFDate? {
        switch self {
        case .rename(let p): return p.date
        case .merger(let p): return p.date
        case .closure(let p): return p.date
        case .policy(let p): return p.date
        case .activity(let p): return p.date
        case .membership(let p), .signature(let p), .selection(let p), .withdrawal(let p), .suspension(let p),
             .reinstatement(let p), .milestone(let p), .recognition(let p):
            return p.date
        case .ledger, .network, .member, .correction, .retraction:
            return nil
        }
    }

    /// The `member` field, for the types that have one.
    public var member: MemberID? {
        switch self {
        case .member(let p): return p.member
        case .rename(let p): if case .member(let id) = p.subject { return id }; return nil
        case .activity(let p): return p.member
        case .membership(let p), .signature(let p), .selection(let p), .withdrawal(let p), .suspension(let p),
             .reinstatement(let p), .milestone(let p), .recognition(let p):
            return p.member
        case .ledger, .network, .policy, .merger, .closure, .correction, .retraction:
            return nil
        }
    }

    /// The `network` field, for the types that have one.
    public var network: NetworkID? {
        switch self {
        case .network(let p): return p.network
        case .rename(let p): if case .network(let id) = p.subject { return id }; return nil
        case .merger(let p): return p.network
        case .closure(let p): return p.network
        case .policy(let p): return p.network
        case .activity(let p): return p.network
        case .membership(let p), .signature(let p), .selection(let p), .withdrawal(let p), .suspension(let p),
             .reinstatement(let p), .milestone(let p), .recognition(let p):
            return p.network
        case .ledger, .member, .correction, .retraction:
            return nil
        }
    }
}
