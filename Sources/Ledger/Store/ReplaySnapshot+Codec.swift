import Dispatch

/// The events of a replay snapshot in a compact binary form (`ReplaySnapshot`), read back
/// without parsing JSON or re-validating fields.
///
/// The body is the events in log order, in blocks of at most `block` events — each a varint
/// event count and a varint byte length, then its events — so blocks decode on every core.
/// Each event:
///
/// | part | encoding |
/// |---|---|
/// | seq | varint |
/// | id | text |
/// | type | u8 (`EventType.code`) |
/// | flags | u8: 1 recorded, 2 by, 4 source, 8 note, 16 prev, 32 parsed date |
/// | recorded | zigzag varint seconds, varint nanoseconds (flag 1) |
/// | by | text (flag 2) |
/// | fields | varint count, then per field: text key, value |
/// | source, note | text each (flags 4, 8) |
/// | prev | 32 bytes (flag 16) |
/// | date | i32 earliest ordinal, i32 latest ordinal (flag 32); its text is the `date` field |
///
/// A value is a tag byte — 0 null, 1 false, 2 true, 3 number (its exact text), 4 string,
/// 5 array (varint count, values), 6 object (varint count, then text key and value per
/// member, in order) — so every field comes back exactly as it was, and an event re-encodes
/// (`EventEncoder.line`) to the same canonical line as the event it was written from. Texts are a varint byte count
/// and UTF-8; varints are LEB128 (7 bits a byte, least significant first).
enum ReplayCodec {
    /// Events per block.
    static let block = 8192
    /// Deepest nesting of arrays and objects read back (the ledger's own values nest 2 deep).
    static let maxDepth = 64

    private static let hasRecorded: UInt8 = 1, hasBy: UInt8 = 2, hasSource: UInt8 = 4, hasNote: UInt8 = 8
    private static let hasPrev: UInt8 = 16, hasDate: UInt8 = 32

    /// The events, encoded.
    static func encode(_ events: [Event]) -> [UInt8] {
        var out = ByteWriter()
        out.bytes.reserveCapacity(events.count * 160)
        for start in stride(from: 0, to: events.count, by: block) {
            var piece = ByteWriter()
            for event in events[start..<min(events.count, start + block)] { encode(event, into: &piece) }
            out.varint(UInt64(min(block, events.count - start)))
            out.varint(UInt64(piece.bytes.count))
            out.bytes.append(contentsOf: piece.bytes)
        }
        return out.bytes
    }

    private static func encode(_ event: Event, into out: inout ByteWriter) {
        out.varint(UInt64(event.seq))
        out.text(event.id.rawValue)
        out.u8(event.type.code)
        var flags: UInt8 = 0
        if event.recorded != nil { flags |= hasRecorded }
        if event.by != nil { flags |= hasBy }
        if event.source != nil { flags |= hasSource }
        if event.note != nil { flags |= hasNote }
        if event.prev != nil { flags |= hasPrev }
        if event.date != nil { flags |= hasDate }
        out.u8(flags)
        if let recorded = event.recorded {
            let s = recorded.seconds
            out.varint(UInt64(bitPattern: (s << 1) ^ (s >> 63)))
            out.varint(UInt64(recorded.nanoseconds))
        }
        if let by = event.by { out.text(by) }
        out.varint(UInt64(event.fields.count))
        for field in event.fields {
            out.text(field.key)
            value(field.value, into: &out)
        }
        if let source = event.source { out.text(source) }
        if let note = event.note { out.text(note) }
        if let prev = event.prev { out.bytes.append(contentsOf: prev.bytes) }
        if let date = event.date {
            out.i32(date.earliest.ordinal)
            out.i32(date.latest.ordinal)
        }
    }

    private static func value(_ value: JSONValue, into out: inout ByteWriter) {
        switch value {
        case .null: out.u8(0)
        case .bool(let b): out.u8(b ? 2 : 1)
        case .number(let text): out.u8(3); out.text(text)
        case .string(let text): out.u8(4); out.text(text)
        case .array(let items):
            out.u8(5)
            out.varint(UInt64(items.count))
            for item in items { self.value(item, into: &out) }
        case .object(let members):
            out.u8(6)
            out.varint(UInt64(members.count))
            for member in members {
                out.text(member.key)
                self.value(member.value, into: &out)
            }
        }
    }

