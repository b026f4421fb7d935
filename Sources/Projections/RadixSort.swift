import Ledger

/// A stable sort of (key, index) pairs by key alone, in linear time: least significant digit
/// first, 11 bits a pass, skipping the passes where every key has the same digit.
///
/// The replay sorts every dated event on one integer key; at ten million events a
/// comparison sort spends more on cache misses than on comparing. Pairs with equal keys keep
/// their order, so pairs built in index order come out ordered by (key, index).
enum RadixSort {
    static let bits = 11

    static func sort(_ pairs: inout [(key: UInt64, index: Int32)]) {
        let n = pairs.count
        guard n > 1 else { return }
        let radix = 1 << bits, mask = UInt64(radix - 1)
        // Enough passes for any key; those above the keys' highest digit are skipped below.
        let passes = (64 + bits - 1) / bits
        // Every position is written by the first pass before it is read; trivial values, so
        // the storage is left unfilled (and not touched before the kernel is told of it).
        var other: [(key: UInt64, index: Int32)] = HugePages.unwritten(count: n)
        // Its pages are mapped on another core while the keys are counted.
        let populating = HugePages.populate(&other)
        defer { populating?.wait() }
        // Every pass's counts, from one read of the keys.
        var counts = [Int](repeating: 0, count: passes * radix)
        counts.withUnsafeMutableBufferPointer { c in
            for pair in pairs {
                var key = pair.key
                for p in 0..<passes {
                    c[p * radix + Int(key & mask)] += 1
                    key >>= UInt64(bits)
                }
            }
        }
        var inOther = false
        for p in 0..<passes {
            let shift = UInt64(p * bits)
            // A pass where every key has the same digit moves nothing.
            let first = Int((pairs.first!.key >> shift) & mask)
            if counts[p * radix + first] == n { continue }
            var offsets = [Int](repeating: 0, count: radix)
            var sum = 0
            for d in 0..<radix {
                offsets[d] = sum
                sum += counts[p * radix + d]
            }
            if inOther {
                scatter(other, into: &pairs, shift: shift, mask: mask, offsets: &offsets)
            } else {
                scatter(pairs, into: &other, shift: shift, mask: mask, offsets: &offsets)
            }
            inOther.toggle()
        }
        if inOther { swap(&pairs, &other) }
    }

    private static func scatter(_ from: [(key: UInt64, index: Int32)], into to: inout [(key: UInt64, index: Int32)],
                                shift: UInt64, mask: UInt64, offsets: inout [Int]) {
        from.withUnsafeBufferPointer { source in
            to.withUnsafeMutableBufferPointer { target in
                offsets.withUnsafeMutableBufferPointer { next in
                    for pair in source {
                        let d = Int((pair.key >> shift) & mask)
                        target[next[d]] = pair
                        next[d] += 1
                    }
                }
            }
        }
    }
}
