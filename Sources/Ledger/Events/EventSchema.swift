/// What a field of an event holds, and so how it is checked.
public enum FieldKind: Sendable, Equatable {
    /// `[a-z0-9][a-z0-9-]{0,63}`.
    case slug
    /// Free Unicode text, at most 2,000 bytes, no control characters but tab.
    case text
    /// An EDTF date of SPEC §4.
    case date
    /// A non-negative integer in `range`.
    case integer(ClosedRange<Int64>)
    /// One of a fixed list of words.
    case choice([String])
    /// ISO 3166-1 alpha-2 (two capital letters).
    case country
    /// A policy's `rules`: `[{"milestone", "within" | "by"}]`.
    case rules
    /// A policy's `every`: `[{"milestone", "months", "after"}]`.
    case every
    /// A correction's `set`: field → new value.
    case corrections
    /// The id of another event.
    case target
}

/// One field of an event type: its name, what it holds, and whether it must be present.
public struct FieldSpec: Sendable {
    public let name: String
    public let kind: FieldKind
    public let required: Bool

    init(_ name: String, _ kind: FieldKind, required: Bool = true) {
        self.name = name
        self.kind = kind
        self.required = required
    }
}

/// The fields of each event type, in canonical order (SPEC §3).
public enum EventSchema {
    /// Envelope keys written before the type's own fields.
    public static let leadingEnvelope = ["seq", "id", "type", "recorded", "by"]
    /// Envelope keys written after the type's own fields.
    public static let trailingEnvelope = ["source", "note", "prev"]

    /// Fields a `correction` may set, in the order `set` is written (SPEC §3): `date`,
    /// `member`, `network`, `role`, `cohort`, `milestone`, `badge`, `title`, `name`, then
    /// every other field of an amendable type in §3.1 order (one order fits every type),
    /// then `source`, `note`. Which of them a correction may set depends on its target's type.
    public static let correctable = ["date", "member", "network", "role", "cohort", "milestone",
                                     "badge", "title", "name", "kind", "founded", "scope", "managedBy", "url",
                                     "description", "country", "population", "into", "successor", "applies",
                                     "rules", "every", "source", "note"]

    /// The keys of one item of a policy's `rules`: `milestone`, and exactly one of `within`
    /// (months) or `by` (a date).
    public static let ruleKeys = ["milestone", "within", "by"]
    /// The keys of one item of a policy's `every`, all required.
    public static let everyKeys = ["milestone", "months", "after"]

    /// What `within` and `months` may be.
    public static let months: ClosedRange<Int64> = 1...1200

    /// The type's own fields, in canonical order.
    public static func fields(of type: EventType) -> [FieldSpec] {
        table[type]!.fields
    }

    /// What decoding needs of one type, computed once.
    struct TypeSchema: Sendable {
        let fields: [FieldSpec]
        let byName: [String: FieldSpec]
        /// Every key an event of this type may have, envelope included.
        let allowedKeys: Set<String>
    }

    static let table: [EventType: TypeSchema] = {
        var table: [EventType: TypeSchema] = [:]
        for type in EventType.allCases {
            let fields = makeFields(of: type)
            var byName: [String: FieldSpec] = [:]
            for spec in fields { byName[spec.name] = spec }
            table[type] = TypeSchema(fields: fields, byName: byName,
                                     allowedKeys: Set(leadingEnvelope + fields.map(\.name) + trailingEnvelope))
        }
        return table
    }()

    private static func makeFields(of type: EventType) -> [FieldSpec] {
        let lifeEvent = [FieldSpec("member", .slug), FieldSpec("network", .slug), FieldSpec("date", .date)]
        switch type {
        case .ledger:
            return [FieldSpec("format", .integer(1...1)), FieldSpec("name", .text)]
        case .network:
            return [FieldSpec("network", .slug), FieldSpec("name", .text),
                    FieldSpec("kind", .choice(["network", "pact", "platform", "programme"])),
                    FieldSpec("founded", .date, required: false),
                    FieldSpec("scope", .text, required: false),
                    FieldSpec("managedBy", .text, required: false),
                    FieldSpec("url", .text, required: false),
                    FieldSpec("description", .text, required: false)]
        case .member:
            return [FieldSpec("member", .slug), FieldSpec("name", .text),
                    FieldSpec("kind", .choice(["city", "region", "metropolis", "organisation"])),
                    FieldSpec("country", .country, required: false),
                    FieldSpec("population", .integer(0...Int64.max), required: false)]
        case .rename:
            // Exactly one of `network` and `member`: checked by the decoder.
            return [FieldSpec("network", .slug, required: false), FieldSpec("member", .slug, required: false),
                    FieldSpec("name", .text), FieldSpec("date", .date)]
        case .merger:
            return [FieldSpec("network", .slug), FieldSpec("into", .slug), FieldSpec("date", .date)]
        case .closure:
            return [FieldSpec("network", .slug), FieldSpec("date", .date),
                    FieldSpec("successor", .slug, required: false)]
        case .policy:
            return [FieldSpec("network", .slug), FieldSpec("date", .date),
                    FieldSpec("applies", .choice(["new", "all"]), required: false),
                    FieldSpec("title", .text), FieldSpec("rules", .rules),
                    FieldSpec("every", .every, required: false),
                    FieldSpec("badge", .text, required: false)]
        case .membership:
            return lifeEvent + [FieldSpec("role", .text, required: false)]
        case .signature, .withdrawal, .suspension, .reinstatement:
            return lifeEvent
        case .selection:
            return lifeEvent + [FieldSpec("cohort", .text, required: false)]
        case .milestone:
            return lifeEvent + [FieldSpec("milestone", .slug)]
        case .recognition:
            return lifeEvent + [FieldSpec("badge", .text)]
        case .activity:
            return [FieldSpec("member", .slug), FieldSpec("network", .slug, required: false),
                    FieldSpec("date", .date), FieldSpec("title", .text)]
        case .correction:
            return [FieldSpec("target", .target), FieldSpec("set", .corrections), FieldSpec("reason", .text)]
        case .retraction:
            return [FieldSpec("target", .target), FieldSpec("reason", .text)]
        }
    }

    /// The spec of `name` for `type`, including the optional envelope texts `source` and `note`.
    public static func spec(of name: String, in type: EventType) -> FieldSpec? {
        if name == "source" || name == "note" { return FieldSpec(name, .text, required: false) }
        return table[type]?.byName[name]
    }
}
