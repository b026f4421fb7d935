import ByteScan

/// The fast path of `EventDecoder`: decodes a line in the plain form the ledger writes —
/// one object, no whitespace, string and integer values, escapes only in free text —
/// straight into a typed `Event`, without building a JSON tree of the line. The one object
/// or array a type may hold (a policy's `rules`, a correction's `set`) is found by the scan
/// and read by the JSON reader alone.
///
/// It answers nil for anything else (whitespace outside such a value, an escape in a key or
/// in any value but free text, an escaped surrogate, an object or array in another field, an
/// unknown or repeated key, a value that breaks a rule); the general decoder then decides,
/// and words the error. So it never accepts what the general decoder rejects, and what it
/// accepts decodes to the same event (`PlainLineDecoderTests`, and the `line` fuzz target).
enum PlainLineDecoder {
    /// A value as read: a string's bytes (validated UTF-8), or an integer's.
    struct Raw {
        enum Kind: UInt8 {
            case number
            /// A string with no escape: its bytes are its text.
            case string
            /// A string with escapes (each a valid JSON escape, none a surrogate): read only
            /// as free text, through `FactDecoder.escapedText`.
            case escaped
            /// An object or array, brackets included (only its extent is known): read by the
            /// JSON reader.
            case nested
        }

        var start: Int32
        var end: Int32
        var kind: Kind

        /// The value as `line_scan_plain` read it.
        init(_ value: line_scan_value) {
            start = value.start
            end = value.end
            kind = Kind(rawValue: value.form) ?? .nested
        }

        var range: Range<Int> { Int(start)..<Int(end) }
        /// A string with no escape.
        var isString: Bool { kind == .string }
        var isNumber: Bool { kind == .number }
    }

    /// What a type allows and requires, as bit sets over `FieldName`, and each field's kind.
    struct PlainSchema {
        var allowed: UInt32 = 0
        var required: UInt32 = 0
        var kinds: [FieldKind?] = Array(repeating: nil, count: FieldName.allCases.count)
    }

    /// Each type's schema, by `EventType.ordinal`: read for every line, with no hashing.
    static let schemas: [PlainSchema] = EventType.allCases.map { type in
        var schema = PlainSchema()
        for spec in EventSchema.fields(of: type) {
            guard let name = FieldName(key: spec.name) else { continue }
            schema.allowed |= 1 << UInt32(name.rawValue)
            if spec.required { schema.required |= 1 << UInt32(name.rawValue) }
            schema.kinds[name.rawValue] = spec.kind
        }
        return schema
    }

    /// Whether `b[range]` holds exactly the bytes of `word`.
    @inline(__always)
    static func bytes(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, equal word: StaticString) -> Bool {
        guard word.utf8CodeUnitCount == range.count else { return false }
        let p = word.utf8Start
        for k in 0..<range.count where p[k] != b[range.lowerBound + k] { return false }
        return true
    }

    /// The keys and values of a plain line, as byte ranges, before any field is checked.
    struct Scanned {
        /// By slot: 0–7 the envelope (seq, id, type, recorded, by, source, note, prev), then
        /// 8 + each `FieldName`'s raw value. Only the slots in `present` hold a value.
        var values = InlineArray<34, line_scan_value>(repeating: line_scan_value())
        /// The slots present, as a bit set.
        var present: UInt64 = 0

        /// The envelope's value `k` (seq 0, id 1, type 2, recorded 3, by 4, source 5, note 6,
        /// prev 7), if present. (`mutating` so that the values are read in place: a copy of
        /// them cost as much as reading them.)
        @inline(__always)
        mutating func envelope(_ k: Int) -> Raw? { present & (1 << UInt64(k)) != 0 ? Raw(values[k]) : nil }

        /// The value of the field whose `FieldName` raw value is `k`, if present.
        @inline(__always)
        mutating func field(_ k: Int) -> Raw? {
            present & (1 << UInt64(Int(LINE_SCAN_ENVELOPE) + k)) != 0 ? Raw(values[Int(LINE_SCAN_ENVELOPE) + k]) : nil
        }

        /// The `FieldName`s present, as a bit set.
        var seen: UInt32 { UInt32(truncatingIfNeeded: present >> UInt64(LINE_SCAN_ENVELOPE)) }
    }

