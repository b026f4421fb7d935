import Dispatch

/// A `FactLog` in binary, for replay snapshots: read back with no JSON parsing, no
/// validation of fields (a snapshot's body is checked against its checksum and its log
/// position first) and no sorting of strings.
///
/// | part | encoding |
/// |---|---|
/// | facts | varint count, then each fact in `factSize` bytes, little-endian: type u8, flags u8, seq i32, earliest i32, latest i32, date i32, member i32, network i32, into i32, detail i32, recorded i64, id hash u64, reference i32, line start i64 |
/// | strings | varint count, varint arena length, the arena, then per string its start and length (i32 each) |
/// | reference events | varint byte length, then `ReplayCodec`'s encoding of the events |
///
/// Every handle, reference and type is checked when read back; anything out of range makes
/// the whole body unreadable (nil), never a wrong replay.
extension FactLog {
    static let factSize = 62

    /// The log, encoded.
    func encoded() -> [UInt8] {
        var out = ByteWriter()
        out.bytes.reserveCapacity(facts.count * FactLog.factSize + names.count * 24 + reference.count * 160)
        out.varint(UInt64(facts.count))
        let starts = lineStarts ?? []
        for (index, fact) in facts.enumerated() {
            out.u8(fact.type.code)
            out.u8(fact.flags)
            // One call per value, not a loop over an array literal: an array per fact.
            out.le32(fact.seq)
            out.le32(fact.earliest)
            out.le32(fact.latest)
            out.le32(fact.date)
            out.le32(fact.member)
            out.le32(fact.network)
            out.le32(fact.into)
            out.le32(fact.detail)
            out.le64(UInt64(bitPattern: fact.recorded))
            out.le64(fact.idHash)
            out.le32(fact.reference)
            out.le64(UInt64(index < starts.count ? starts[index] : -1))
        }
        names.encode(into: &out)
        let events = ReplayCodec.encode(reference)
        out.varint(UInt64(events.count))
        out.bytes.append(contentsOf: events)
        return out.bytes
    }

    /// The log read back; nil unless the bytes are exactly a well-formed encoding of a log
    /// whose facts are numbered 1…`count`.
    static func decoded(_ bytes: ArraySlice<UInt8>, count expected: Int) -> FactLog? {
        var input = ByteReader(bytes)
        guard let count = input.count(), count == expected, let raw = input.take(count * factSize) else { return nil }
        var log = FactLog()
        guard let names = Interner.decoded(&input) else { return nil }
        log.names = names
        guard let length = input.count(), let events = input.take(length), input.atEnd else { return nil }
        var eventCount = 0
        var peek = ByteReader(events)
        while !peek.atEnd {
            guard let n = peek.count(), let size = peek.count(), peek.take(size) != nil else { return nil }
            eventCount += n
        }
        guard let reference = ReplayCodec.decode(events, count: eventCount, consecutive: false) else { return nil }
        log.reference = reference
        var facts: [Fact] = []
        facts.reserveCapacity(count)
        var starts: [Int] = []
        starts.reserveCapacity(count)
        let strings = Int32(names.count), references = Int32(reference.count)
        let ok = raw.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Bool in
            var at = 0
            func i32() -> Int32 { defer { at += 4 }; return Int32(littleEndian: buffer.loadUnaligned(fromByteOffset: at, as: Int32.self)) }
            func u64() -> UInt64 { defer { at += 8 }; return UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
            for index in 0..<count {
                guard let type = EventType(code: buffer[at]) else { return false }
                var fact = Fact(type: type, seq: 0)
                fact.flags = buffer[at + 1]
                at += 2
                fact.seq = i32()
                fact.earliest = i32()
                fact.latest = i32()
                fact.date = i32()
                fact.member = i32()
                fact.network = i32()
                fact.into = i32()
                fact.detail = i32()
                fact.recorded = Int64(bitPattern: u64())
                fact.idHash = u64()
                fact.reference = i32()
                let start = Int(Int64(bitPattern: u64()))
                guard Int(fact.seq) == index + 1, fact.earliest <= fact.latest else { return false }
                for handle in [fact.date, fact.member, fact.network, fact.into, fact.detail]
                    where handle < Interner.none || handle >= strings { return false }
                guard fact.reference >= -1, fact.reference < references, start >= 0 else { return false }
                facts.append(fact)
                starts.append(start)
            }
            return true
        }
        guard ok else { return nil }
        log.facts = facts
        log.lineStarts = starts
        return log
    }
}

extension Interner {
    package func encode(into out: inout ByteWriter) {
        out.varint(UInt64(count))
        var arena: [UInt8] = []
        var spans: [(Int32, Int32)] = []
        for handle in 0..<Int32(count) {
            withBytes(handle) { bytes in
                spans.append((Int32(arena.count), Int32(bytes.count)))
                arena.append(contentsOf: bytes)
            }
        }
        out.varint(UInt64(arena.count))
        out.bytes.append(contentsOf: arena)
        for (start, length) in spans {
            out.le32(start)
            out.le32(length)
        }
    }

