import ByteScan

/// Decodes a stored line straight into a `Fact`: for the high-volume types (starts, life
/// events, activities) in the plain form, every field is checked on the bytes, as the event
/// decoder would check it, and the strings are interned without creating a `String`. Any
/// other line goes through the event decoder, and keeps its whole `Event`.
///
/// So the facts of a log are the same whichever way each line took (`FactDecoderTests`), and
/// a line the event decoder rejects is rejected here, with its message.
enum FactDecoder {
    /// The fact of one stored line; `reference` receives the whole event of a line that is
    /// not a start, a life event or an activity — nor, with `registrations`, a member's
    /// registration, whose fact is then all that is kept (a writer's cache needs no more: its
    /// slug and its line).
    /// With `pendingDates`, a plain date is left for `FactLog` to intern (`Fact.pendingDate`).
    static func decode(_ b: UnsafeBufferPointer<UInt8>, names: inout Interner, registrations: Bool = false,
                       pendingDates: Bool = false, reference: (Event) -> Int32) throws(EventError) -> Fact {
        // One scan serves both ways: a plain line of another type is built into its event
        // from the same scan; only a line that is not plain goes to the general decoder.
        var line = PlainLineDecoder.Scanned()
        let scanned = PlainLineDecoder.scan(b, into: &line)
        if scanned, let fact = plain(b, &line, names: &names, registrations: registrations, pendingDates: pendingDates) {
            return fact
        }
        let event: Event
        if scanned, let built = PlainLineDecoder.build(b, &line, mode: .stored) {
            event = built
        } else {
            event = try EventDecoder.decodeLine(b, mode: .stored)
        }
        var fact = Fact(event, names: &names)
        if FactLog.keepsEvent(event.type, registrationsAsFacts: registrations) { fact.reference = reference(event) }
        return fact
    }

    /// The fact of a scanned plain line of a start, life event or activity (or, with
    /// `registrations`, a member's registration); nil for anything else.
    static func plain(_ b: UnsafeBufferPointer<UInt8>, _ line: inout PlainLineDecoder.Scanned, names: inout Interner,
                      registrations: Bool = false, pendingDates: Bool = false) -> Fact? {
        guard let typeRaw = line.envelope(2), typeRaw.isString,
              let type = eventType(b, typeRaw.range, registrations: registrations) else { return nil }
        let t = type.ordinal
        guard line.seen & ~allowed[t] == 0, line.seen & required[t] == required[t] else { return nil }
        // The envelope of a stored line.
        guard let seqRaw = line.envelope(0), let seq = PlainLineDecoder.integer(b, seqRaw),
              let idRaw = line.envelope(1), idRaw.isString, isEventID(b, idRaw.range),
              let recordedRaw = line.envelope(3), recordedRaw.isString,
              let recorded = Timestamp.parseRecorded(UnsafeBufferPointer(rebasing: b[recordedRaw.range]))?.seconds,
              let prevRaw = line.envelope(7), prevRaw.isString,
              SHA256Digest.isHex(UnsafeBufferPointer(rebasing: b[prevRaw.range])) else { return nil }
        guard seq >= 1, seq <= Int64(Int32.max) else { return nil }
        for slot in 4...6 {
            guard let raw = line.envelope(slot) else { continue }
            guard isFreeText(b, raw) else { return nil }
        }

        var fact = Fact(type: type, seq: Int32(seq))
        fact.recorded = recorded
        fact.idHash = Interner.hash(UnsafeBufferPointer(rebasing: b[idRaw.range]))
        var bits = line.seen
        while bits != 0 {
            let index = bits.trailingZeroBitCount
            bits &= bits - 1
            guard let raw = line.field(index), let name = FieldName(rawValue: index) else { return nil }
            let slot = t &* fieldSlots &+ index
            let kind = kinds[slot]
            // Free text that the fact does not keep may hold escapes; a badge (kept, as a
            // handle) with escapes goes to the event decoder, and no other value may hold any.
            if raw.kind == .escaped {
                guard kind == Kind.text, name != .badge, escapedText(b, raw.range) != nil else { return nil }
                continue
            }
            if kind == Kind.integer {
                guard case .integer(let range)? = fieldKinds[slot], let value = PlainLineDecoder.integer(b, raw),
                      range.contains(value) else { return nil }
                continue
            }
            guard raw.isString else { return nil }
            let bytes = UnsafeBufferPointer(rebasing: b[raw.range])
            switch kind {
            case Kind.slug:
                guard isSlug(bytes) else { return nil }
            case Kind.text:
                guard isText(b, raw.range) else { return nil }
            case Kind.choice:
                guard case .choice(let words)? = fieldKinds[slot], words.contains(where: { $0.utf8.elementsEqual(bytes) }) else {
                    return nil
                }
                continue
            case Kind.country:
                guard PlainLineDecoder.isCountry(b, raw.range) else { return nil }
                continue
            case Kind.date:
                // Most dates are plain, and thousands of lines share each: not hashed here, nor
                // looked up among the log's strings when the piece is merged (`FactLog`).
                if pendingDates, let plain = EDTFDate.plainDate(bytes) {
                    fact.earliest = plain.earliest.ordinal
                    fact.latest = plain.latest.ordinal
                    fact.date = Fact.pendingDate(plain.number)
                    continue
                }
                guard let span = try? EDTFDate.parseSpan(bytes) else { return nil }
                fact.earliest = span.0.ordinal
                fact.latest = span.1.ordinal
                fact.date = names.intern(bytes)
                continue
            default:
                return nil
            }
            switch name {
            // A member's run of lines names it (and often its network) line after line.
            case .member: fact.member = names.intern(bytes, recent: 0)
            case .network: fact.network = names.intern(bytes, recent: 1)
            case .milestone, .badge: fact.detail = names.intern(bytes, recent: 2)
            default: break
            }
        }
        return fact
    }

