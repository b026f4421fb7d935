/// The ids of a log and their entries (`LedgerIndex.ids`): one flat open-addressing table
/// keyed by a 64-bit hash of each id's bytes.
///
/// `verify` looks up every new id (it must not be taken) and then records it: a million of
/// each at a million lines. A `Dictionary` keyed by `EventID` hashed each id's text with
/// `Hasher` and, at every bucket a lookup probed, compared the text of the id stored there
/// (elsewhere in memory, one cache miss each). Here a probe compares half the stored hash, in
/// the slot itself; an id's key and text are read only when that half matches, which is
/// almost only when it is the id looked for. Ids are never removed (a retracted id stays taken).
///
/// An id may be stored by its key alone (`EventID(unreadKey:)`, `verify`'s lines): when
/// another id's key matches its key, its text is read back from its line (`lines`, at its
/// entry's seq) and compared. An id looked up must have its text.
public struct IDTable: Sendable, Sequence, Equatable {
    private var slots = HashSlots()
    private var ids: [EventID] = []
    private var entries: [LedgerIndex.Entry] = []
    /// Where the text of an id stored by its key alone is read back.
    var lines: (any StoredLines)?
    /// How many ids are stored by their key alone.
    private var unread = 0

    /// An empty table.
    public init() {}

    /// How many ids are stored.
    public var count: Int { ids.count }

    /// Whether an id with this key is stored (it may be another id with the same key).
    func holds(key: UInt64) -> Bool {
        slots.find(key) { ids[$0].key == key }.position != nil
    }

    /// The entry of `id`, if stored. Setting a value stores or replaces it. Setting nil
    /// changes nothing for an id not stored (as `table[id]?.retracted = true` does then),
    /// and is not allowed for one stored: ids are never forgotten.
    public internal(set) subscript(id: EventID) -> LedgerIndex.Entry? {
        get {
            let (found, _) = find(id, Fact.hash(id))
            return found.map { entries[$0] }
        }
        set {
            let hash = Fact.hash(id)
            let (found, slot) = find(id, hash)
            guard let newValue else {
                precondition(found == nil, "an id is never removed from the table of ids")
                return
            }
            if let found {
                entries[found] = newValue
                return
            }
            ids.append(id)
            entries.append(newValue)
            slots.insert(hash, at: slot, keys: ids)
            if !id.isRead { unread += 1 }
        }
    }

    /// Starts loading the slot where `id` is or would go, for a lookup a little later: the
    /// slots of a million ids are far apart, and each lookup would otherwise wait for memory.
    /// - Parameter key: the id's `key`.
    func prefetch(key: UInt64) {
        slots.prefetch(key)
    }

    /// Makes room for `count` ids without growing.
    public mutating func reserveCapacity(_ count: Int) {
        ids.reserveCapacity(count)
        entries.reserveCapacity(count)
        slots.reserveCapacity(count, keys: ids)
    }

    /// `reserveCapacity`, with the pages of the ids and entries mapped now, as well as the
    /// slots': made on another thread than the one that then fills them (`verify`'s, while
    /// its first lines are checked), the table leaves that thread no fresh page to stop at
    /// (over a tenth of its page faults at a million lines).
    mutating func reserveReady(_ count: Int) {
        reserveCapacity(count)
        // Reserved, not yet written: their pages can still be made huge.
        HugePages.advise(&ids)
        HugePages.advise(&entries)
        HugePages.populateNow(&ids)
        HugePages.populateNow(&entries)
    }

    /// `table` (with room made, perhaps on another thread) holding this table's ids and
    /// entries, in the same order, and where their texts are read back: `verify` checks its
    /// first lines with a small table while the large one is made.
    func moved(into table: consuming IDTable) -> IDTable {
        precondition(table.count == 0, "ids are moved into an empty table")
        var moved = table
        for (id, entry) in zip(ids, entries) {
            // Each id is in this table once: the first free slot for its key is its place.
            let (_, slot) = moved.slots.find(Fact.hash(id)) { _ in false }
            moved.ids.append(id)
            moved.entries.append(entry)
            moved.slots.insert(Fact.hash(id), at: slot, keys: moved.ids)
        }
        moved.unread = unread
        moved.lines = lines
        return moved
    }

    /// Every id and its entry, as a dictionary (the ids stored by their key alone read back
    /// from their lines, as the iterator gives them).
    public var dictionary: [EventID: LedgerIndex.Entry] {
        Dictionary(uniqueKeysWithValues: self.lazy.map { ($0.id, $0.entry) })
    }

    /// The ids and their entries, in the order they were first stored; the ids stored by
    /// their key alone are read back from their lines, all at once (each left without its
    /// text if it cannot be).
    public func makeIterator() -> some IteratorProtocol<(id: EventID, entry: LedgerIndex.Entry)> {
        var all = ids
        if unread > 0, let lines {
            let places = all.indices.filter { !all[$0].isRead }
            let read = lines.ids(at: places.map { entries[$0].seq })
            for (k, place) in places.enumerated() {
                if let id = read[k], id.key == all[place].key { all[place] = id }
            }
        }
        return zip(all, entries).lazy.map { (id: $0.0, entry: $0.1) }.makeIterator()
    }

    /// The same ids with the same entries, in any order.
    public static func == (a: IDTable, b: IDTable) -> Bool {
        a.count == b.count && zip(a.ids, a.entries).allSatisfy { b[$0.0] == $0.1 }
    }

    /// The position of `id` in `ids` if stored, and the slot where it is or would go.
    private func find(_ id: EventID, _ hash: UInt64) -> (found: Int?, slot: Int) {
        let (found, slot) = slots.find(hash) { position in
            // The slots keep half of each hash: the whole key first.
            guard ids[position].key == hash else { return false }
            // An id looked up has its text (`verify` reads it from its line when its key is
            // taken); one without would be taken for the id stored, never for a new one.
            guard id.isRead else { return true }
            let stored = ids[position]
            if stored.isRead { return stored == id }
            // Stored by its key alone, and the keys match: its text is read back.
            return lines?.id(at: entries[position].seq) == id
        }
        return (found, slot)
    }
}