    /// The events read back; nil when the bytes are not a well-formed encoding of exactly
    /// `count` events numbered 1…count. Blocks are decoded in parallel.
    static func decode(_ bytes: ArraySlice<UInt8>, count: Int, consecutive: Bool = true) -> [Event]? {
        // The block table: where each block's bytes are, and the seq of its first event.
        var input = ByteReader(bytes)
        var blocks: [(first: Int, count: Int, bytes: ArraySlice<UInt8>)] = []
        var total = 0
        while !input.atEnd {
            guard let events = input.count(), events >= 1, events <= count - total,
                  let length = input.count(), let piece = input.take(length) else { return nil }
            blocks.append((total + 1, events, piece))
            total += events
        }
        guard total == count else { return nil }
        var results = [[Event]?](repeating: nil, count: blocks.count)
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            let blocks = blocks
            DispatchQueue.concurrentPerform(iterations: blocks.count) { index in
                let block = blocks[index]
                out[index] = decodeBlock(block.bytes, first: consecutive ? block.first : nil, count: block.count)
            }
        }
        var events: [Event] = []
        events.reserveCapacity(min(count, bytes.count))
        for result in results {
            guard let result else { return nil }
            events.append(contentsOf: result)
        }
        return events
    }

    /// One block's `count` events, numbered from `first`; nil unless the bytes hold exactly them.
    private static func decodeBlock(_ bytes: ArraySlice<UInt8>, first: Int?, count: Int) -> [Event]? {
        var input = ByteReader(bytes)
        var events: [Event] = []
        // Counts come from the bytes: never reserve more than the bytes could hold.
        events.reserveCapacity(min(count, bytes.count))
        while !input.atEnd {
            guard events.count < count, let event = decodeEvent(&input),
                  first.map({ event.seq == $0 + events.count }) ?? true else {
                return nil
            }
            events.append(event)
        }
        return events.count == count ? events : nil
    }

    private static func decodeEvent(_ input: inout ByteReader) -> Event? {
        guard let seq = input.varint(), seq < UInt64(Int.max), let id = input.text(), let type = input.type(),
              let flags = input.u8(), flags < 64 else { return nil }
        var recorded: Timestamp?
        if flags & hasRecorded != 0 {
            guard let zigzag = input.varint(), let nanoseconds = input.varint(), nanoseconds < 1_000_000_000 else { return nil }
            let seconds = Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
            recorded = Timestamp(seconds: seconds, nanoseconds: Int32(nanoseconds))
        }
        var by: String?
        if flags & hasBy != 0 { guard let text = input.text() else { return nil }; by = text }
        guard let fieldCount = input.count() else { return nil }
        var fields: [JSONMember] = []
        fields.reserveCapacity(min(fieldCount, input.remaining))
        for _ in 0..<fieldCount {
            guard let key = input.text(), let value = decodeValue(&input, depth: 0) else { return nil }
            fields.append(JSONMember(key, value))
        }
        var source: String?, note: String?, prev: SHA256Digest?, date: EDTFDate?
        if flags & hasSource != 0 { guard let text = input.text() else { return nil }; source = text }
        if flags & hasNote != 0 { guard let text = input.text() else { return nil }; note = text }
        if flags & hasPrev != 0 {
            guard let digest = input.take(32) else { return nil }
            prev = SHA256Digest(uncheckedBytes: digest)
        }
        if flags & hasDate != 0 {
            // The text is the `date` field as written; the span was computed when the line was parsed.
            guard let earliest = input.i32(), let latest = input.i32(), earliest <= latest,
                  let text = fields.first(where: { $0.key == "date" })?.value.stringValue else { return nil }
            date = EDTFDate(text: text, earliest: Day(ordinal: earliest), latest: Day(ordinal: latest))
        }
        return try? Event(seq: Int(seq), id: EventID(id), type: type, recorded: recorded, by: by, fields: fields,
                          source: source, note: note, prev: prev, date: date)
    }

    private static func decodeValue(_ input: inout ByteReader, depth: Int) -> JSONValue? {
        guard let tag = input.u8() else { return nil }
        switch tag {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return input.text().map(JSONValue.number)
        case 4: return input.text().map(JSONValue.string)
        case 5:
            guard depth < maxDepth, let count = input.count() else { return nil }
            var items: [JSONValue] = []
            items.reserveCapacity(min(count, input.remaining))
            for _ in 0..<count {
                guard let item = decodeValue(&input, depth: depth + 1) else { return nil }
                items.append(item)
            }
            return .array(items)
        case 6:
            guard depth < maxDepth, let count = input.count() else { return nil }
            var members: [JSONMember] = []
            members.reserveCapacity(min(count, input.remaining))
            for _ in 0..<count {
                guard let key = input.text(), let value = decodeValue(&input, depth: depth + 1) else { return nil }
                members.append(JSONMember(key, value))
            }
            return .object(members)
        default:
            return nil
        }
    }
}
