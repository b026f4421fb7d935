/// Turns a parsed JSON object into an `Event`, checking every field while decoding.
///
/// Two modes: `.input` for what a client sends to `append` (no `seq`, `recorded`
/// or `prev`; `id` and `by` optional), `.stored` for a line of the log (all
/// envelope fields present). Key order is free in both; duplicate keys are not.
public enum EventDecoder {
    public enum Mode: Sendable { case input, stored }

    /// Decodes one line of JSON (its bytes, without the line terminator).
    /// - Throws: `EventError` naming the first field at fault, or `invalid JSON: …`.
    public static func decodeLine(_ bytes: UnsafeBufferPointer<UInt8>, mode: Mode) throws(EventError) -> Event {
        if let event = PlainLineDecoder.decode(bytes, mode: mode) { return event }
        return try decodeGeneral(bytes, mode: mode)
    }

    /// Decodes one line through a JSON tree, for a line the plain-line fast path left to it
    /// (`PlainLineDecoder`), without trying that path again.
    static func decodeGeneral(_ bytes: UnsafeBufferPointer<UInt8>, mode: Mode) throws(EventError) -> Event {
        let json: JSONValue
        do {
            json = try JSONReader.parse(bytes)
        } catch {
            throw EventError("invalid JSON: \(error)")
        }
        return try decode(json, mode: mode)
    }

    /// Decodes one line of JSON held in an array.
    public static func decodeLine(_ bytes: [UInt8], mode: Mode) throws(EventError) -> Event {
        try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(EventError) in try decodeLine(buffer, mode: mode) }
        }.get()
    }

    /// Decodes one event.
    /// - Throws: `EventError` naming the first field at fault.
    public static func decode(_ json: JSONValue, mode: Mode) throws(EventError) -> Event {
        guard case .object(let members) = json else {
            throw EventError("an event must be a JSON object, not \(json.kindDescription)")
        }
        let byKey = Fields(members)
        if let duplicate = byKey.duplicate { throw EventError("duplicate field '\(duplicate)'") }
        guard let typeValue = byKey["type"] else { throw EventError("missing field 'type'") }
        guard let typeName = typeValue.stringValue else {
            throw EventError("field 'type' must be a string, not \(typeValue.kindDescription)")
        }
        guard let type = EventType(rawValue: typeName) else {
            throw EventError(EventType.unknownTypeMessage(typeName))
        }
        let schema = EventSchema.table[type]!
        let specs = schema.fields

        // Unknown fields and fields the ledger sets.
        let allowed = schema.allowedKeys
        for member in members {
            let key = member.key
            if mode == .input && (key == "seq" || key == "recorded" || key == "prev") {
                throw EventError("field '\(key)' is set by the ledger; leave it out of appended events")
            }
            if !allowed.contains(key) {
                throw EventError("unknown field '\(key)' for type '\(typeName)'"
                    + Suggestion.hint(for: key, in: allowed.sorted()))
            }
        }

        // Envelope.
        var seq = 0
        var recorded: Timestamp?
        var prev: SHA256Digest?
        if mode == .stored {
            let seqValue = try require("seq", byKey)
            guard let n = seqValue.int64Value, n >= 1, isPlainInteger(seqValue) else {
                throw EventError("field 'seq' must be a positive integer")
            }
            seq = Int(n)
            let recordedText = try requireString("recorded", byKey)
            guard let t = Timestamp.parseRecorded(recordedText) else {
                throw EventError("field 'recorded': '\(recordedText)' is not an RFC 3339 UTC time to the second (2026-11-28T09:15:02Z)")
            }
            recorded = t
            let prevText = try requireString("prev", byKey)
            guard let digest = SHA256Digest(hex: prevText) else {
                throw EventError("field 'prev' must be 64 lowercase hex digits")
            }
            prev = digest
        }
        var id = EventID("")
        if let idValue = byKey["id"] {
            guard let text = idValue.stringValue else {
                throw EventError("field 'id' must be a string, not \(idValue.kindDescription)")
            }
            guard TextRules.isEventID(text) else {
                throw EventError("field 'id': '\(text)' is not a valid id ([A-Za-z0-9._:-], 1 to 128 characters)")
            }
            id = EventID(text)
        } else if mode == .stored {
            throw EventError("missing field 'id'")
        }
        let by = try optionalText("by", byKey)
        let source = try optionalText("source", byKey)
        let note = try optionalText("note", byKey)

        // The type's own fields, in canonical order.
        var fields: [JSONMember] = []
        fields.reserveCapacity(specs.count)
        var date: EDTFDate?
        for spec in specs {
            guard let value = byKey[spec.name] else {
                if spec.required { throw EventError("missing field '\(spec.name)' for type '\(typeName)'") }
                continue
            }
            if spec.name == "date" {
                date = try FieldChecker.date(value, field: "date")
                fields.append(JSONMember("date", value))
            } else {
                fields.append(JSONMember(spec.name, try FieldChecker.check(value, as: spec.kind, field: spec.name)))
            }
        }
        if type == .rename {
            let names = fields.filter { $0.key == "network" || $0.key == "member" }.count
            if names != 1 {
                throw EventError("a rename names exactly one of 'network' or 'member'")
            }
        }
        var values = FieldValues(fields)
        values.parsedDate = date
        return Event(seq: seq, id: id, recorded: recorded, by: by, payload: try Payload(type: type, values: values),
                     source: source, note: note, prev: prev)
    }

    /// An event's members looked up by key: a linear scan beats hashing for ten keys.
    struct Fields {
        let members: [JSONMember]
        init(_ members: [JSONMember]) { self.members = members }

        subscript(key: String) -> JSONValue? {
            for member in members where member.key == key { return member.value }
            return nil
        }

        /// The first key that appears twice, if any.
        var duplicate: String? {
            for i in members.indices {
                for j in members.index(after: i)..<members.endIndex where members[i].key == members[j].key {
                    return members[i].key
                }
            }
            return nil
        }
    }

    private static func require(_ key: String, _ byKey: Fields) throws(EventError) -> JSONValue {
        guard let value = byKey[key] else { throw EventError("missing field '\(key)'") }
        return value
    }

    private static func requireString(_ key: String, _ byKey: Fields) throws(EventError) -> String {
        let value = try require(key, byKey)
        guard let s = value.stringValue else {
            throw EventError("field '\(key)' must be a string, not \(value.kindDescription)")
        }
        return s
    }

    private static func optionalText(_ key: String, _ byKey: Fields) throws(EventError) -> String? {
        guard let value = byKey[key] else { return nil }
        return try FieldChecker.check(value, as: .text, field: key).stringValue
    }

    static func isPlainInteger(_ value: JSONValue) -> Bool {
        guard case .number(let text) = value else { return false }
        return !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
