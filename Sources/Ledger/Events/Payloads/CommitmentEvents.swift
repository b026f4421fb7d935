/// A start of a commitment (`membership`, `signature`, `selection`) or a life event of one
/// (`withdrawal`, `suspension`, `reinstatement`, `milestone`, `recognition`): what happened
/// to a member in a network, on a date, with the type's own detail.
public struct CommitmentEvent: Sendable, Equatable {
    public var member: MemberID
    public var network: NetworkID
    public var date: EDTFDate
    /// The type's one extra field, if it has one: a membership's `role`, a selection's
    /// `cohort`, a milestone's `milestone`, a recognition's `badge`.
    public var detail: String?

    /// The field that holds `detail` in `type`, and whether it is required.
    static func detailField(of type: EventType) -> (name: FieldName, required: Bool)? {
        switch type {
        case .membership: return (.role, false)
        case .selection: return (.cohort, false)
        case .milestone: return (.milestone, true)
        case .recognition: return (.badge, true)
        default: return nil
        }
    }

    /// An event from values already checked (`PlainLineDecoder` reads them from bytes).
    init(member: MemberID, network: NetworkID, date: EDTFDate, detail: String?) {
        self.member = member
        self.network = network
        self.date = date
        self.detail = detail
    }

    init(_ v: borrowing FieldValues, type: EventType) throws(EventError) {
        member = try v.member()
        network = try v.network()
        date = try v.date()
        if let field = CommitmentEvent.detailField(of: type) {
            detail = field.required ? try v.text(field.name) : v.optionalText(field.name)
        }
    }

    func fields(type: EventType) -> [JSONMember] {
        var out = [JSONMember("member", .string(member.rawValue)), JSONMember("network", .string(network.rawValue)),
                   JSONMember("date", .string(date.text))]
        if let detail, let field = CommitmentEvent.detailField(of: type) {
            out.append(JSONMember(field.name.key, .string(detail)))
        }
        return out
    }
}

/// `activity`: something a member did, in a network or on its own (a workshop, a summit).
public struct Activity: Sendable, Equatable {
    public var member: MemberID
    public var network: NetworkID?
    public var date: EDTFDate
    public var title: String

    init(_ v: borrowing FieldValues) throws(EventError) {
        member = try v.member()
        network = v.optionalNetwork(.network)
        date = try v.date()
        title = try v.text(.title)
    }

    var fields: [JSONMember] {
        var out = [JSONMember("member", .string(member.rawValue))]
        if let network { out.append(JSONMember("network", .string(network.rawValue))) }
        out.append(JSONMember("date", .string(date.text)))
        out.append(JSONMember("title", .string(title)))
        return out
    }
}

/// `correction`: sets fields of an earlier event (SPEC §3: any field of its type, `source`, `note`).
public struct Correction: Sendable, Equatable {
    public var target: EventID
    /// Field → new value, in canonical order.
    public var set: [JSONMember]
    public var reason: String

    init(_ v: borrowing FieldValues) throws(EventError) {
        target = EventID(try v.text(.target))
        guard case .object(let changes)? = v[.set] else { throw EventError("missing field 'set'") }
        set = changes
        reason = try v.text(.reason)
    }

    var fields: [JSONMember] {
        [JSONMember("target", .string(target.rawValue)), JSONMember("set", .object(set)),
         JSONMember("reason", .string(reason))]
    }
}

/// `retraction`: the target no longer counts.
public struct Retraction: Sendable, Equatable {
    public var target: EventID
    public var reason: String

    init(_ v: borrowing FieldValues) throws(EventError) {
        target = EventID(try v.text(.target))
        reason = try v.text(.reason)
    }

    var fields: [JSONMember] {
        [JSONMember("target", .string(target.rawValue)), JSONMember("reason", .string(reason))]
    }
}
