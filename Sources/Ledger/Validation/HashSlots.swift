import Prefetch

/// The slots of a flat open-addressing table keyed by a 64-bit hash, each naming a position
/// in the caller's arrays (`IDTable`'s ids, `MemberRecords`' records): a probe compares the
/// hash stored in the slot, and asks the caller to compare the key itself only when the
/// hashes match. Positions are never removed.
struct HashSlots: Sendable {
    /// One slot: a hash and its position + 1 (0: empty).
    private struct Slot {
        var hash: UInt64
        var position: Int32
    }

    private var slots = [Slot](repeating: Slot(hash: 0, position: 0), count: 16)
    /// Positions stored.
    private(set) var count = 0

    init() {}

    /// The position stored under `hash` whose key `matches`, and the slot where it is or
    /// would go.
    @inline(__always)
    func find(_ hash: UInt64, matches: (Int) -> Bool) -> (position: Int?, slot: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let s = slots[slot]
                if s.position == 0 { return (nil, slot) }
                if s.hash == hash && matches(Int(s.position) - 1) { return (Int(s.position) - 1, slot) }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Stores the next position (`count`) under `hash`, in `slot` (from a `find` that found
    /// none, with nothing stored since), growing the table to stay at most half full.
    mutating func insert(_ hash: UInt64, at slot: Int) {
        count += 1
        slots[slot] = Slot(hash: hash, position: Int32(count))
        if count * 2 > slots.count { grow(to: slots.count * 2) }
    }

    /// Makes room for `count` positions without growing.
    mutating func reserveCapacity(_ count: Int) {
        var size = slots.count
        while size < 2 * count + 2 { size *= 2 }
        if size > slots.count { grow(to: size) }
    }

    /// Starts loading the slot where `hash` is or would go, for a lookup a little later.
    func prefetch(_ hash: UInt64) {
        slots.withUnsafeBufferPointer { slots in
            Prefetch.prefetch(slots.baseAddress! + (Int(truncatingIfNeeded: hash) & (slots.count - 1)))
        }
    }

    private mutating func grow(to size: Int) {
        // A large table is read at random: on 2 MB pages, a lookup (and the prefetch before
        // it) does not also miss the address translation, and the zeroing faults once per
        // 2 MB rather than once per 4 KB.
        var larger = [Slot](unsafeUninitializedCapacity: size) { buffer, initialized in
            HugePages.advise(buffer)
            buffer.initialize(repeating: Slot(hash: 0, position: 0))
            initialized = size
        }
        let mask = size - 1
        for s in slots where s.position != 0 {
            var slot = Int(truncatingIfNeeded: s.hash) & mask
            while larger[slot].position != 0 { slot = (slot + 1) & mask }
            larger[slot] = s
        }
        slots = larger
    }
}
