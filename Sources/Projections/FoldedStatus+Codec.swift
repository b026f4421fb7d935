import Ledger

/// `FoldedStatus` in binary: the status part of a replay snapshot (`ReplaySnapshot`), sealed
/// and checked against the log there, read back here with no fold and no sort.
///
/// | part | encoding |
/// |---|---|
/// | strings | as in the events part: varint count, varint arena length, the arena, then per string its start and length (i32 each) |
/// | dates | varint count d: the strings 0..<d are dates as written; then each one's earliest and latest days (i32 ordinals) |
/// | members, networks | each: varint count, then the handles (i32) |
/// | policies | varint count of networks; per network its handle (i32) and varint count of policies; per policy: earliest, latest (day ordinals, i32), rank (u8), seq (varint), standard (u8), badge (u8 0/1, then text), rules (varint count; per rule: milestone text, then u8 0 and varint months, or u8 1 and the date as text), every (varint count; per item: milestone text, varint months, after: u8 0/1 then text) |
/// | commitments | varint count, then `entrySize` bytes each: member, network, origin, via (0 for a merger, else the start type's code + 1), begins, start date, settles, change count (i32 each); each one's changes follow the previous one's |
/// | changes | varint count, then `changeSize` bytes each: kind × 2²⁸ + detail + 1, then date (i32 each) |
///
/// Integers are little-endian. Every handle, count, kind and range is checked when read back;
/// anything out of place makes the whole part unreadable (nil), never a wrong row.
extension FoldedStatus {
    static let entrySize = 32
    static let changeSize = 8
    /// The days a ledger's dates can name (years 0000–9999): anything else in a part is
    /// damage, and date arithmetic on it could leave `Day`'s range.
    static let days = Day(year: 0, month: 1, day: 1)!.ordinal...Day(year: 9999, month: 12, day: 31)!.ordinal

    /// The folded status, encoded.
    func encoded() -> [UInt8] {
        var out = ByteWriter()
        out.bytes.reserveCapacity(table.entryCount * FoldedStatus.entrySize + table.changeCount * FoldedStatus.changeSize
                                  + names.count * 24)
        names.encode(into: &out)
        out.varint(UInt64(dates))
        for (earliest, latest) in table.days {
            out.le32(earliest)
            out.le32(latest)
        }
        for list in [members, networks] {
            out.varint(UInt64(list.count))
            for handle in list { out.le32(handle) }
        }
        let networks = policies.networks.sorted { $0.key < $1.key }
        out.varint(UInt64(networks.count))
        for (network, list) in networks {
            out.le32(network)
            out.varint(UInt64(list.count))
            for policy in list { FoldedStatus.encode(policy, names: names, into: &out) }
        }
        // The commitments and changes are held encoded already.
        out.varint(UInt64(table.entryCount))
        out.bytes.append(contentsOf: table.entryBytes)
        out.varint(UInt64(table.changeCount))
        out.bytes.append(contentsOf: table.changeBytes)
        return out.bytes
    }

    private static func encode(_ policy: Policy, names: Names, into out: inout ByteWriter) {
        out.le32(policy.order.earliest.ordinal)
        out.le32(policy.order.latest.ordinal)
        out.u8(UInt8(truncatingIfNeeded: policy.order.rank))
        out.varint(UInt64(policy.order.seq))
        out.u8(policy.isStandard ? 1 : 0)
        optional(policy.badge, into: &out)
        out.varint(UInt64(policy.rules.count))
        for rule in policy.rules {
            out.text(rule.milestone)
            switch rule.deadline {
            case .within(let months):
                out.u8(0)
                out.varint(UInt64(months))
            case .by(let date):
                out.u8(1)
                out.text(date.text)
            }
        }
        out.varint(UInt64(policy.every.count))
        for item in policy.every {
            out.text(item.milestone)
            out.varint(UInt64(item.months))
            optional(item.after >= 0 ? names.string(item.after) : nil, into: &out)
        }
    }

    private static func optional(_ text: String?, into out: inout ByteWriter) {
        if let text {
            out.u8(1)
            out.text(text)
        } else {
            out.u8(0)
        }
    }

