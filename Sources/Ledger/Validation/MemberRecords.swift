/// Each member's part of the validator's state (`LedgerIndex.memberRecords`): its
/// registration, its marks and the other lines that name it, in one record per member found
/// by one lookup.
///
/// `verify` and `append` check every line against its member's record. Where the record was
/// four dictionaries keyed by slug (the registration, the marks, the state-changing marks,
/// the other references), a line looked its member up in three or four tables of a hundred
/// thousand members each. Here the slug is looked up once, in a flat table keyed by the
/// slug's hash (`HashSlots`, as for the ids), and the record is read and changed in place.
struct MemberRecords: Sendable {
    /// One member's record.
    struct Record: Sendable, Equatable {
        /// The line that registers it (the first, if several do); 0 for none.
        var registration = 0
        /// Its starts, life events and activities in a network, in §4 order.
        var marks: [LedgerIndex.Mark] = []
        /// The same, only those that change a commitment's state (starts, suspensions,
        /// reinstatements, withdrawals).
        var active: [LedgerIndex.Mark] = []
        /// Lines that name it without being one of its marks (renames, activities with no
        /// network), in log order.
        var references: [Int] = []
        /// The networks its marks are in, and how many marks in each (derived from `marks`;
        /// a member is in a few networks even when it has thousands of marks).
        var networks: [(network: NetworkID, marks: Int)] = []

        /// Whether one of its marks is in `n`.
        func isIn(_ n: NetworkID) -> Bool { networks.contains { $0.network == n } }

        /// Counts a mark in `n`; true when it is the first there.
        mutating func countMark(in n: NetworkID) -> Bool {
            if let k = networks.firstIndex(where: { $0.network == n }) {
                networks[k].marks += 1
                return false
            }
            networks.append((n, 1))
            return true
        }

        /// Takes back a mark counted in `n`.
        mutating func uncountMark(in n: NetworkID) {
            guard let k = networks.firstIndex(where: { $0.network == n }) else { return }
            networks[k].marks -= 1
            if networks[k].marks == 0 { networks.remove(at: k) }
        }

        /// Equal registration, marks and references (`networks` is derived from the marks).
        static func == (a: Record, b: Record) -> Bool {
            a.registration == b.registration && a.marks == b.marks && a.active == b.active && a.references == b.references
        }

        var isEmpty: Bool { registration == 0 && marks.isEmpty && references.isEmpty }
    }

    private var table = HashSlots()
    /// The slug of each record. A record, once made, stays (it may empty again when an
    /// amendment takes a line back).
    private(set) var ids: [MemberID] = []
    private var records: [Record] = []

    init() {}

    /// Makes room for `count` members.
    mutating func reserveCapacity(_ count: Int) {
        ids.reserveCapacity(count)
        records.reserveCapacity(count)
        table.reserveCapacity(count, keys: ids)
    }

    /// The record of `m` (empty when it has none).
    subscript(m: MemberID) -> Record {
        guard let place = find(m).place else { return Record() }
        return records[place]
    }

    /// Reads the record of `m` (empty when it has none) where it lies, lent to `read` rather
    /// than returned (the arrays `read` passes on may still be counted up and down).
    func withRecord<T>(_ m: MemberID, _ read: (borrowing Record) -> T) -> T {
        guard let place = find(m).place else { return read(Record()) }
        return records.withUnsafeBufferPointer { read($0[place]) }
    }

    /// Changes the record of `m`, made if it had none.
    mutating func update<T>(_ m: MemberID, _ change: (inout Record) -> T) -> T {
        let (found, slot) = find(m)
        if let found { return change(&records[found]) }
        ids.append(m)
        table.insert(m.key, at: slot, keys: ids)
        records.append(Record())
        return change(&records[records.count - 1])
    }

    /// Every member with a record that is not empty, and its record.
    var all: some Sequence<(id: MemberID, record: Record)> {
        zip(ids, records).lazy.filter { !$0.1.isEmpty }.map { (id: $0.0, record: $0.1) }
    }

    /// Applies `change` to every record.
    mutating func forEachRecord(_ change: (inout Record) -> Void) {
        for k in records.indices { change(&records[k]) }
    }

    /// The place of `m`'s record, if it has one, and the slot where its key is or would go.
    private func find(_ m: MemberID) -> (place: Int?, slot: Int) {
        let (place, slot) = table.find(m.key) { ids[$0] == m }
        return (place, slot)
    }
}
