import Prefetch

/// An identifier that carries its key, the 64-bit hash of its bytes (`IdentifierKey`): what
/// `HashSlots` reads back from the caller's array when it grows.
protocol HashKeyed {
    var key: UInt64 { get }
}

extension EventID: HashKeyed {}
extension MemberID: HashKeyed {}

/// The slots of a flat open-addressing table keyed by a 64-bit hash, each naming a position
/// in the caller's arrays (`IDTable`'s ids, `MemberRecords`' records): a probe compares the
/// high half of the hash, stored in the slot (its low bits choose the slot), and asks the
/// caller to compare the key itself, hash included, only when that half matches. Positions
/// are never removed.
///
/// A slot is 8 bytes, eight to a cache line, and the table at most 5/8 full: `verify`'s
/// table of a million ids is 16 MB, where 16-byte slots at most half full made it 64 MB
/// (the estimate of its lines is a little high on purpose, and doubled it), which took a
/// tenth of a second of a core to zero and did not fit in the last-level cache.
struct HashSlots: Sendable {
    /// One slot: the high half of a hash and its position + 1 (0: empty).
    private struct Slot {
        var tag: UInt32
        var position: UInt32
    }

    private var slots = [Slot](repeating: Slot(tag: 0, position: 0), count: 16)
    /// Positions stored.
    private(set) var count = 0

    init() {}

    @inline(__always)
    private static func tag(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash >> 32) }

    /// Whether `count` positions fit in `size` slots (at most 5/8 full).
    @inline(__always)
    private static func fits(_ count: Int, in size: Int) -> Bool { count * 8 <= size * 5 }

    /// The position stored under `hash` whose key `matches` (the caller compares the whole
    /// key: only half the hash is kept here), and the slot where it is or would go.
    @inline(__always)
    func find(_ hash: UInt64, matches: (Int) -> Bool) -> (position: Int?, slot: Int) {
        let mask = slots.count - 1
        let tag = Self.tag(hash)
        var slot = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let s = slots[slot]
                if s.position == 0 { return (nil, slot) }
                if s.tag == tag && matches(Int(s.position) - 1) { return (Int(s.position) - 1, slot) }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Stores the next position (`count`) under `hash`, in `slot` (from a `find` that found
    /// none, with nothing stored since), growing the table to stay at most 5/8 full.
    /// - Parameter keys: the caller's keys by position, this one's included, whose hashes are
    ///   read back when the table grows (the slots keep only half of each).
    mutating func insert(_ hash: UInt64, at slot: Int, keys: [some HashKeyed]) {
        count += 1
        slots[slot] = Slot(tag: Self.tag(hash), position: UInt32(count))
        if !Self.fits(count, in: slots.count) { grow(to: slots.count * 2, keys: keys) }
    }

    /// Makes room for `count` positions without growing (`keys` as for `insert`).
    mutating func reserveCapacity(_ count: Int, keys: [some HashKeyed]) {
        var size = slots.count
        while !Self.fits(count + 1, in: size) { size *= 2 }
        if size > slots.count { grow(to: size, keys: keys) }
    }

    /// Starts loading the slot where `hash` is or would go, for a lookup a little later.
    func prefetch(_ hash: UInt64) {
        slots.withUnsafeBufferPointer { slots in
            Prefetch.prefetch(slots.baseAddress! + (Int(truncatingIfNeeded: hash) & (slots.count - 1)))
        }
    }

    private mutating func grow(to size: Int, keys: [some HashKeyed]) {
        // A large table is read at random: on 2 MB pages, a lookup (and the prefetch before
        // it) does not also miss the address translation, and the zeroing faults once per
        // 2 MB rather than once per 4 KB.
        var larger = [Slot](unsafeUninitializedCapacity: size) { buffer, initialized in
            HugePages.advise(buffer)
            buffer.initialize(repeating: Slot(tag: 0, position: 0))
            initialized = size
        }
        let mask = size - 1
        // Every position, in order: the keys' hashes are read from the caller's array front
        // to back.
        larger.withUnsafeMutableBufferPointer { larger in
            for position in 0..<count {
                let hash = keys[position].key
                var slot = Int(truncatingIfNeeded: hash) & mask
                while larger[slot].position != 0 { slot = (slot + 1) & mask }
                larger[slot] = Slot(tag: Self.tag(hash), position: UInt32(position + 1))
            }
        }
        slots = larger
    }
}