    /// Decodes a plain line, or returns nil so the general decoder decides.
    /// - Parameter keepingNotes: false to check `by`, `source` and `note` as the rules say
    ///   but leave them out of the event (nil), and the id's text too (its key kept:
    ///   `EventID(unreadKey:)`), for a reader that never shows them: `verify`, whose checks
    ///   read none of them, saves making a `String` of each.
    /// - Parameter slugs: the slugs of the lines read before this one, for a reader of many
    ///   lines in a row: a slug met again is the same `String` (`RecentSlugs`).
    static func decode(_ b: UnsafeBufferPointer<UInt8>, mode: EventDecoder.Mode, keepingNotes: Bool = true,
                       slugs: UnsafeMutablePointer<RecentSlugs>? = nil) -> Event? {
        var line = Scanned()
        guard scan(b, into: &line) else { return nil }
        return build(b, &line, mode: mode, keepingNotes: keepingNotes, slugs: slugs)
    }

    /// Splits a plain line into its keys and values (into `line`, fresh); false when it is
    /// not plain: not one object with no whitespace, a key that is not one of the slots'
    /// or is repeated, a value that is not a string, an integer with no leading zero, or an
    /// object or array (only its extent found, its brackets counted outside its strings), an
    /// escape that is not JSON's or is a surrogate's (left to the general decoder), a raw
    /// control byte, or bytes that are not UTF-8. Read in C, the marks 16 or 32 bytes at a
    /// time (`line_scan_plain`).
    static func scan(_ b: UnsafeBufferPointer<UInt8>, into line: inout Scanned) -> Bool {
        guard let base = b.baseAddress else { return false }
        let present = withUnsafeMutablePointer(to: &line.values) { values in
            values.withMemoryRebound(to: line_scan_value.self, capacity: Int(LINE_SCAN_SLOTS)) {
                line_scan_plain(base, b.count, $0)
            }
        }
        line.present = present
        return present != 0
    }

    /// The value of an integer as the scan read it (digits only, no leading zero), when it has
    /// at most 18 digits (so it cannot overflow); nil for anything else, left to the general
    /// decoder.
    static func integer(_ b: UnsafeBufferPointer<UInt8>, _ raw: Raw) -> Int64? {
        guard raw.isNumber, raw.range.count <= 18 else { return nil }
        var value: Int64 = 0
        for k in raw.range { value = value * 10 + Int64(b[k] &- UInt8(ascii: "0")) }
        return value
    }

    /// Whether the bytes are a country as `FieldChecker` wants one: two capital letters.
    static func isCountry(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        range.count == 2 && b[range.lowerBound] &- 0x41 < 26 && b[range.lowerBound + 1] &- 0x41 < 26
    }

