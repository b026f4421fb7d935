import Ledger
import Prefetch

/// The open commitment of each (member, network) pair during a fold: one flat
/// open-addressing table keyed by the pair's two handles.
///
/// The fold looks a pair up for every start and life event, a million times at a million
/// events. A `[network: [member: commitment]]` of dictionaries hashed two integers with
/// `Hasher` and probed two tables; here one multiplication gives the slot. A merger or a
/// closure, rare, reads every slot to find the network's members.
struct OpenCommitments: Sendable {
    /// One slot: a pair and its commitment (`empty` or `removed` when it holds none).
    private struct Slot {
        var pair: UInt64
        var commitment: Int32
    }

    private static let empty: Int32 = -1
    private static let removed: Int32 = -2
    private var slots: [Slot]
    /// Slots holding a commitment, and slots no longer empty (holding one, or removed).
    private var count = 0
    private var used = 0

    /// A table for about `pairs` pairs, with room to spare: made once at its size, not
    /// rebuilt as it fills.
    init(expecting pairs: Int = 0) {
        var size = 64
        while size < 2 * pairs + 64 { size *= 2 }
        slots = [Slot](repeating: Slot(pair: 0, commitment: OpenCommitments.empty), count: size)
    }

    /// The open commitment of `member` in `network`, if any.
    subscript(member: Int32, network: Int32) -> Int32? {
        get {
            let slot = find(OpenCommitments.pair(member, network))
            return slots[slot].commitment >= 0 ? slots[slot].commitment : nil
        }
        set {
            let pair = OpenCommitments.pair(member, network)
            let slot = find(pair)
            let had = slots[slot].commitment >= 0
            if let newValue {
                slots[slot] = Slot(pair: pair, commitment: newValue)
                if !had {
                    count += 1
                    used += 1
                    if used * 2 > slots.count { rebuild() }
                }
            } else if had {
                // The slot stays out of `empty`, so that probes for other pairs go on past it.
                slots[slot].commitment = OpenCommitments.removed
                count -= 1
            }
        }
    }

    /// Starts loading the slot where `member` in `network` would first be looked for.
    func prefetch(member: Int32, network: Int32) {
        let pair = OpenCommitments.pair(member, network)
        slots.withUnsafeBufferPointer { slots in
            Prefetch.prefetch(slots.baseAddress! + OpenCommitments.home(pair, mask: slots.count - 1))
        }
    }

    /// The open commitments of `network`, by member handle, in no particular order.
    func members(of network: Int32) -> [(member: Int32, commitment: Int32)] {
        slots.compactMap { slot in
            slot.commitment >= 0 && Int32(truncatingIfNeeded: slot.pair >> 32) == network
                ? (Int32(truncatingIfNeeded: slot.pair), slot.commitment) : nil
        }
    }

    /// Removes the open commitments of `network` and returns them, sorted by member handle.
    mutating func removeAll(of network: Int32) -> [(member: Int32, commitment: Int32)] {
        let found = members(of: network).sorted { $0.member < $1.member }
        for (member, _) in found { self[member, network] = nil }
        return found
    }

    private static func pair(_ member: Int32, _ network: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: network)) << 32 | UInt64(UInt32(bitPattern: member))
    }

    /// The slot where a probe for `pair` begins, in a table of `mask + 1` slots.
    private static func home(_ pair: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (pair &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The slot of `pair`: where it is, or the empty slot where it would go.
    ///
    /// A removed slot is passed over (a pair stored after it must still be found), and a
    /// pair put back reuses its own slot only; tables are rebuilt before half their slots
    /// are used, so probes stay short.
    private func find(_ pair: UInt64) -> Int {
        let mask = slots.count - 1
        var slot = OpenCommitments.home(pair, mask: mask)
        while true {
            let s = slots[slot]
            if s.commitment == OpenCommitments.empty || s.pair == pair { return slot }
            slot = (slot + 1) & mask
        }
    }

    /// Copies the pairs that hold a commitment into a table twice as large as they need,
    /// dropping removed slots.
    private mutating func rebuild() {
        var size = 64
        while size < 4 * count { size *= 2 }
        let old = slots
        slots = [Slot](repeating: Slot(pair: 0, commitment: OpenCommitments.empty), count: size)
        used = 0
        count = 0
        for s in old where s.commitment >= 0 { self[Int32(truncatingIfNeeded: s.pair), Int32(truncatingIfNeeded: s.pair >> 32)] = s.commitment }
    }
}
