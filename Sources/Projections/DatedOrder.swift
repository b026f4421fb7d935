import Ledger

/// The dated, effective events of a log in SPEC §4 order, as positions: earliest day, then
/// rank, then latest day, then seq.
///
/// A counting sort on the earliest day (EDTF years are 1000–2999, so at most 730,485 days),
/// then each day's few events sorted on (rank, latest day, position) packed in one integer.
/// Three passes over the facts in log order (the days' range, their counts, the placing),
/// 8 bytes of scratch an event; a radix sort of (key, position) pairs needed four times the
/// memory. Each pass splits the facts across a few cores: the rest of a replay waits for
/// the order, with the other cores idle.
enum DatedOrder {
    /// The facts known from which the order is worked out on several cores: below it,
    /// starting the threads costs more than they save.
    static let partsFrom = 200_000
    /// The most parts it is worked out in: the passes are bound by memory, not by the
    /// cores, and each part counts every day of the log's span (8 bytes a day, up to 730,485
    /// days).
    static let mostParts = 4

    /// The positions in `facts[..<known]` of the dated events not retracted, in §4 order.
    /// - Parameter parts: how many stretches of the facts to count and place at once, on as
    ///   many cores (nil: as many as there are cores, up to `mostParts`, from `partsFrom`
    ///   facts on; else one). Each stretch is counted and placed by one thread, each day's run
    ///   sorted by the thread whose share of the order it begins in; the order is the same for
    ///   any number.
    /// - Complexity: O(n + d) for n facts over d days, plus the sorts within each day.
    static func positions(_ facts: [Fact], known: Int, parts: Int? = nil) -> [Int32] {
        guard known > 0 else { return [] }
        let wanted = max(1, min(parts ?? (known >= partsFrom ? min(Pipeline.cores, mostParts) : 1), known))
        // Each part's stretch of the facts, the same in every pass (`Parallel.map`'s ranges).
        let stretch = (known + wanted - 1) / wanted
        return facts.withUnsafeBufferPointer { f -> [Int32] in
            // Read, never written, by every part.
            nonisolated(unsafe) let f = f
            @Sendable func dated(_ k: Int) -> Bool { f[k].isDated && !f[k].isRetracted }
            let ranges = Parallel.map(known, piece: stretch) { range in
                var low = Int32.max, high = Int32.min, count = 0
                for k in range where dated(k) {
                    low = min(low, f[k].earliest)
                    high = max(high, f[k].earliest)
                    count += 1
                }
                return (low: low, high: high, count: count)
            }
            let parts = ranges.count
            let count = ranges.reduce(0) { $0 + $1.count }
            guard count > 0 else { return [] }
            let low = ranges.map(\.low).min()!, high = ranges.map(\.high).max()!
            let days = Int(high) - Int(low) + 1
            // ends[p * days + d] counts part p's events on day d (from `low`), then marks where
            // they begin in the order (a day's run holds part 0's, then part 1's…), then where
            // they end.
            var ends = [Int](repeating: 0, count: days * parts)
            return ends.withUnsafeMutableBufferPointer { ends -> [Int32] in
                nonisolated(unsafe) let ends = ends
                _ = Parallel.map(known, piece: stretch) { range in
                    let base = range.lowerBound / stretch * days
                    for k in range where dated(k) { ends[base + Int(f[k].earliest - low)] += 1 }
                }
                var sum = 0
                for d in 0..<days {
                    for p in 0..<parts {
                        let n = ends[p * days + d]
                        ends[p * days + d] = sum
                        sum += n
                    }
                }
                // Placed in position order, each part's share of a day's run begins in
                // position order (the sort needs no such thing: positions are in its key).
                var slots = [UInt64](unsafeUninitializedCapacity: count) { buffer, initialized in
                    nonisolated(unsafe) let buffer = buffer
                    _ = Parallel.map(known, piece: stretch) { range in
                        let base = range.lowerBound / stretch * days
                        for k in range where dated(k) {
                            let d = base + Int(f[k].earliest - low)
                            buffer[ends[d]] = withinDay(f[k], position: k)
                            ends[d] += 1
                        }
                    }
                    initialized = count
                }
                // Day d's run ends where the last part's share of it ends. Each part sorts the
                // runs that begin in its share of the order.
                let last = (parts - 1) * days
                slots.withUnsafeMutableBufferPointer { slots in
                    nonisolated(unsafe) let slots = slots
                    _ = Parallel.map(count, piece: (count + parts - 1) / parts) { share in
                        var begin = 0
                        for d in 0..<days {
                            let end = ends[last + d]
                            if share.contains(begin) && end - begin > 1 {
                                sortRun(UnsafeMutableBufferPointer(rebasing: slots[begin..<end]))
                            }
                            begin = end
                            if begin >= share.upperBound { break }
                        }
                    }
                }
                return slots.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
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