    // The schemas of `PlainLineDecoder`, as flat tables by `EventType.ordinal`: read for
    // every line, where a dictionary by type hashed the type and copied its schema.

    /// The kinds of field this decoder reads; any other sends the line to the event decoder.
    private enum Kind {
        static let other: UInt8 = 0, slug: UInt8 = 1, text: UInt8 = 2, date: UInt8 = 3
        // A member's registration's kind, country and population.
        static let choice: UInt8 = 4, country: UInt8 = 5, integer: UInt8 = 6
    }
    private static let fieldSlots = 32
    private static let allowed: [UInt32] = PlainLineDecoder.schemas.map(\.allowed)
    private static let required: [UInt32] = PlainLineDecoder.schemas.map(\.required)
    /// Each field's kind, by type (`fieldSlots` per type).
    private static let fieldKinds: [FieldKind?] = PlainLineDecoder.schemas.flatMap { schema -> [FieldKind?] in
        (0..<fieldSlots).map { index in index < schema.kinds.count ? schema.kinds[index] : nil }
    }
    private static let kinds: [UInt8] = fieldKinds.map { kind in
        switch kind {
        case .slug?: Kind.slug
        case .text?: Kind.text
        case .date?: Kind.date
        case .choice?: Kind.choice
        case .country?: Kind.country
        case .integer?: Kind.integer
        default: Kind.other
        }
    }

    /// The types this decoder takes from the bytes (and, with `registrations`, `member`); the
    /// rest keep their whole event. The name is read as the general fast path reads it.
    private static func eventType(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, registrations: Bool) -> EventType? {
        guard let type = PlainLineDecoder.eventType(b, range) else { return nil }
        switch type {
        case .membership, .signature, .selection, .withdrawal, .suspension, .reinstatement, .milestone, .recognition, .activity:
            return type
        case .member:
            return registrations ? type : nil
        default:
            return nil
        }
    }

    // MARK: - The rules of TextRules, on bytes