    /// The strings written by `encode`, interned again in the same order (so the handles are
    /// the same); nil when malformed or when a string repeats.
    package static func decoded(_ input: inout ByteReader) -> Interner? {
        guard let count = input.count(), let length = input.count(), let arena = input.take(length),
              let spans = input.take(count * 8) else { return nil }
        return arena.withUnsafeBytes { arena in
            spans.withUnsafeBytes { spans in
                Interner(arena: arena, count: count) {
                    (Int(Int32(littleEndian: spans.loadUnaligned(fromByteOffset: $0 * 8, as: Int32.self))),
                     Int(Int32(littleEndian: spans.loadUnaligned(fromByteOffset: $0 * 8 + 4, as: Int32.self))))
                }
            }
        }
    }
}

/// The strings an `Interner` encoded, read in place and not interned: a string is looked
/// up by its text (`find`, `handles(of:)`) only when asked, rather than every one hashed
/// into a table up front.
package struct EncodedStrings: @unchecked Sendable {
    package let count: Int
    /// Both point into `owner`'s bytes.
    private let arena: UnsafeRawBufferPointer
    private let spans: UnsafeRawBufferPointer
    private let owner: PinnedBytes

    /// The strings at `input` (which moves past them) in `owner`'s bytes; nil when their
    /// sizes do not fit or a span leaves the arena.
    package static func read(_ input: inout RawReader, in owner: PinnedBytes) -> EncodedStrings? {
        guard let count = input.count(), let length = input.count(), let arena = input.take(length),
              let spans = input.take(count * 8) else { return nil }
        let strings = EncodedStrings(count: count, arena: arena, spans: spans, owner: owner)
        for k in 0..<count {
            let (start, length) = strings.span(k)
            guard start >= 0, length >= 0, start <= arena.count - length else { return nil }
        }
        return strings
    }

    private func span(_ k: Int) -> (start: Int, length: Int) {
        (Int(Int32(littleEndian: spans.loadUnaligned(fromByteOffset: k * 8, as: Int32.self))),
         Int(Int32(littleEndian: spans.loadUnaligned(fromByteOffset: k * 8 + 4, as: Int32.self))))
    }

    /// The bytes of string `k` (`0..<count`).
    package func bytes(_ k: Int) -> UnsafeRawBufferPointer {
        let (start, length) = span(k)
        return UnsafeRawBufferPointer(rebasing: arena[start..<start + length])
    }

    /// The handle of the first string whose bytes are `text`'s, by a scan of them all: for
    /// the slug or two a command looks up.
    package func find(_ text: String) -> Int32? {
        handles(of: [text])[text]
    }

    /// The handle of the first string that is each of `texts`, for those there are; in one
    /// pass over the strings, comparing bytes only where the lengths match.
    package func handles(of texts: Set<String>) -> [String: Int32] {
        let longest = texts.map(\.utf8.count).max() ?? 0
        var byLength = [[(bytes: [UInt8], text: String)]](repeating: [], count: longest + 1)
        for text in texts { byLength[text.utf8.count].append((Array(text.utf8), text)) }
        var found: [String: Int32] = [:]
        for k in 0..<count where found.count < texts.count {
            let (start, length) = span(k)
            guard length <= longest, !byLength[length].isEmpty else { continue }
            let string = UnsafeRawBufferPointer(rebasing: arena[start..<start + length])
            for candidate in byLength[length] where found[candidate.text] == nil && string.elementsEqual(candidate.bytes) {
                found[candidate.text] = Int32(k)
            }
        }
        return found
    }

    /// Every string as a `String`, by handle, made in pieces by the calling thread and any
    /// core that is free (one that is hashing the snapshot's seal joins once it is done).
    package func strings() -> [String] {
        let piece = 4096, pieces = (count + piece - 1) / piece
        return [String](unsafeUninitializedCapacity: count) { buffer, initialized in
            nonisolated(unsafe) let buffer = buffer
            let strings = self
            DispatchQueue.concurrentPerform(iterations: pieces) { p in
                for k in p * piece..<min(strings.count, (p + 1) * piece) {
                    (buffer.baseAddress! + k).initialize(to: String(decoding: strings.bytes(k).assumingMemoryBound(to: UInt8.self), as: UTF8.self))
                }
            }
            initialized = count
        }
    }

    /// Writes them back as `Interner.encode` wrote them.
    package func encode(into out: inout ByteWriter) {
        out.varint(UInt64(count))
        out.varint(UInt64(arena.count))
        out.bytes.append(contentsOf: arena)
        out.bytes.append(contentsOf: spans)
    }
}

extension ByteWriter {
    package mutating func le32(_ value: Int32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func le64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

extension EventType {
    /// The type of a `code`, if it is one.
    package init?(code: UInt8) {
        guard Int(code) < EventType.allCases.count else { return nil }
        self = EventType.allCases[Int(code)]
    }
}
