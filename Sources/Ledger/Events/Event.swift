/// One event of the log: the envelope of SPEC §3 and the type's own fields.
///
/// The type's fields are kept as JSON values in canonical order, so that
/// corrections (which may set any correctable field) and the canonical writer
/// stay generic; typed accessors read them. The `date` field is parsed once.
public struct Event: Sendable {
    /// Log position (0 for an input event not yet appended).
    public var seq: Int
    public var id: EventID
    public var type: EventType
    /// When the ledger appended it (nil for an input event).
    public var recorded: Timestamp?
    public var by: String?
    /// The type's own fields, in canonical order.
    public private(set) var fields: [JSONMember]
    public var source: String?
    public var note: String?
    /// SHA-256 of the previous line (nil for an input event).
    public var prev: SHA256Digest?
    /// The parsed `date` field, when the type has one.
    public private(set) var date: EDTFDate?

    /// Makes an event from already-validated fields (in canonical order).
    init(seq: Int, id: EventID, type: EventType, recorded: Timestamp?, by: String?,
         fields: [JSONMember], source: String?, note: String?, prev: SHA256Digest?, date: EDTFDate? = nil) {
        self.seq = seq
        self.id = id
        self.type = type
        self.recorded = recorded
        self.by = by
        self.fields = fields
        self.source = source
        self.note = note
        self.prev = prev
        self.date = date ?? Event.parseDate(in: fields)
    }

    private static func parseDate(in fields: [JSONMember]) -> EDTFDate? {
        guard let text = fields.first(where: { $0.key == "date" })?.value.stringValue else { return nil }
        return try? EDTFDate.parse(text)
    }

    /// The value of one of the type's fields, or of `source` / `note`.
    public func value(_ name: String) -> JSONValue? {
        switch name {
        case "source": return source.map(JSONValue.string)
        case "note": return note.map(JSONValue.string)
        default: return fields.first(where: { $0.key == name })?.value
        }
    }

    /// The string value of a field, if present.
    public func string(_ name: String) -> String? { value(name)?.stringValue }

    public var member: MemberID? { string("member").map(MemberID.init) }
    public var network: NetworkID? { string("network").map(NetworkID.init) }
    public var into: NetworkID? { string("into").map(NetworkID.init) }
    public var successor: NetworkID? { string("successor").map(NetworkID.init) }
    public var target: EventID? { string("target").map(EventID.init) }
    public var milestone: String? { string("milestone") }

    /// The (member, network) pair of a start or life event.
    public var pair: Pair? {
        guard let member, let network else { return nil }
        return Pair(member, network)
    }

    /// Sets one field (a type field, `source` or `note`), keeping canonical order.
    /// Used to apply corrections; the caller has checked the field belongs to the type.
    public mutating func set(_ name: String, to value: JSONValue) {
        switch name {
        case "source": source = value.stringValue
        case "note": note = value.stringValue
        default:
            if let index = fields.firstIndex(where: { $0.key == name }) {
                fields[index].value = value
            } else {
                let order = EventSchema.fields(of: type).map(\.name)
                let position = order.firstIndex(of: name) ?? order.count
                let insertAt = fields.firstIndex(where: { (order.firstIndex(of: $0.key) ?? 0) > position })
                    ?? fields.endIndex
                fields.insert(JSONMember(name, value), at: insertAt)
            }
            if name == "date" { date = Event.parseDate(in: fields) }
        }
    }
}
