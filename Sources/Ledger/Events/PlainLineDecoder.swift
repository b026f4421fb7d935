import ByteScan

/// The fast path of `EventDecoder`: decodes a line in the plain form the ledger writes —
/// one flat object, no whitespace, string and integer values, escapes only in free text —
/// straight into a typed `Event`, without building a JSON tree.
///
/// It answers nil for anything else (whitespace, an escape in a key or in any value but free
/// text, an escaped surrogate, an array or object value, an unknown or repeated key, a value
/// that breaks a rule); the general decoder then decides, and words the error. So it never
/// accepts what the general decoder rejects, and what it accepts decodes to the same event
/// (`PlainLineDecoderTests`, and the `line` fuzz target).
enum PlainLineDecoder {
    /// The keys a plain line may have: the envelope, then the types' own fields.
    private enum Key {
        case seq, id, type, recorded, by, source, note, prev
        case field(FieldName)
    }

    /// A value as read: a string's bytes (validated UTF-8), or an integer's.
    struct Raw {
        enum Kind: UInt8 {
            case number
            /// A string with no escape: its bytes are its text.
            case string
            /// A string with escapes (each a valid JSON escape, none a surrogate): read only
            /// as free text, through `FactDecoder.escapedText`.
            case escaped
        }

        var start: Int32
        var end: Int32
        var kind: Kind