    /// Whether the bytes are a slug: 1–64 of `[a-z0-9-]`, the first a letter or digit (eight
    /// at a time, the last eight read again where they overlap).
    static func isSlug(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        guard (1...64).contains(n), isLowerAlnum(b[0]) else { return false }
        guard n >= 8 else {
            for c in b where !(isLowerAlnum(c) || c == UInt8(ascii: "-")) { return false }
            return true
        }
        let base = UnsafeRawPointer(b.baseAddress!)
        var k = 0
        while k + 8 <= n {
            guard isSlugWord(base.loadUnaligned(fromByteOffset: k, as: UInt64.self)) else { return false }
            k += 8
        }
        return k == n || isSlugWord(base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
    }

    /// Whether each of the eight bytes of `word` is one of `[a-z0-9-]`. Below 0x80, a byte
    /// plus (0x80 - x) has its high bit set when it is at least x, with no carry into the
    /// next byte.
    @inline(__always)
    private static func isSlugWord(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs = ones &* 0x80
        let w = UInt64(littleEndian: word)
        guard w & highs == 0 else { return false }
        let letter = (w &+ ones &* 0x1F) & ~(w &+ ones &* 0x05)   // ≥ 'a', not > 'z'
        let digit = (w &+ ones &* 0x50) & ~(w &+ ones &* 0x46)    // ≥ '0', not > '9'
        let dash = ~((w ^ (ones &* 0x2D)) &+ ones &* 0x7F)        // == '-'
        return (letter | digit | dash) & highs == highs
    }

    /// Whether the bytes are an event id: 1–128 of `[A-Za-z0-9._:-]` (sixteen at a time).
    static func isEventID(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard (1...128).contains(range.count) else { return false }
        return byte_scan_id_stop(b.baseAddress! + range.lowerBound, range.count) == range.count
    }

    /// Free text whose bytes are valid UTF-8 without raw characters below U+0020 (the scanner
    /// has checked both): at most 2,000 bytes, no U+007F, no U+0080–U+009F.
    static func isText(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count <= TextRules.maxTextBytes else { return false }
        // Only a byte 0x7F or 0xC2 (the lead byte of U+0080–U+00BF) needs a look, found
        // sixteen bytes at a time.
        let base = b.baseAddress!
        var k = range.lowerBound
        while true {
            k += byte_scan_text_stop(base + k, range.upperBound - k)
            if k >= range.upperBound { return true }
            guard isTextByte(b, k, range.upperBound) else { return false }
            k += 1
        }
    }

    /// Whether the byte at `k` (of a string ending at `end`, valid UTF-8) is neither U+007F
    /// nor the start of U+0080–U+009F.
    @inline(__always)
    private static func isTextByte(_ b: UnsafeBufferPointer<UInt8>, _ k: Int, _ end: Int) -> Bool {
        let c = b[k]
        return c != 0x7F && !(c == 0xC2 && k + 1 < end && b[k + 1] >= 0x80 && b[k + 1] <= 0x9F)
    }

    /// Whether a string value is free text by the rules of `TextRules`, escapes read.
    static func isFreeText(_ b: UnsafeBufferPointer<UInt8>, _ raw: PlainLineDecoder.Raw) -> Bool {
        switch raw.kind {
        case .string: isText(b, raw.range)
        case .escaped: escapedText(b, raw.range) != nil
        case .number, .nested: false
        }
    }

    /// The text a string with escapes stands for (the scan has checked that each escape is a
    /// valid JSON escape other than a surrogate's, and that the rest is UTF-8 without raw
    /// controls), as UTF-8, when it keeps the rules of `TextRules`: at most 2,000 bytes, no
    /// control character but tab, written or escaped. Nil otherwise (`\b`, `\f`, `\n`, `\r`,
    /// `\u0000`…), for the general decoder to word.
    static func escapedText(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var k = range.lowerBound
        while k < range.upperBound {
            let c = b[k]
            guard c == UInt8(ascii: "\\") else {
                if c == 0x7F { return nil }
                if c == 0xC2 && k + 1 < range.upperBound && b[k + 1] >= 0x80 && b[k + 1] <= 0x9F { return nil }
                out.append(c)
                k += 1
                continue
            }
            let v: UInt32
            switch b[k + 1] {
            case UInt8(ascii: "\""): v = 0x22
            case UInt8(ascii: "\\"): v = 0x5C
            case UInt8(ascii: "/"): v = 0x2F
            case UInt8(ascii: "t"): v = 0x09
            case UInt8(ascii: "u"):
                guard let h = PlainLineDecoder.hex4(b, k + 2) else { return nil }
                v = h
                k += 4
            default:
                return nil
            }
            k += 2
            guard !TextRules.isForbiddenControl(v), let scalar = Unicode.Scalar(v) else { return nil }
            out.append(contentsOf: UTF8.encode(scalar)!)
        }
        return out.count <= TextRules.maxTextBytes ? out : nil
    }

    private static func isLowerAlnum(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) }
}
