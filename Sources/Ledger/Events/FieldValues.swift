/// The name of one of the event types' own fields (SPEC §3.1), as a small integer.
///
/// Decoding fills a `FieldValues` by these names; the typed payloads read from it.
public enum FieldName: Int, CaseIterable, Sendable {
    case format, network, member, name, kind, founded, scope, managedBy, url, description
    case country, population, into, date, successor, applies, title, rules, every, badge
    case role, cohort, milestone, target, set, reason

    /// The field's key in JSON.
    public var key: String {
        switch self {
        case .managedBy: return "managedBy"
        default: return String(describing: self)
        }
    }

    /// The field named `key`, if it is one of the types' own fields.
    public init?(key: String) {
        guard let name = FieldName.byKey[key] else { return nil }
        self = name
    }

    private static let byKey: [String: FieldName] = {
        var table: [String: FieldName] = [:]
        for name in FieldName.allCases { table[name.key] = name }
        return table
    }()
}

/// The checked values of an event's own fields, by name, on the stack: what the decoders
/// fill and the typed payloads are built from.
struct FieldValues {
    private var slots = InlineArray<26, JSONValue?>(repeating: nil)
    /// The parsed `date`, when the decoder has already parsed it.
    var parsedDate: EDTFDate?

    init() {}

    /// The values of `members` (already checked, each key a type field).
    init(_ members: [JSONMember]) {
        for member in members {
            if let name = FieldName(key: member.key) { self[name] = member.value }
        }
    }

    subscript(name: FieldName) -> JSONValue? {
        get { slots[name.rawValue] }
        set { slots[name.rawValue] = newValue }
    }

    // MARK: - Typed reads (the decoder has checked each value's kind)

    func text(_ name: FieldName) throws(EventError) -> String {
        guard let value = self[name]?.stringValue else { throw EventError("missing field '\(name.key)'") }
        return value
    }

    func optionalText(_ name: FieldName) -> String? { self[name]?.stringValue }

    /// One of a fixed list of words (a network's or a member's `kind`).
    func choice<Word: CaseIterable & RawRepresentable>(_ name: FieldName) throws(EventError) -> Word
        where Word.RawValue == String {
        let text = try text(name)
        guard let word = Word(rawValue: text) else {
            throw EventError("field '\(name.key)': '\(text)' is not one of \(Word.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return word
    }

    func member(_ name: FieldName = .member) throws(EventError) -> MemberID { MemberID(try text(name)) }
    func network(_ name: FieldName = .network) throws(EventError) -> NetworkID { NetworkID(try text(name)) }
    func optionalNetwork(_ name: FieldName) -> NetworkID? { optionalText(name).map(NetworkID.init) }

    func date() throws(EventError) -> EDTFDate {
        if let parsedDate { return parsedDate }
        guard let date = try optionalDate(.date) else { throw EventError("missing field 'date'") }
        return date
    }

    func optionalDate(_ name: FieldName) throws(EventError) -> EDTFDate? {
        guard let text = optionalText(name) else { return nil }
        do { return try EDTFDate.parse(text) } catch { throw EventError("field '\(name.key)': \(error.message)") }
    }

    func integer(_ name: FieldName) throws(EventError) -> Int64 {
        guard let value = self[name]?.int64Value else { throw EventError("missing field '\(name.key)'") }
        return value
    }

    func optionalInteger(_ name: FieldName) -> Int64? { self[name]?.int64Value }
}