        init(range: Range<Int>, kind: Kind) {
            start = Int32(truncatingIfNeeded: range.lowerBound)
            end = Int32(truncatingIfNeeded: range.upperBound)
            self.kind = kind
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

    private static let keys: [[UInt8]: Key] = {
        var table: [[UInt8]: Key] = [:]
        for (name, key) in [("seq", Key.seq), ("id", .id), ("type", .type), ("recorded", .recorded), ("by", .by),
                            ("source", .source), ("note", .note), ("prev", .prev)] {
            table[Array(name.utf8)] = key
        }
        for name in FieldName.allCases { table[Array(name.key.utf8)] = .field(name) }
        return table
    }()

    /// Whether `b[range]` holds exactly the bytes of `word`.
    @inline(__always)
    static func bytes(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, equal word: StaticString) -> Bool {
        guard word.utf8CodeUnitCount == range.count else { return false }
        let p = word.utf8Start
        for k in 0..<range.count where p[k] != b[range.lowerBound + k] { return false }
        return true
    }

    /// The key whose bytes are `b[range]`, if it is one.
    private static func key(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Key? {
        // Keys are short: match on length and first byte before comparing bytes.
        @inline(__always) func equals(_ word: StaticString) -> Bool { bytes(b, range, equal: word) }
        switch b[range.lowerBound] {
        case UInt8(ascii: "s"):
            if equals("seq") { return .seq }
            if equals("source") { return .source }
            if equals("scope") { return .field(.scope) }
            if equals("successor") { return .field(.successor) }
            if equals("set") { return .field(.set) }
        case UInt8(ascii: "i"):
            if equals("id") { return .id }
            if equals("into") { return .field(.into) }
        case UInt8(ascii: "t"):
            if equals("type") { return .type }
            if equals("title") { return .field(.title) }
            if equals("target") { return .field(.target) }
        case UInt8(ascii: "r"):
            if equals("recorded") { return .recorded }
            if equals("role") { return .field(.role) }
            if equals("rules") { return .field(.rules) }
            if equals("reason") { return .field(.reason) }
        case UInt8(ascii: "b"):
            if equals("by") { return .by }
            if equals("badge") { return .field(.badge) }
        case UInt8(ascii: "n"):
            if equals("note") { return .note }
            if equals("network") { return .field(.network) }
            if equals("name") { return .field(.name) }
        case UInt8(ascii: "p"):
            if equals("prev") { return .prev }
            if equals("population") { return .field(.population) }
        case UInt8(ascii: "m"):
            if equals("member") { return .field(.member) }
            if equals("milestone") { return .field(.milestone) }
            if equals("managedBy") { return .field(.managedBy) }
        case UInt8(ascii: "d"):
            if equals("date") { return .field(.date) }
            if equals("description") { return .field(.description) }
        default:
            break
        }
        // The rest (format, kind, founded, url, country, applies, every, cohort) are rare.
        return keys[Array(UnsafeBufferPointer(rebasing: b[range]))]
    }

    /// The keys and values of a plain line, as byte ranges, before any field is checked.
    struct Scanned {
        /// seq, id, type, recorded, by, source, note, prev.
        var envelope = InlineArray<8, Raw?>(repeating: nil)
        /// The types' own fields, by `FieldName`.
        var fields = InlineArray<26, Raw?>(repeating: nil)
        /// The `FieldName`s present, as a bit set.
        var seen: UInt32 = 0
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
    /// not plain.
    static func scan(_ b: UnsafeBufferPointer<UInt8>, into line: inout Scanned) -> Bool {
        let n = b.count
        guard n >= 2, n < Int(Int32.max), b[0] == UInt8(ascii: "{"), b[n - 1] == UInt8(ascii: "}") else { return false }
        var i = 1
        if b[i] == UInt8(ascii: "}") { return false }
        while true {
            // "key":
            guard b[i] == UInt8(ascii: "\"") else { return false }
            let keyStart = i + 1
            // A key is ASCII with no escape: it ends at the first quote, backslash, control
            // or non-ASCII byte, which must be a quote.
            let j = keyStart + byte_scan_string_stop(b.baseAddress! + keyStart, n - keyStart, 1)
            guard j + 2 < n, j > keyStart, b[j] == UInt8(ascii: "\""), b[j + 1] == UInt8(ascii: ":") else { return false }
            guard let key = key(b, keyStart..<j) else { return false }
            i = j + 2
            // value
            let raw: Raw
            if b[i] == UInt8(ascii: "\"") {
                guard let (end, escaped) = scanString(b, from: i + 1) else { return false }
                raw = Raw(range: i + 1..<end, kind: escaped ? .escaped : .string)
                i = end + 1
            } else if b[i] &- UInt8(ascii: "0") < 10 {
                let start = i
                while i < n && b[i] &- UInt8(ascii: "0") < 10 { i += 1 }
                if b[start] == UInt8(ascii: "0") && i - start > 1 { return false }
                raw = Raw(range: start..<i, kind: .number)
            } else {
                return false
            }
            switch key {
            case .seq: guard put(&line.envelope, 0, raw) else { return false }
            case .id: guard put(&line.envelope, 1, raw) else { return false }
            case .type: guard put(&line.envelope, 2, raw) else { return false }
            case .recorded: guard put(&line.envelope, 3, raw) else { return false }
            case .by: guard put(&line.envelope, 4, raw) else { return false }
            case .source: guard put(&line.envelope, 5, raw) else { return false }
            case .note: guard put(&line.envelope, 6, raw) else { return false }
            case .prev: guard put(&line.envelope, 7, raw) else { return false }
            case .field(let name):
                let bit: UInt32 = 1 << UInt32(name.rawValue)
                guard line.seen & bit == 0 else { return false }
                line.seen |= bit
                line.fields[name.rawValue] = raw
            }
            guard i < n else { return false }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            guard b[i] == UInt8(ascii: "}"), i == n - 1 else { return false }
            return true
        }
    }

    private static func put(_ envelope: inout InlineArray<8, Raw?>, _ index: Int, _ raw: Raw) -> Bool {
        guard envelope[index] == nil else { return false }
        envelope[index] = raw
        return true
    }

    /// The index of the closing quote of a string whose content starts at `start`, and
    /// whether it holds escapes, when the content has no raw control character, is valid
    /// UTF-8 and every escape is a valid JSON escape other than a surrogate's; nil otherwise.
    private static func scanString(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, escaped: Bool)? {
        let n = b.count
        let base = b.baseAddress!
        // Up to the first quote, backslash, control or non-ASCII byte, sixteen bytes at a time:
        // most strings end there (returned at once: the loop below would say the same, with
        // a percent more instructions over a whole replay).
        var i = start + byte_scan_string_stop(base + start, n - start, 1)
        if i < n && b[i] == UInt8(ascii: "\"") { return (i, false) }
        var ascii = true, escaped = false
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "\"") { break }
            if c < 0x20 { return nil }
            if c == UInt8(ascii: "\\") {
                guard i + 1 < n else { return nil }
                switch b[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    // Surrogates (alone or in pairs) are left to the general decoder.
                    guard i + 5 < n, let v = hex4(b, i + 2), !(0xD800...0xDFFF).contains(v) else { return nil }
                    i += 6
                default:
                    return nil
                }
                escaped = true
            } else {
                if c >= 0x80 { ascii = false }
                i += 1
            }
            // On to the next byte that matters (non-ASCII ones only until one is seen: the
            // string is then checked as UTF-8 whole, below).
            i += byte_scan_string_stop(base + i, n - i, ascii ? 1 : 0)
        }
        guard i < n else { return nil }
        if !ascii, !UTF8Check.isValid(UnsafeBufferPointer(rebasing: b[start..<i])) { return nil }
        return (i, escaped)
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
        case .number: nil
        }
    }