    /// The four hex digits at `at`, as a number; nil unless they are hex digits.
    static func hex4(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32? {
        var v: UInt32 = 0
        for k in at..<at + 4 {
            guard let digit = b[k].hexDigitValue else { return nil }
            v = v << 4 | UInt32(digit)
        }
        return v
    }

    /// The free text of a string value, escapes read, when it keeps the rules of `TextRules`
    /// (checked on the bytes: the scan has checked UTF-8, raw controls and the escapes).
    private static func freeText(_ b: UnsafeBufferPointer<UInt8>, _ raw: Raw) -> String? {
        switch raw.kind {
        case .string: FactDecoder.isText(b, raw.range) ? string(b, raw) : nil
        case .escaped: FactDecoder.escapedText(b, raw.range).map { String(decoding: $0, as: UTF8.self) }
        case .number, .nested: nil
        }
    }

    private static func string(_ b: UnsafeBufferPointer<UInt8>, _ raw: Raw) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[raw.range]), as: UTF8.self)
    }

    /// The type whose name is `b[range]`, compared on bytes (`EventType(rawValue:)` made a
    /// `String` of every line's type first).
    static func eventType(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> EventType? {
        guard !range.isEmpty else { return nil }
        // The most frequent first under each letter (milestones are about half of a log).
        @inline(__always) func named(_ type: EventType) -> EventType? { bytes(b, range, equal: type.name) ? type : nil }
        switch b[range.lowerBound] {
        case UInt8(ascii: "m"): return named(.milestone) ?? named(.membership) ?? named(.member) ?? named(.merger)
        case UInt8(ascii: "s"): return named(.signature) ?? named(.selection) ?? named(.suspension)
        case UInt8(ascii: "r"): return named(.recognition) ?? named(.reinstatement) ?? named(.rename) ?? named(.retraction)
        case UInt8(ascii: "a"): return named(.activity)
        case UInt8(ascii: "w"): return named(.withdrawal)
        case UInt8(ascii: "n"): return named(.network)
        case UInt8(ascii: "c"): return named(.correction) ?? named(.closure)
        case UInt8(ascii: "p"): return named(.policy)
        case UInt8(ascii: "l"): return named(.ledger)
        default: return nil
        }
    }

    /// The event of a scanned line, or nil when a value breaks a rule. (`inout` so that its
    /// values are read in place: a copy of them cost as much as reading them.)
    static func build(_ b: UnsafeBufferPointer<UInt8>, _ line: inout Scanned, mode: EventDecoder.Mode,
                      keepingNotes: Bool = true, slugs: UnsafeMutablePointer<RecentSlugs>? = nil) -> Event? {
        guard let typeRaw = line.envelope(2), typeRaw.isString, let type = eventType(b, typeRaw.range) else { return nil }
        let schema = schemas[type.ordinal]
        guard line.seen & ~schema.allowed == 0, line.seen & schema.required == schema.required else { return nil }

        var seq = 0
        var recorded: Timestamp?
        var prev: SHA256Digest?
        switch mode {
        case .stored:
            guard let seqRaw = line.envelope(0), let value = integer(b, seqRaw),
                  let recordedRaw = line.envelope(3), recordedRaw.isString, let prevRaw = line.envelope(7), prevRaw.isString,
                  line.envelope(1) != nil else { return nil }
            guard value >= 1 else { return nil }
            seq = Int(value)
            guard let t = Timestamp.parseRecorded(UnsafeBufferPointer(rebasing: b[recordedRaw.range])),
                  let d = SHA256Digest(hex: UnsafeBufferPointer(rebasing: b[prevRaw.range])) else { return nil }
            recorded = t
            prev = d
        case .input:
            guard line.envelope(0) == nil, line.envelope(3) == nil, line.envelope(7) == nil else { return nil }
        }
        let id: EventID
        if let idRaw = line.envelope(1) {
            guard idRaw.isString else { return nil }
            guard FactDecoder.isEventID(b, idRaw.range) else { return nil }
            let key = Interner.hash(UnsafeBufferPointer(rebasing: b[idRaw.range]))
            id = keepingNotes ? EventID(unsafeKey: key, string(b, idRaw)) : EventID(unreadKey: key)
        } else {
            id = EventID("")
        }
        // by, source, note.
        var by: String?, source: String?, note: String?
        if keepingNotes {
            if let r = line.envelope(4) { guard let text = freeText(b, r) else { return nil }; by = text }
            if let r = line.envelope(5) { guard let text = freeText(b, r) else { return nil }; source = text }
            if let r = line.envelope(6) { guard let text = freeText(b, r) else { return nil }; note = text }
        } else {
            for k in 4...6 {
                if let r = line.envelope(k) { guard FactDecoder.isFreeText(b, r) else { return nil } }
            }
        }

        // Starts and life events, most of a log, are read straight into their payload.
        if let payload = commitment(b, &line, schema: schema, type: type, slugs: slugs) {
            guard let payload else { return nil }
            return Event(seq: seq, id: id, recorded: recorded, by: by, payload: consume payload,
                         source: source, note: note, prev: prev)
        }

        var values = FieldValues()
        var bits = line.seen
        while bits != 0 {
            let index = bits.trailingZeroBitCount
            bits &= bits - 1
            guard let r = line.field(index), let kind = schema.kinds[index], let name = FieldName(rawValue: index) else { return nil }
            switch kind {
            case .integer(let range):
                guard let value = integer(b, r), range.contains(value) else { return nil }
                values[name] = .number(String(value))
            case .rules, .every, .corrections:
                // A policy's rules, a correction's changes: read by the JSON reader and
                // checked as the general decoder checks them.
                guard r.kind == .nested, let json = try? JSONReader.parse(UnsafeBufferPointer(rebasing: b[r.range])),
                      let value = try? FieldChecker.check(json, as: kind, field: name.key) else { return nil }
                values[name] = value
            case .date:
                guard r.isString else { return nil }
                let text = string(b, r)
                guard let date = try? EDTFDate.parse(text) else { return nil }
                if name == .date { values.parsedDate = date }
                values[name] = .string(text)
            default:
                guard let text = checkedString(b, r, kind) else { return nil }
                values[name] = .string(text)
            }
        }
        guard let payload = try? Payload(type: type, values: values) else { return nil }
        return Event(seq: seq, id: id, recorded: recorded, by: by, payload: payload,
                     source: source, note: note, prev: prev)
    }

    /// The text of a string value of `kind` (free text, a slug, an event id, a choice, a
    /// country) when it keeps that kind's rules; nil otherwise, and for the other kinds.
    private static func checkedString(_ b: UnsafeBufferPointer<UInt8>, _ r: Raw, _ kind: FieldKind) -> String? {
        if case .text = kind { return freeText(b, r) }
        guard r.isString else { return nil }
        switch kind {
        case .slug: guard FactDecoder.isSlug(UnsafeBufferPointer(rebasing: b[r.range])) else { return nil }
        case .target: guard FactDecoder.isEventID(b, r.range) else { return nil }
        case .country: guard isCountry(b, r.range) else { return nil }
        case .choice(let words):
            let text = string(b, r)
            return words.contains(text) ? text : nil
        default: return nil
        }
        return string(b, r)
    }

    /// The payload of a start or life event (the types of `CommitmentEvent`), read straight
    /// from the scanned values with the checks of `build`'s loop: the generic field values
    /// in between cost as much as the rest of the line. nil when `type` is not one of them;
    /// `.some(nil)` when a value breaks a rule.
    /// - Precondition: the fields present are those `schema` allows and requires.
    private static func commitment(_ b: UnsafeBufferPointer<UInt8>, _ line: inout Scanned, schema: PlainSchema,
                                   type: EventType, slugs: UnsafeMutablePointer<RecentSlugs>?) -> Payload?? {
        guard type.isStartOrLifeEvent else { return nil }
        // The schema requires member, network and date of every one of these types.
        guard let m = line.field(FieldName.member.rawValue), let n = line.field(FieldName.network.rawValue),
              let d = line.field(FieldName.date.rawValue), m.isString, n.isString, d.isString else { return .some(nil) }
        let memberBytes = UnsafeBufferPointer(rebasing: b[m.range])
        let networkBytes = UnsafeBufferPointer(rebasing: b[n.range])
        guard FactDecoder.isSlug(memberBytes), FactDecoder.isSlug(networkBytes),
              let (earliest, latest) = try? EDTFDate.parseSpan(UnsafeBufferPointer(rebasing: b[d.range])) else { return .some(nil) }
        var detail: String?
        if let field = CommitmentEvent.detailField(of: type), let r = line.field(field.name.rawValue) {
            guard let kind = schema.kinds[field.name.rawValue] else { return .some(nil) }
            if case .slug = kind, let slugs, r.isString {
                // A milestone's or recognition's name: a few names again and again, kept
                // once like the members' slugs rather than allocated on every line.
                let bytes = UnsafeBufferPointer(rebasing: b[r.range])
                guard FactDecoder.isSlug(bytes) else { return .some(nil) }
                detail = slugs.pointee.string(bytes)
            } else {
                guard let text = checkedString(b, r, kind) else { return .some(nil) }
                detail = text
            }
        }
        let memberKey = Interner.hash(memberBytes), networkKey = Interner.hash(networkBytes)
        let memberText = slugs?.pointee.string(memberBytes, key: memberKey) ?? string(b, m)
        let event = CommitmentEvent(member: MemberID(unsafeKey: memberKey, memberText),
                                    network: NetworkID(unsafeKey: networkKey, bytes: networkBytes),
                                    date: EDTFDate(text: string(b, d), earliest: earliest, latest: latest),
                                    detail: detail)
        return .some(Payload(type: type, commitment: consume event))
    }
}
