/// One event of the log: the envelope of SPEC §3 and its typed payload.
///
/// `payload` says what happened, with every field typed (`Payload`); the envelope says
/// where it stands in the log and who recorded it. `value(_:)` and `set(_:to:)` give the
/// fields by name, for the generic edges: corrections and the audit trail.
public struct Event: Sendable {
    /// Log position (0 for an input event not yet appended).
    public var seq: Int
    public var id: EventID
    /// When the ledger appended it (nil for an input event).
    public var recorded: Timestamp?
    public var by: String?
    /// What happened: the type and its own fields.
    public var payload: Payload
    public var source: String?
    public var note: String?
    /// SHA-256 of the previous line (nil for an input event).
    public var prev: SHA256Digest?

    /// Makes an event from its envelope and payload.
    public init(seq: Int, id: EventID, recorded: Timestamp?, by: String?, payload: Payload,
                source: String?, note: String?, prev: SHA256Digest?) {
        self.seq = seq
        self.id = id
        self.recorded = recorded
        self.by = by
        self.payload = payload
        self.source = source
        self.note = note
        self.prev = prev
    }

    /// Makes an event from already-checked fields of `type` (for decoders of other forms).
    init(seq: Int, id: EventID, type: EventType, recorded: Timestamp?, by: String?,
         fields: [JSONMember], source: String?, note: String?, prev: SHA256Digest?, date: EDTFDate? = nil) throws(EventError) {
        var values = FieldValues(fields)
        values.parsedDate = date
        self.init(seq: seq, id: id, recorded: recorded, by: by, payload: try Payload(type: type, values: values),
                  source: source, note: note, prev: prev)
    }

    /// The event type.
    public var type: EventType { payload.type }
    /// The type's own fields as JSON, in canonical order.
    public var fields: [JSONMember] { payload.fields }
    /// The date, when the type has one.
    public var date: EDTFDate? { payload.date }
    public var member: MemberID? { payload.member }
    public var network: NetworkID? { payload.network }
    public var into: NetworkID? { if case .merger(let p) = payload { return p.into }; return nil }
    public var successor: NetworkID? { if case .closure(let p) = payload { return p.successor }; return nil }
    /// The event an amendment targets.
    public var target: EventID? {
        switch payload {
        case .correction(let p): return p.target
        case .retraction(let p): return p.target
        default: return nil
        }
    }
    /// A milestone's name.
    public var milestone: String? { if case .milestone(let p) = payload { return p.detail }; return nil }
    /// A recognition's badge.
    public var badge: String? { if case .recognition(let p) = payload { return p.detail }; return nil }

    /// The (member, network) pair of a start or life event.
    public var pair: Pair? {
        guard let e = payload.commitmentEvent else { return nil }
        return Pair(e.member, e.network)
    }

    /// The value of one of the type's fields, or of `source` / `note`, as JSON.
    public func value(_ name: String) -> JSONValue? {
        switch name {
        case "source": return source.map(JSONValue.string)
        case "note": return note.map(JSONValue.string)
        default: return fields.first(where: { $0.key == name })?.value
        }
    }

    /// The string value of a field, if present.
    public func string(_ name: String) -> String? { value(name)?.stringValue }

    /// Sets one field (a type field, `source` or `note`), to apply a correction.
    /// - Throws: `EventError` when the event would no longer be a valid event of its type
    ///   (a rename naming both a member and a network, a value of the wrong kind); the event
    ///   is unchanged then.
    public mutating func set(_ name: String, to value: JSONValue) throws(EventError) {
        switch name {
        case "source": source = value.stringValue
        case "note": note = value.stringValue
        default:
            guard let field = FieldName(key: name) else { throw EventError("a '\(type.rawValue)' event has no field '\(name)'") }
            var values = FieldValues(fields)
            values[field] = value
            payload = try Payload(type: type, values: values)
        }
    }
}
