import Dispatch

/// Work over independent lines, split in pieces across the cores.
package enum Parallel {
    /// Lines per piece; fewer lines than this run on the calling thread.
    package static let piece = 8192

    /// `transform` applied to consecutive ranges of `0..<count`, results in order.
    /// - Parameters:
    ///   - transform: must only read shared state; each call writes only its result.
    ///   - progress: told of each range once it is done (from the thread that did it).
    /// - Parameter piece: the ranges' length (the last one shorter).
    package static func map<T: Sendable>(_ count: Int, piece: Int = piece, progress: (any ProgressSink)? = nil,
                                         _ transform: @Sendable (Range<Int>) -> T) -> [T] {
        let pieces = max(1, (count + piece - 1) / piece)
        let ranges = (0..<pieces).map { ($0 * piece)..<min(count, ($0 + 1) * piece) }
        if pieces == 1 {
            let result = transform(ranges[0])
            progress?.advance(count)
            return [result]
        }
        var results = [T?](repeating: nil, count: pieces)
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: pieces) { p in
                out[p] = transform(ranges[p])
                progress?.advance(ranges[p].count)
            }
        }
        return results.map { $0! }
    }
}