    /// The folded status read back from a copy of `bytes`; nil unless they are exactly a
    /// well-formed encoding.
    static func decoded(_ bytes: ArraySlice<UInt8>) -> FoldedStatus? {
        decoded(PinnedBytes(copying: bytes))
    }

    /// The folded status read back from `bytes`, in place (it holds them); nil unless they
    /// are exactly a well-formed encoding.
    /// - Parameter literalsAhead: begin the strings' JSON literals on another thread as soon as
    ///   the strings are read, while the rest is checked (for rows written as JSON).
    static func decoded(_ bytes: PinnedBytes, literalsAhead: Bool = false) -> FoldedStatus? {
        var input = RawReader(bytes.raw)
        guard let names = EncodedStrings.read(&input, in: bytes) else { return nil }
        let literals = literalsAhead ? Deferred(ahead: true) { Names.encoded(names).literals() } : nil
        // Nothing is interned: the policies' milestones are found in one pass over the
        // strings, and a slug a command asks for by a scan.
        let strings = Int32(names.count)
        func handle(_ value: Int32) -> Bool { value >= 0 && value < strings }
        guard let dateCount = input.count(), dateCount <= names.count, let dateBytes = input.take(dateCount * 8) else { return nil }
        var dates: [(earliest: Int32, latest: Int32)] = []
        dates.reserveCapacity(dateCount)
        for k in 0..<dateCount {
            let earliest = int32(dateBytes, 2 * k), latest = int32(dateBytes, 2 * k + 1)
            guard days.contains(earliest), days.contains(latest), earliest <= latest else { return nil }
            dates.append((earliest, latest))
        }
        var lists: [[Int32]] = []
        for _ in 0..<2 {
            guard let count = input.count(), let raw = input.take(count * 4) else { return nil }
            let list = (0..<count).map { int32(raw, $0) }
            guard list.allSatisfy({ handle($0) }) else { return nil }
            lists.append(list)
        }
        guard let policyNetworks = input.count() else { return nil }
        var policies: [Int32: [Read]] = [:]
        for _ in 0..<policyNetworks {
            guard let raw = input.take(4), let count = input.count() else { return nil }
            let network = int32(raw, 0)
            guard handle(network), policies[network] == nil else { return nil }
            var list: [Read] = []
            for _ in 0..<count {
                guard let policy = FoldedStatus.policy(&input) else { return nil }
                list.append(policy)
            }
            policies[network] = list
        }
        // Each milestone a policy names gets the handle of its string (if an event named it),
        // all found in one pass over the strings.
        var wanted = Set<String>()
        for list in policies.values {
            for policy in list {
                for rule in policy.rules { wanted.insert(rule.milestone) }
                for item in policy.every { wanted.insert(item.milestone); if let after = item.afterName { wanted.insert(after) } }
            }
        }
        let found = names.handles(of: wanted)
        func handle(_ name: String?) -> Int32 { name.flatMap { found[$0] } ?? Interner.none }
        let book = policies.mapValues { list in
            list.map { policy in
                Policy(order: policy.order, isStandard: policy.isStandard,
                       rules: policy.rules.map { Policy.Rule(milestone: $0.milestone, handle: handle($0.milestone), deadline: $0.deadline) },
                       every: policy.every.map {
                           Policy.Recurring(milestone: $0.milestone, handle: handle($0.milestone), months: $0.months, after: handle($0.afterName))
                       },
                       badge: policy.badge)
            }
        }

        guard let entryCount = input.count(), let entryRaw = input.take(entryCount * entrySize),
              let changeCount = input.count(), let changeRaw = input.take(changeCount * changeSize), input.atEnd else { return nil }
        // Checked in place, and kept as they are: no array of commitments or changes is made.
        guard let firsts = checked(entries: entryRaw, count: entryCount, changes: changeRaw, count: changeCount,
                                   strings: names.count, dates: dates.count) else { return nil }
        let base = bytes.raw.baseAddress!
        let commitments = CommitmentTable(bytes: bytes, entryStart: entryRaw.baseAddress! - base, entryCount: entryCount,
                                          changeStart: changeRaw.baseAddress! - base, changeCount: changeCount,
                                          firsts: firsts, days: dates)
        var status = FoldedStatus(names: .encoded(names), dates: dates.count, policies: PolicyBook(byNetwork: book),
                                  members: lists[0], networks: lists[1], table: commitments)
        status.literalsAhead = literals
        return status
    }

