import Ledger

/// A range of places for each of a few handles (each network's policies in a `PolicyBook`),
/// found by a multiplicative hash of the handle in a table of twice as many slots, probed in
/// turn. A status judges every row on both cores, and reads two networks' policies a row:
/// a `Dictionary` hashed each handle with SipHash, a few percent of the whole command.
struct HandleSpans: Sendable {
    /// The slots: a handle (`Interner.none` when free) and its range's bounds.
    private let slots: [Slot]
    /// Slots − 1 (a power of two, less one).
    private let mask: Int

    private struct Slot {
        var handle: Int32
        var lower: Int32
        var upper: Int32
    }

    /// - Parameter all: distinct handles (not `Interner.none`) and their ranges.
    init(_ all: [(handle: Int32, span: Range<Int>)]) {
        var size = 4
        while size < 2 * all.count { size *= 2 }
        mask = size - 1
        var slots = [Slot](repeating: Slot(handle: Interner.none, lower: 0, upper: 0), count: size)
        for (handle, span) in all {
            precondition(handle != Interner.none, "a handle")
            var k = HandleSpans.slot(handle, mask: size - 1)
            while slots[k].handle != Interner.none {
                precondition(slots[k].handle != handle, "distinct handles")
                k = (k + 1) & (size - 1)
            }
            slots[k] = Slot(handle: handle, lower: Int32(span.lowerBound), upper: Int32(span.upperBound))
        }
        self.slots = slots
    }

    /// Every handle held and its range, in no particular order.
    var all: [(handle: Int32, span: Range<Int>)] {
        slots.filter { $0.handle != Interner.none }.map { ($0.handle, Int($0.lower)..<Int($0.upper)) }
    }

    /// The range of `handle`, empty when it has none.
    func span(_ handle: Int32) -> Range<Int> {
        slots.withUnsafeBufferPointer { slots in
            var k = HandleSpans.slot(handle, mask: mask)
            while true {
                let slot = slots[k]
                if slot.handle == handle { return Int(slot.lower)..<Int(slot.upper) }
                if slot.handle == Interner.none { return 0..<0 }
                k = (k + 1) & mask
            }
        }
    }

    /// Where `handle`'s probe starts: bits 32 and up of its product with 2^64 / φ (Fibonacci
    /// hashing), which spread handles that are close together.
    private static func slot(_ handle: Int32, mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(UInt32(bitPattern: handle)) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }
}
