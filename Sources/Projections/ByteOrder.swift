/// Strings' byte order, eight bytes at a time: how slugs (ASCII, whose byte order is their
/// order as `String`s) are sorted without comparing them as `String`s.
enum ByteOrder {
    /// The eight bytes of `bytes` from `from`, big-endian in one number, zero past the end:
    /// two strings' numbers compare as their bytes there do (a string that ends compares as
    /// if a zero byte followed, so equal numbers leave the rest to decide).
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> UInt64 {
        var w: UInt64 = 0
        for k in from..<from + 8 { w = w << 8 | UInt64(k < bytes.count ? bytes[k] : 0) }
        return w
    }

    /// Handles sorted by their strings' bytes, given each one's first word (`key`, from
    /// `word(_:from: 0)`): a radix sort on that word, then each run that shares it sorted by
    /// the second word (`second`) and, where that ties too, by `precedes` (a strict order on
    /// whole strings that agrees with their bytes').
    ///
    /// A comparison sort of a million slugs spent a third of a second on cache misses; most
    /// slugs differ in their first eight bytes, and those that do not are few to a run.
    static func sort(_ keyed: inout [(key: UInt64, index: Int32)], second: (Int32) -> UInt64,
                     precedes: (Int32, Int32) -> Bool) {
        RadixSort.sort(&keyed)
        var run: [(word: UInt64, index: Int32)] = []
        var start = 0
        while start < keyed.count {
            var end = start + 1
            while end < keyed.count && keyed[end].key == keyed[start].key { end += 1 }
            if end - start > 1 {
                run.removeAll(keepingCapacity: true)
                for k in start..<end { run.append((second(keyed[k].index), keyed[k].index)) }
                run.sort { a, b in a.word != b.word ? a.word < b.word : precedes(a.index, b.index) }
                for (k, entry) in run.enumerated() { keyed[start + k].index = entry.index }
            }
            start = end
        }
    }
}