    /// Whether the commitments and changes as encoded name only strings and dates there
    /// are, days a ledger can name, kinds and start types there are, and changes that add up;
    /// if so, where each commitment's changes begin. Every commitment and change of a million
    /// events is checked before the first row: one pass each, no early exit per field, so
    /// that the checks of a change compile to a few instructions (they were a call or two
    /// each, on the one core that reads the snapshot).
    private static func checked(entries: UnsafeRawBufferPointer, count entryCount: Int, changes: UnsafeRawBufferPointer,
                                count changeCount: Int, strings: Int, dates: Int) -> [Int32]? {
        let strings = UInt32(truncatingIfNeeded: strings), dates = UInt32(truncatingIfNeeded: dates)
        // A change: its kind is the top four bits, and a valid one leaves the sign bit clear
        // (eight kinds); a milestone (kind 0) or a recognition (1) names a string, detail + 1
        // in the low 28 bits; any other kind names none (0 there).
        var bad: UInt32 = 0
        if changeCount > 0, let base = changes.baseAddress {
            for k in 0..<changeCount {
                let packed = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 8 &* k, as: UInt32.self))
                let date = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 8 &* k &+ 4, as: UInt32.self))
                let detail = packed & 0x0FFF_FFFF
                // 1 for kinds 0 and 1 (their top four bits less 2 is negative), else 0: picked
                // by arithmetic, not a branch, which mispredicts as the kinds alternate.
                let named = ((packed >> 28) &- 2) >> 31
                let namedBad: UInt32 = detail &- 1 >= strings ? 1 : 0, otherBad: UInt32 = detail != 0 ? 1 : 0
                bad |= packed >> 31 | (date >= dates ? 1 : 0) | (named & namedBad) | ((named ^ 1) & otherBad)
            }
        }
        guard bad == 0 else { return nil }
        // The types a commitment can begin with, as encoded (code + 1; 0 for a merger).
        let viaCodes = (0..<256).filter { EventType(code: UInt8($0))?.isStart == true }.map { UInt32($0 + 1) }
        let low = UInt32(bitPattern: days.lowerBound), span = UInt32(bitPattern: days.upperBound &- days.lowerBound)
        var valid = false
        let firsts = [Int32](unsafeUninitializedCapacity: entryCount) { firsts, made in
            var first = 0
            for k in 0..<entryCount {
                func v(_ i: Int) -> UInt32 {
                    UInt32(littleEndian: entries.loadUnaligned(fromByteOffset: k &* entrySize &+ 4 &* i, as: UInt32.self))
                }
                let via = v(3), count = Int(Int32(bitPattern: v(7)))
                bad |= v(0) >= strings || v(1) >= strings || v(2) >= strings || v(5) >= dates ? 1 : 0
                // A day in range: its distance from the first day a ledger can name, unsigned.
                bad |= v(4) &- low > span || v(6) &- low > span ? 1 : 0
                bad |= via != 0 && !viaCodes.contains(via) ? 1 : 0
                bad |= count < 0 || count > changeCount &- first ? 1 : 0
                guard bad == 0 else { return }
                firsts[k] = Int32(truncatingIfNeeded: first)
                first &+= count
            }
            guard first == changeCount else { return }
            made = entryCount
            valid = true
        }
        return valid ? firsts : nil
    }

    /// The `k`-th little-endian `Int32` of `raw`.
    private static func int32(_ raw: UnsafeRawBufferPointer, _ k: Int) -> Int32 {
        Int32(littleEndian: raw.loadUnaligned(fromByteOffset: k * 4, as: Int32.self))
    }

    /// A policy as read, before its milestones are found among the strings.
    private struct Read {
        struct Rule { var milestone: String; var deadline: PolicyDefinition.Deadline }
        struct Recurring { var milestone: String; var months: Int; var afterName: String? }
        var order: EventOrder
        var isStandard: Bool
        var rules: [Rule]
        var every: [Recurring]
        var badge: String?
    }

    private static func policy(_ input: inout RawReader) -> Read? {
        guard let raw = input.take(8), let rank = input.u8(), let seq = input.count(), let standard = input.u8(), standard <= 1,
              let badge = optional(&input), let ruleCount = input.count() else { return nil }
        let earliest = int32(raw, 0), latest = int32(raw, 1)
        guard self.days.contains(earliest), self.days.contains(latest), earliest <= latest else { return nil }
        var rules: [Read.Rule] = []
        for _ in 0..<ruleCount {
            guard let milestone = input.text(), let kind = input.u8() else { return nil }
            let deadline: PolicyDefinition.Deadline
            switch kind {
            case 0:
                guard let months = input.count(), EventSchema.months.contains(Int64(months)) else { return nil }
                deadline = .within(Int64(months))
            case 1:
                guard let text = input.text(), let date = try? EDTFDate.parse(text) else { return nil }
                deadline = .by(date)
            default:
                return nil
            }
            rules.append(Read.Rule(milestone: milestone, deadline: deadline))
        }
        guard let everyCount = input.count() else { return nil }
        var every: [Read.Recurring] = []
        for _ in 0..<everyCount {
            guard let milestone = input.text(), let months = input.count(), EventSchema.months.contains(Int64(months)),
                  let after = optional(&input) else { return nil }
            every.append(Read.Recurring(milestone: milestone, months: months, afterName: after))
        }
        let order = EventOrder(earliest: Day(ordinal: earliest), rank: Int(rank), latest: Day(ordinal: latest), seq: seq)
        return Read(order: order, isStandard: standard == 1, rules: rules, every: every, badge: badge)
    }

    /// An optional text: `.some(nil)` for none, nil when malformed.
    private static func optional(_ input: inout RawReader) -> String?? {
        guard let flag = input.u8() else { return nil }
        if flag == 0 { return .some(nil) }
        guard flag == 1, let text = input.text() else { return nil }
        return .some(text)
    }

    // MARK: - Snapshots

    /// Writes a replay snapshot at the head of the log (`ReplaySnapshot.write`) with the
    /// status folded over every date as its status part.
    public static func writeSnapshot(_ store: LedgerStore, warn: (String) -> Void) throws(LedgerError) -> (head: Head, name: String) {
        try ReplaySnapshot.write(store, warn: warn) { loaded in
            let source = loaded.source
            return FoldedStatus(Replay(log: loaded.log.take(), source: source, knownAt: nil)).encoded()
        }
    }

    /// The folded status of the newest snapshot and the head it stands for, when that
    /// snapshot is at the head of the log and its status part checks out; nil otherwise.
    /// - Parameter warn: receives one line when the snapshot is at the head but its status
    ///   part is damaged or does not decode (`status` then replays).
    public static func atHead(_ store: LedgerStore, warn: (String) -> Void) -> (status: FoldedStatus, head: Head)? {
        guard let (status, head) = atHead(store, warn: warn, prepare: { $0 }) else { return nil }
        return (status, head)
    }

    /// What `prepare` makes of the folded status of the newest snapshot, and the head it
    /// stands for, as `atHead(_:warn:)` gives them. `prepare` runs while the part's seal is
    /// still being computed, on a status that decoded but may yet fail its seal: it must
    /// have no effect outside its result (no output, no error thrown: return one instead).
    /// Its result is returned only once the seal matches, and dropped otherwise.
    /// - Parameter json: the rows will be written as JSON: their strings' literals are begun
    ///   on another thread as soon as the part's strings are read.
    public static func atHead<Prepared>(_ store: LedgerStore, warn: (String) -> Void, json: Bool = false,
                                        prepare: (FoldedStatus) -> Prepared) -> (prepared: Prepared, head: Head)? {
        guard let (prepared, head) = ReplaySnapshot.statusPart(store, warn: warn, decode: {
            decoded($0, literalsAhead: json).map(prepare)
        }) else {
            return nil
        }
        return (prepared, head)
    }
}