    /// Whether `freeText` would read the value, without making its `String`.
    private static func isFreeText(_ b: UnsafeBufferPointer<UInt8>, _ raw: Raw) -> Bool {
        switch raw.kind {
        case .string: FactDecoder.isText(b, raw.range)
        case .escaped: FactDecoder.escapedText(b, raw.range) != nil
        case .number: false
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
        guard let typeRaw = line.envelope[2], typeRaw.isString, let type = eventType(b, typeRaw.range) else { return nil }
        let schema = schemas[type.ordinal]
        guard line.seen & ~schema.allowed == 0, line.seen & schema.required == schema.required else { return nil }

        var seq = 0
        var recorded: Timestamp?
        var prev: SHA256Digest?
        switch mode {
        case .stored:
            guard let seqRaw = line.envelope[0], let value = integer(b, seqRaw),
                  let recordedRaw = line.envelope[3], recordedRaw.isString, let prevRaw = line.envelope[7], prevRaw.isString,
                  line.envelope[1] != nil else { return nil }
            guard value >= 1 else { return nil }
            seq = Int(value)
            guard let t = Timestamp.parseRecorded(UnsafeBufferPointer(rebasing: b[recordedRaw.range])),
                  let d = SHA256Digest(hex: UnsafeBufferPointer(rebasing: b[prevRaw.range])) else { return nil }
            recorded = t
            prev = d
        case .input:
            guard line.envelope[0] == nil, line.envelope[3] == nil, line.envelope[7] == nil else { return nil }
        }
        let id: EventID
        if let idRaw = line.envelope[1] {
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
            if let r = line.envelope[4] { guard let text = freeText(b, r) else { return nil }; by = text }
            if let r = line.envelope[5] { guard let text = freeText(b, r) else { return nil }; source = text }
            if let r = line.envelope[6] { guard let text = freeText(b, r) else { return nil }; note = text }
        } else {
            for k in 4...6 {
                if let r = line.envelope[k] { guard isFreeText(b, r) else { return nil } }
            }
        }

        // Starts and life events, most of a log, are read straight into their payload.
        if let payload = commitment(b, &line, schema: schema, type: type, slugs: slugs) {
            guard let payload else { return nil }
            return Event(seq: seq, id: id, recorded: recorded, by: by, payload: payload,
                         source: source, note: note, prev: prev)
        }

        var values = FieldValues()
        var bits = line.seen
        while bits != 0 {
            let index = bits.trailingZeroBitCount
            bits &= bits - 1
            guard let r = line.fields[index], let kind = schema.kinds[index], let name = FieldName(rawValue: index) else { return nil }
            switch kind {
            case .integer(let range):
                guard let value = integer(b, r), range.contains(value) else { return nil }
                values[name] = .number(String(value))
            case .rules, .every, .corrections:
                return nil
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
        guard let m = line.fields[FieldName.member.rawValue], let n = line.fields[FieldName.network.rawValue],
              let d = line.fields[FieldName.date.rawValue], m.isString, n.isString, d.isString else { return .some(nil) }
        let memberBytes = UnsafeBufferPointer(rebasing: b[m.range])
        let networkBytes = UnsafeBufferPointer(rebasing: b[n.range])
        guard FactDecoder.isSlug(memberBytes), FactDecoder.isSlug(networkBytes),
              let (earliest, latest) = try? EDTFDate.parseSpan(UnsafeBufferPointer(rebasing: b[d.range])) else { return .some(nil) }
        var detail: String?
        if let field = CommitmentEvent.detailField(of: type), let r = line.fields[field.name.rawValue] {
            guard let kind = schema.kinds[field.name.rawValue], let text = checkedString(b, r, kind) else { return .some(nil) }
            detail = text
        }
        let memberKey = Interner.hash(memberBytes), networkKey = Interner.hash(networkBytes)
        let memberText = slugs?.pointee.string(memberBytes, key: memberKey) ?? string(b, m)
        let networkText = slugs?.pointee.string(networkBytes, key: networkKey) ?? string(b, n)
        let event = CommitmentEvent(member: MemberID(unsafeKey: memberKey, memberText),
                                    network: NetworkID(unsafeKey: networkKey, networkText),
                                    date: EDTFDate(text: string(b, d), earliest: earliest, latest: latest),
                                    detail: detail)
        return .some(Payload(type: type, commitment: event))
    }
}
