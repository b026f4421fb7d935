/// Writes an event in the canonical form of SPEC §2: keys in the order of §3,
/// no insignificant whitespace, canonical string escapes.
public enum EventEncoder {
    /// The canonical line of a stored event, without its `\n`.
    public static func line(_ event: Event) -> [UInt8] {
        encode(event, envelope: true)
    }

    /// The canonical line of a stored event up to its `prev` digest: the line of `event`
    /// with `prev` set is these bytes, the digest's 64 hex digits, then `"}`. Lets lines be
    /// encoded (and hashed up to there) before the digest of the line before is known.
    static func lineBeforePrev(_ event: Event) -> [UInt8] {
        var copy = event
        copy.prev = nil
        var out = encode(copy, envelope: true)
        out.removeLast()
        out.append(contentsOf: #","prev":""#.utf8)
        return out
    }

    /// The fields the client sent (everything but `seq`, `recorded` and `prev`), canonically:
    /// what idempotency compares.
    public static func content(_ event: Event) -> [UInt8] {
        encode(event, envelope: false)
    }

    private static func encode(_ event: Event, envelope: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(UInt8(ascii: "{"))
        var first = true
        func key(_ name: String) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            JSONWriter.writeString(name, into: &out)
            out.append(UInt8(ascii: ":"))
        }
        if envelope {
            key("seq")
            out.append(contentsOf: String(event.seq).utf8)
        }
        key("id")
        JSONWriter.writeString(event.id.rawValue, into: &out)
        key("type")
        JSONWriter.writeString(event.type.rawValue, into: &out)
        if envelope, let recorded = event.recorded {
            key("recorded")
            recorded.appendRecordedJSON(to: &out)
        }
        if let by = event.by {
            key("by")
            JSONWriter.writeString(by, into: &out)
        }
        for field in event.fields {
            key(field.key)
            JSONWriter.write(field.value, into: &out)
        }
        if let source = event.source {
            key("source")
            JSONWriter.writeString(source, into: &out)
        }
        if let note = event.note {
            key("note")
            JSONWriter.writeString(note, into: &out)
        }
        if envelope, let prev = event.prev {
            key("prev")
            JSONWriter.writeString(prev.hex, into: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
