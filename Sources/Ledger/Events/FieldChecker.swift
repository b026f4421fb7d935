/// Checks one field value against its `FieldKind` and returns it in canonical form.
enum FieldChecker {
    static func check(_ value: JSONValue, as kind: FieldKind, field: String) throws(EventError) -> JSONValue {
        switch kind {
        case .slug:
            let s = try string(value, field)
            guard TextRules.isSlug(s) else {
                throw EventError("field '\(field)': '\(s)' is not a slug (lowercase letters, digits and '-', starting with a letter or digit, at most 64)")
            }
            return value
        case .text:
            let s = try string(value, field)
            if let problem = TextRules.textProblem(s) { throw EventError("field '\(field)' \(problem)") }
            return value
        case .date:
            _ = try date(value, field: field)
            return value
        case .integer(let range):
            guard EventDecoder.isPlainInteger(value), let n = value.int64Value else {
                throw EventError("field '\(field)' must be a non-negative integer, not \(describe(value))")
            }
            guard range.contains(n) else {
                let bounds = range.lowerBound == range.upperBound ? "\(range.lowerBound)"
                    : "from \(range.lowerBound) to \(range.upperBound)"
                throw EventError("field '\(field)' must be \(bounds), not \(n)")
            }
            return .number(String(n))
        case .choice(let words):
            let s = try string(value, field)
            guard words.contains(s) else {
                throw EventError("field '\(field)': '\(s)' is not one of \(words.joined(separator: ", "))"
                    + Suggestion.hint(for: s, in: words))
            }
            return value
        case .country:
            let s = try string(value, field)
            guard s.utf8.count == 2, s.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
                throw EventError("field '\(field)': '\(s)' is not an ISO 3166-1 alpha-2 code (two capital letters, e.g. FR)")
            }
            return value
        case .target:
            let s = try string(value, field)
            guard TextRules.isEventID(s) else { throw EventError("field '\(field)': '\(s)' is not a valid event id") }
            return value
        case .rules:
            return .array(try items(value, field) { (item, path) throws(EventError) in
                let keys = try object(item, path, allowed: EventSchema.ruleKeys)
                let milestone = try check(try need(keys, "milestone", path), as: .slug, field: "\(path).milestone")
                var out = [JSONMember("milestone", milestone)]
                switch (keys["within"], keys["by"]) {
                case (let within?, nil):
                    out.append(JSONMember("within", try check(within, as: .integer(EventSchema.months), field: "\(path).within")))
                case (nil, let by?):
                    out.append(JSONMember("by", try check(by, as: .date, field: "\(path).by")))
                default:
                    throw EventError("field '\(path)' needs exactly one of 'within' (months) or 'by' (a date)")
                }
                return .object(out)
            })
        case .every:
            return .array(try items(value, field) { (item, path) throws(EventError) in
                let keys = try object(item, path, allowed: EventSchema.everyKeys)
                return .object([
                    JSONMember("milestone", try check(try need(keys, "milestone", path), as: .slug, field: "\(path).milestone")),
                    JSONMember("months", try check(try need(keys, "months", path), as: .integer(EventSchema.months), field: "\(path).months")),
                    JSONMember("after", try check(try need(keys, "after", path), as: .slug, field: "\(path).after")),
                ])
            })
        case .corrections:
            let keys = try object(value, field, allowed: EventSchema.correctable)
            guard !keys.isEmpty else { throw EventError("field '\(field)' must set at least one field") }
            var out: [JSONMember] = []
            for name in EventSchema.correctable {
                guard let newValue = keys[name] else { continue }
                if newValue == .null { throw EventError("field '\(field).\(name)' cannot be set to null") }
                out.append(JSONMember(name, try check(newValue, as: correctedKind(name), field: "\(field).\(name)")))
            }
            return .object(out)
        }
    }

    /// A date field, parsed.
    static func date(_ value: JSONValue, field: String) throws(EventError) -> EDTFDate {
        let s = try string(value, field)
        do { return try EDTFDate.parse(s) } catch {
            throw EventError("field '\(field)': \(error.message)")
        }
    }

    /// What kind of value a correctable field holds. The same name holds the same kind in
    /// every type, but for `kind`, whose words depend on the type: it is checked as text
    /// here, and against the target's type when the corrected target is checked whole.
    static func correctedKind(_ name: String) -> FieldKind {
        switch name {
        case "date", "founded": return .date
        case "member", "network", "milestone", "into", "successor": return .slug
        case "country": return .country
        case "population": return .integer(0...Int64.max)
        case "applies": return .choice(["new", "all"])
        case "rules": return .rules
        case "every": return .every
        default: return .text
        }
    }

    private static func string(_ value: JSONValue, _ field: String) throws(EventError) -> String {
        guard let s = value.stringValue else {
            throw EventError("field '\(field)' must be a string, not \(value.kindDescription)")
        }
        return s
    }

    private static func describe(_ value: JSONValue) -> String {
        if case .number(let text) = value { return text }
        return value.kindDescription
    }

    private static func items(_ value: JSONValue, _ field: String,
                              _ each: (JSONValue, String) throws(EventError) -> JSONValue) throws(EventError) -> [JSONValue] {
        guard case .array(let elements) = value else {
            throw EventError("field '\(field)' must be an array, not \(value.kindDescription)")
        }
        var out: [JSONValue] = []
        for (index, element) in elements.enumerated() { out.append(try each(element, "\(field)[\(index)]")) }
        return out
    }

    private static func object(_ value: JSONValue, _ path: String, allowed: [String]) throws(EventError) -> [String: JSONValue] {
        guard case .object(let members) = value else {
            throw EventError("field '\(path)' must be an object, not \(value.kindDescription)")
        }
        var keys: [String: JSONValue] = [:]
        for member in members {
            guard allowed.contains(member.key) else {
                throw EventError("field '\(path)' has an unknown key '\(member.key)'" + Suggestion.hint(for: member.key, in: allowed))
            }
            if keys.updateValue(member.value, forKey: member.key) != nil {
                throw EventError("field '\(path)' has the key '\(member.key)' twice")
            }
        }
        return keys
    }

    private static func need(_ keys: [String: JSONValue], _ key: String, _ path: String) throws(EventError) -> JSONValue {
        guard let value = keys[key] else { throw EventError("field '\(path)' is missing '\(key)'") }
        return value
    }
}
