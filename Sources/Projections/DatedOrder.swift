import Ledger

/// The dated, effective events of a log in SPEC §4 order, as positions: earliest day, then
/// rank, then latest day, then seq.
///
/// A counting sort on the earliest day (EDTF years are 1000–2999, so at most 730,485 days),
/// then each day's few events sorted on (rank, latest day, position) packed in one integer.
/// Three passes over the facts in log order (the days' range, their counts, the placing),
/// 8 bytes of scratch an event; a radix sort of (key, position) pairs needed four times the
/// memory.
enum DatedOrder {
    /// The positions in `facts[..<known]` of the dated events not retracted, in §4 order.
    /// - Complexity: O(n + d) for n facts over d days, plus the sorts within each day.
    static func positions(_ facts: [Fact], known: Int) -> [Int32] {
        facts.withUnsafeBufferPointer { f -> [Int32] in
            var low = Int32.max, high = Int32.min, count = 0
            for k in 0..<known where f[k].isDated && !f[k].isRetracted {
                low = min(low, f[k].earliest)
                high = max(high, f[k].earliest)
                count += 1
            }
            guard count > 0 else { return [] }
            // ends[d] counts, then marks the end of, day d's run (d from `low`).
            var ends = [Int](repeating: 0, count: Int(high) - Int(low) + 1)
            return ends.withUnsafeMutableBufferPointer { ends -> [Int32] in
                for k in 0..<known where f[k].isDated && !f[k].isRetracted {
                    ends[Int(f[k].earliest - low)] += 1
                }
                var sum = 0
                for d in ends.indices {
                    let n = ends[d]
                    ends[d] = sum
                    sum += n
                }
                // Placed in position order, each day's run begins in position order.
                var slots = [UInt64](unsafeUninitializedCapacity: count) { buffer, initialized in
                    for k in 0..<known where f[k].isDated && !f[k].isRetracted {
                        let d = Int(f[k].earliest - low)
                        buffer[ends[d]] = withinDay(f[k], position: k)
                        ends[d] += 1
                    }
                    initialized = count
                }
                slots.withUnsafeMutableBufferPointer { slots in
                    var begin = 0
                    for d in ends.indices {
                        let end = ends[d]
                        if end - begin > 1 { sortRun(UnsafeMutableBufferPointer(rebasing: slots[begin..<end])) }
                        begin = end
                    }
                }
                return [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
                    for k in 0..<count { buffer[k] = Int32(truncatingIfNeeded: slots[k] & 0xFFFF_FFFF) }
                    initialized = count
                }
            }
        }
    }

    /// Rank, latest day, position, packed so that integer order is their order (a latest
    /// day of years 1000–2999 fits in 21 bits once offset; a position in 32).
    @inline(__always)
    static func withinDay(_ fact: Fact, position: Int) -> UInt64 {
        let latest = UInt64(Int64(fact.latest) + (1 << 20)) & 0x1F_FFFF
        return UInt64(fact.type.rank) << 53 | latest << 32 | UInt64(UInt32(truncatingIfNeeded: position))
    }

    /// Sorts one day's run: by insertion while short (most days hold a handful of events).
    private static func sortRun(_ run: UnsafeMutableBufferPointer<UInt64>) {
        var run = run
        guard run.count <= 24 else {
            run.sort()
            return
        }
        for i in 1..<run.count {
            let x = run[i]
            var j = i
            while j > 0 && run[j - 1] > x {
                run[j] = run[j - 1]
                j -= 1
            }
            run[j] = x
        }
    }
}
