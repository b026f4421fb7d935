/// The validation state in a compact binary form, for the writer's snapshot (`IndexCache`).
///
/// Records, each starting with a tag byte:
/// `1` id: string, seq u32, type u8, retracted u8;
/// `2` member: string, seq u32 (its registration line);
/// `3` network: string, seq u32, `founded` as an optional string;
/// `4` mark: place u8 (0 a network's ending, 2 a member's event), key string (the network
/// or the member), seq u32, type u8, earliest i32, latest i32, into and network as
/// optional strings;
/// `5` references: kind u8 (0 member, 1 network), slug string, count u32, then the lines (u32);
/// `6` corrections: the corrected line u32, count u32, then the correcting lines (u32).
/// Ids are written in log order, endings and each member's events in §4 order.
/// Strings are a u16 length and UTF-8 bytes; integers little-endian. What can be derived
/// (endings by network, members by network) is rebuilt on reading.
extension LedgerIndex {
    func serialized() -> [UInt8] {
        var out = ByteWriter()
        out.bytes.reserveCapacity(ids.count * 48)
        for (id, entry) in ids.sorted(by: { $0.value.seq < $1.value.seq }) {
            out.u8(1); out.string(id.rawValue); out.u32(entry.seq); out.u8(entry.type.code)
            out.u8(entry.retracted ? 1 : 0)
        }
        for (m, seq) in members.sorted(by: { $0.key < $1.key }) { out.u8(2); out.string(m.rawValue); out.u32(seq) }
        for (n, registration) in networks.sorted(by: { $0.key < $1.key }) {
            out.u8(3); out.string(n.rawValue); out.u32(registration.seq); out.optionalString(registration.founded?.text)
        }
        func write(_ place: UInt8, _ key: String, _ list: [Mark]) {
            for mark in list {
                out.u8(4); out.u8(place); out.string(key)
                out.u32(mark.seq); out.u8(mark.type.code)
                out.i32(mark.earliest.ordinal); out.i32(mark.latest.ordinal)
                out.optionalString(mark.into?.rawValue); out.optionalString(mark.network?.rawValue)
            }
        }
        for mark in allEndings { write(0, mark.network!.rawValue, [mark]) }
        for (member, list) in marks { write(2, member.rawValue, list) }
        func references(_ kind: UInt8, _ slug: String, _ lines: [Int]) {
            out.u8(5); out.u8(kind); out.string(slug); out.u32(lines.count)
            for line in lines { out.u32(line) }
        }
        for (m, lines) in memberReferences { references(0, m.rawValue, lines) }
        for (n, lines) in networkReferences { references(1, n.rawValue, lines) }
        for (target, lines) in corrections.sorted(by: { $0.key < $1.key }) {
            out.u8(6); out.u32(target); out.u32(lines.count)
            for line in lines { out.u32(line) }
        }
        return out.bytes
    }

    /// The state read back; nil when the bytes are not a well-formed serialization.
    static func deserialized(_ bytes: ArraySlice<UInt8>, ids count: Int) -> LedgerIndex? {
        var index = LedgerIndex()
        index.ids.reserveCapacity(count)
        var input = ByteReader(bytes)
        func lines(_ input: inout ByteReader) -> [Int]? {
            guard let n = input.u32(), n <= input.remaining / 4 else { return nil }
            var list: [Int] = []
            list.reserveCapacity(n)
            for _ in 0..<n {
                guard let line = input.u32() else { return nil }
                list.append(line)
            }
            return list
        }
        while !input.atEnd {
            guard let tag = input.u8() else { return nil }
            switch tag {
            case 1:
                guard let id = input.string(), let seq = input.u32(), let type = input.type(),
                      let retracted = input.u8() else { return nil }
                index.ids[EventID(id)] = Entry(seq: seq, type: type, retracted: retracted == 1)
                index.lastSeq = max(index.lastSeq, seq)
            case 2:
                guard let m = input.string(), let seq = input.u32() else { return nil }
                index.members[MemberID(m)] = seq
            case 3:
                guard let n = input.string(), let seq = input.u32(), let founded = input.optionalString() else { return nil }
                var date: EDTFDate?
                if let founded {
                    guard let parsed = try? EDTFDate.parse(founded) else { return nil }
                    date = parsed
                }
                index.networks[NetworkID(n)] = NetworkRegistration(seq: seq, founded: date)
            case 4:
                guard let place = input.u8(), let key = input.string(), let seq = input.u32(),
                      let type = input.type(), let earliest = input.i32(), let latest = input.i32(),
                      let into = input.optionalString(), let network = input.optionalString(),
                      network != nil else { return nil }
                let mark = Mark(seq: seq, type: type, earliest: Day(ordinal: earliest), latest: Day(ordinal: latest),
                                into: into.map(NetworkID.init), network: network.map(NetworkID.init))
                switch place {
                case 0: index.allEndings.append(mark)
                case 2: index.marks[MemberID(key), default: []].append(mark)
                default: return nil
                }
            case 5:
                guard let kind = input.u8(), let slug = input.string(), let list = lines(&input) else { return nil }
                switch kind {
                case 0: index.memberReferences[MemberID(slug)] = list
                case 1: index.networkReferences[NetworkID(slug)] = list
                default: return nil
                }
            case 6:
                guard let target = input.u32(), let list = lines(&input) else { return nil }
                index.corrections[target] = list
            default:
                return nil
            }
        }
        index.rebuildDerived()
        return index
    }

    /// Restores the last `recorded` time after the state is read.
    mutating func restoreLastRecorded(_ lastRecorded: Timestamp?) {
        self.lastRecorded = lastRecorded
    }
}

extension EventType {
    /// A stable one-byte code: the position in `allCases`.
    var code: UInt8 { UInt8(EventType.allCases.firstIndex(of: self)!) }
}

/// Little-endian binary writing.
struct ByteWriter {
    var bytes: [UInt8] = []
    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func i32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func string(_ s: String) {
        let utf8 = s.utf8
        withUnsafeBytes(of: UInt16(truncatingIfNeeded: utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: utf8)
    }
    mutating func optionalString(_ s: String?) {
        if let s { u8(1); string(s) } else { u8(0) }
    }
}

/// Little-endian binary reading that never traps: nil past the end.
struct ByteReader {
    private let bytes: ArraySlice<UInt8>
    private var position: Int
    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }
    var atEnd: Bool { position >= bytes.endIndex }
    var remaining: Int { bytes.endIndex - position }

    mutating func take(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, bytes.endIndex - position >= n else { return nil }
        defer { position += n }
        return bytes[position..<position + n]
    }
    mutating func u8() -> UInt8? { take(1)?.first }
    mutating func u32() -> Int? {
        guard let b = take(4) else { return nil }
        return b.reversed().reduce(0) { $0 << 8 | Int($1) }
    }
    mutating func i32() -> Int32? { u32().map { Int32(truncatingIfNeeded: UInt32($0)) } }
    mutating func string() -> String? {
        guard let b = take(2) else { return nil }
        let count = Int(b[b.startIndex]) | Int(b[b.startIndex + 1]) << 8
        guard let text = take(count) else { return nil }
        return String(validating: text, as: UTF8.self)
    }
    mutating func optionalString() -> String?? {
        guard let flag = u8() else { return nil }
        if flag == 0 { return .some(nil) }
        guard flag == 1, let s = string() else { return nil }
        return .some(s)
    }
    mutating func type() -> EventType? {
        guard let code = u8(), Int(code) < EventType.allCases.count else { return nil }
        return EventType.allCases[Int(code)]
    }
}
