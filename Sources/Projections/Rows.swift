import Ledger

/// Small builders for the JSON rows of SPEC §6: every key always present, null when
/// there is no value, integers as plain numbers, days as `YYYY-MM-DD`.
enum Row {
    /// An object with these members, in this order.
    static func object(_ members: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(members.map { JSONMember($0.key, $0.value) })
    }

    /// A string, or null.
    static func text(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    /// An integer.
    static func integer(_ value: Int) -> JSONValue {
        .number(String(value))
    }

    /// A day as `YYYY-MM-DD`.
    static func day(_ value: Day) -> JSONValue {
        .string(value.description)
    }
}

// MARK: - Typed rows as the JSON of SPEC §6

extension StatusRow {
    /// Exactly the keys `member, network, via, since, status, reason, basis, badge, certain,
    /// rules`; each rule `milestone, due, met, metOn, late, overdue, recurring`.
    public var json: JSONValue {
        Row.object([
            "member": .string(member.rawValue),
            "network": .string(network.rawValue),
            "via": .string(via),
            "since": .string(since),
            "status": .string(status.rawValue),
            "reason": Row.text(reason),
            "basis": Row.text(basis),
            "badge": Row.text(badge),
            "certain": .bool(certain),
            "rules": .array(rules.map(\.json)),
        ])
    }
}

extension RuleRow {
    public var json: JSONValue {
        Row.object([
            "milestone": .string(milestone),
            "due": Row.day(due),
            "met": .bool(met),
            "metOn": Row.text(metOn),
            "late": .bool(late),
            "overdue": .bool(overdue),
            "recurring": .bool(recurring),
        ])
    }
}

extension TimelineRow {
    /// Exactly the keys `seq, id, type, date, earliest, latest, certain, member, network,
    /// summary, corrected, source` (SPEC §6), then `note`.
    public var json: JSONValue {
        Row.object([
            "seq": Row.integer(seq),
            "id": .string(id.rawValue),
            "type": .string(type.rawValue),
            "date": .string(date),
            "earliest": Row.day(earliest),
            "latest": Row.day(latest),
            "certain": .bool(certain),
            "member": Row.text(member?.rawValue),
            "network": Row.text(network?.rawValue),
            "summary": .string(summary),
            "corrected": .bool(corrected),
            "source": Row.text(source),
            "note": Row.text(note),
        ])
    }
}

extension NetworkRow {
    /// Exactly the keys `network, name, kind, founded, managedBy, state, formerNames,
    /// members`; each member `member, name, since, via, status`.
    public var json: JSONValue {
        Row.object([
            "network": .string(network.rawValue),
            "name": Row.text(name),
            "kind": Row.text(kind),
            "founded": Row.text(founded),
            "managedBy": Row.text(managedBy),
            "state": .string(state),
            "formerNames": .array(formerNames.map(JSONValue.string)),
            "members": .array(members.map(\.json)),
        ])
    }
}

extension NetworkMemberRow {
    /// Exactly the keys `member, name, since, via, status`.
    public var json: JSONValue {
        Row.object([
            "member": .string(member.rawValue),
            "name": Row.text(name),
            "since": .string(since),
            "via": .string(via),
            "status": .string(status.rawValue),
        ])
    }
}

extension MemberRow {
    /// Exactly the keys `member, name, kind, country` (SPEC §6), `note`, then `commitments`.
    public var json: JSONValue {
        Row.object([
            "member": .string(member.rawValue),
            "name": Row.text(name),
            "kind": Row.text(kind),
            "country": Row.text(country),
            "note": Row.text(note),
            "commitments": .array(commitments.map(\.json)),
        ])
    }
}

extension AuditRow {
    /// Exactly the keys `seq, id, type, recorded, by, summary, source` (SPEC §6), `note`,
    /// then `changes`, each `field, old, new`.
    public var json: JSONValue {
        Row.object([
            "seq": Row.integer(seq),
            "id": .string(id.rawValue),
            "type": .string(type.rawValue),
            "recorded": Row.text(recorded),
            "by": Row.text(by),
            "summary": .string(summary),
            "source": Row.text(source),
            "note": Row.text(note),
            "changes": .array(changes.map(\.json)),
        ])
    }
}

extension AuditTrail.Change {
    /// Exactly the keys `field, old, new` (`old` null when the field was absent).
    public var json: JSONValue {
        Row.object(["field": .string(field), "old": old ?? .null, "new": new])
    }
}
