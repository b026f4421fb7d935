/// The validation state as JSON lines, for the writer's snapshot (`IndexCache`).
/// One array per line: `["id", id, seq, type, content, retracted]`, `["member", slug]`,
/// `["network", slug]`, `["mark", where, key, seq, type, earliest, latest, into|null, network|null]`.
extension LedgerIndex {
    func serializedLines() -> [JSONValue] {
        var lines: [JSONValue] = []
        lines.reserveCapacity(ids.count * 2)
        func s(_ text: String) -> JSONValue { .string(text) }
        func n(_ value: Int) -> JSONValue { .number(String(value)) }
        for (id, entry) in ids.sorted(by: { $0.value.seq < $1.value.seq }) {
            lines.append(.array([s("id"), s(id.rawValue), n(entry.seq), s(entry.type.rawValue), s(entry.content.hex),
                                 .bool(entry.retracted)]))
        }
        for m in members.sorted() { lines.append(.array([s("member"), s(m.rawValue)])) }
        for x in networks.sorted() { lines.append(.array([s("network"), s(x.rawValue)])) }
        func marks(_ place: String, _ key: String, _ list: [Mark]) {
            for mark in list {
                lines.append(.array([s("mark"), s(place), s(key), n(mark.seq), s(mark.type.rawValue),
                                     n(Int(mark.earliest.ordinal)), n(Int(mark.latest.ordinal)),
                                     mark.into.map { s($0.rawValue) } ?? .null,
                                     mark.network.map { s($0.rawValue) } ?? .null]))
            }
        }
        for (network, list) in endings { marks("ending", network.rawValue, list) }
        for (network, list) in mergersInto { marks("into", network.rawValue, list) }
        for (pair, list) in pairs { marks("pair", pair.member.rawValue + " " + pair.network.rawValue, list) }
        return lines
    }

    /// Folds one serialized line back in; false when it is not one of ours.
    mutating func restore(_ line: JSONValue) -> Bool {
        guard case .array(let items) = line, let kind = items.first?.stringValue else { return false }
        func str(_ i: Int) -> String? { i < items.count ? items[i].stringValue : nil }
        func int(_ i: Int) -> Int? { i < items.count ? items[i].int64Value.map(Int.init) : nil }
        switch kind {
        case "id":
            guard let id = str(1), let seq = int(2), let type = str(3).flatMap(EventType.init(rawValue:)),
                  let content = str(4).flatMap(SHA256Digest.init(hex:)), items.count == 6,
                  case .bool(let retracted) = items[5] else { return false }
            ids[EventID(id)] = Entry(seq: seq, type: type, content: content, retracted: retracted)
        case "member":
            guard let m = str(1) else { return false }
            members.insert(MemberID(m))
        case "network":
            guard let x = str(1) else { return false }
            networks.insert(NetworkID(x))
        case "mark":
            guard let place = str(1), let key = str(2), let seq = int(3),
                  let type = str(4).flatMap(EventType.init(rawValue:)),
                  let earliest = int(5), let latest = int(6), items.count == 9 else { return false }
            let mark = Mark(seq: seq, type: type, earliest: Day(ordinal: Int32(earliest)), latest: Day(ordinal: Int32(latest)),
                            into: str(7).map(NetworkID.init), network: str(8).map(NetworkID.init))
            switch place {
            case "ending": endings[NetworkID(key), default: []].append(mark)
            case "into": mergersInto[NetworkID(key), default: []].append(mark)
            case "pair":
                let parts = key.split(separator: " ")
                guard parts.count == 2 else { return false }
                pairs[Pair(MemberID(String(parts[0])), NetworkID(String(parts[1]))), default: []].append(mark)
            default: return false
            }
        default:
            return false
        }
        return true
    }

    /// Restores the log position after the lines are read.
    mutating func restorePosition(seq: Int, lastRecorded: Timestamp?) {
        self.seq = seq
        self.lastRecorded = lastRecorded
    }
}
