/// "Did you mean …?" hints: the closest candidate by edit distance.
public enum Suggestion {
    /// The candidate nearest to `word`, if it is close enough to be a plausible typo.
    public static func nearest<S: Sequence>(to word: String, in candidates: S) -> String? where S.Element == String {
        var nearest = Nearest(to: word)
        for candidate in candidates { nearest.consider(candidate) }
        return nearest.found
    }

    /// `" (did you mean 'x'?)"`, or an empty string.
    public static func hint<S: Sequence>(for word: String, in candidates: S) -> String where S.Element == String {
        hint(nearest(to: word, in: candidates))
    }

    /// `" (did you mean 'x'?)"` for the nearest candidate found, or an empty string.
    public static func hint(_ nearest: String?) -> String {
        nearest.map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// The nearest candidate so far, given one at a time (a million ids need not be held to
    /// find the one nearest a typo): the answer `nearest(to:in:)` gives for the candidates
    /// seen. Ties go to the candidate first in string order.
    ///
    /// Only candidates within a few edits can be the answer, so a candidate whose length
    /// alone puts it further than the best so far is passed over, and its distance is
    /// abandoned as soon as it must exceed that: most of a log's ids cost a few comparisons.
    public struct Nearest {
        /// The word, lowercased.
        private let target: [Unicode.Scalar]
        /// Edits allowed: a third of the word's length, from one to three.
        private let limit: Int
        private var best: (candidate: String, distance: Int)?
        /// The candidate being measured, lowercased (one buffer for every candidate).
        private var scalars: [Unicode.Scalar] = []

        /// Nothing seen yet.
        public init(to word: String) {
            target = Array(word.lowercased().unicodeScalars)
            limit = max(1, min(3, target.count / 3))
        }

        /// The nearest candidate seen, if it is close enough to be a plausible typo.
        public var found: String? { best?.candidate }

        /// Measures one more candidate.
        public mutating func consider(_ candidate: String) {
            // Ties count (the first in string order wins), so a candidate as far as the best
            // so far is still measured.
            let bound = min(limit, best?.distance ?? limit)
            scalars.removeAll(keepingCapacity: true)
            if candidate.utf8.allSatisfy({ $0 < 0x80 }) {
                // A length alone too far off; else lowercased as `lowercased()` would.
                guard abs(candidate.utf8.count - target.count) <= bound else { return }
                for byte in candidate.utf8 { scalars.append(Unicode.Scalar(byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte)) }
            } else {
                scalars.append(contentsOf: candidate.lowercased().unicodeScalars)
            }
            guard abs(scalars.count - target.count) <= bound,
                  let d = Suggestion.distance(target, scalars, atMost: bound) else { return }
            if best == nil || d < best!.distance || (d == best!.distance && candidate < best!.candidate) { best = (candidate, d) }
        }
    }

    /// Edit distance counting insertions, deletions, substitutions and swaps of
    /// neighbours as one edit each (optimal string alignment).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        distance(a, b, atMost: Int.max)!
    }

    /// The edit distance of `a` and `b` when it is at most `bound`, else nil (found out as
    /// soon as two rows in turn are all past it: every alignment crosses one of them).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], atMost bound: Int) -> Int? {
        if a.isEmpty { return b.count <= bound ? b.count : nil }
        if b.isEmpty { return a.count <= bound ? a.count : nil }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        var previousLowest = 0
        for i in 1...a.count {
            current[0] = i
            var lowest = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
                lowest = min(lowest, current[j])
            }
            if lowest > bound && previousLowest > bound { return nil }
            previousLowest = lowest
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count] <= bound ? previous[b.count] : nil
    }
}
