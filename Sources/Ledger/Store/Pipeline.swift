#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Work over independent lines, done ahead on other threads while the caller consumes the
/// results in order: the order-dependent pass (`verify`'s checks) runs on one core while
/// the per-line pass (hashing, decoding) of the pieces after it runs on the others.
///
/// The caller's thread helps too: when the piece it needs is not ready it decodes the next
/// unclaimed one instead of waiting, so a fast consumer still gets both cores. Workers run
/// at most `window` pieces ahead of the consumer, and a piece is dropped once consumed, so
/// memory holds a window of results, not all of them.
package enum Pipeline {
    /// Pieces decoded ahead of the one being consumed, at most.
    static let window = 16

    /// The cores online.
    package static var cores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Calls `consume` with `transform(range)` for consecutive ranges of `0..<count` (each
    /// `piece` long, the last one shorter), in order, while later ranges are transformed on
    /// other threads.
    /// - Parameters:
    ///   - releaseElsewhere: let go of each result on another thread once consumed, when
    ///     freeing it (many small values) would slow the consuming thread.
    ///   - transform: must only read shared state; each call writes only its result.
    ///   - consume: runs on the calling thread, in order.
    package static func run<T: Sendable>(_ count: Int, piece size: Int, releaseElsewhere: Bool = false,
                                        _ transform: @escaping @Sendable (Range<Int>) -> T,
                                        consume: (T) -> Void) {
        precondition(size > 0)
        let pieces = (count + size - 1) / size
        let range: @Sendable (Int) -> Range<Int> = { p in (p * size)..<min(count, (p + 1) * size) }
        let workers = min(pieces, max(1, cores - 1))
        guard pieces > 1, workers > 0 else {
            for p in 0..<pieces { consume(transform(range(p))) }
            return
        }
        let board = Board<T>(pieces: pieces)
        let group = DispatchGroup()
        for _ in 0..<workers {
            DispatchQueue.global().async(group: group) {
                while let p = board.claim(waitingFor: true) { board.put(p, transform(range(p))) }
            }
        }
        for p in 0..<pieces {
            while true {
                if let result = board.take(p) {
                    consume(result)
                    if releaseElsewhere { Release.elsewhere(consume result) }
                    break
                }
                // Not ready: decode a later piece rather than wait, if one is left.
                if let q = board.claim(waitingFor: false) {
                    board.put(q, transform(range(q)))
                } else {
                    board.wait(for: p)
                }
            }
        }
        group.wait()
    }

    /// The pieces' results and who has claimed which, under one lock.
    private final class Board<T>: @unchecked Sendable {
        private var results: [T?]
        private var claimed = 0
        private var consumed = 0
        private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

        init(pieces: Int) {
            results = Array(repeating: nil, count: pieces)
            pthread_mutex_init(lock, nil)
            pthread_cond_init(changed, nil)
        }

        deinit {
            pthread_cond_destroy(changed)
            pthread_mutex_destroy(lock)
            lock.deallocate()
            changed.deallocate()
        }

        /// The next piece nobody has claimed, or nil when none is left. A worker
        /// (`waitingFor: true`) first waits while it would be `window` pieces ahead; the
        /// consumer never waits here.
        func claim(waitingFor worker: Bool) -> Int? {
            pthread_mutex_lock(lock)
            defer { pthread_mutex_unlock(lock) }
            while worker && claimed < results.count && claimed >= consumed + Pipeline.window {
                pthread_cond_wait(changed, lock)
            }
            guard claimed < results.count else { return nil }
            if !worker && claimed >= consumed + Pipeline.window { return nil }
            claimed += 1
            return claimed - 1
        }

        func put(_ p: Int, _ result: T) {
            pthread_mutex_lock(lock)
            results[p] = result
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(lock)
        }

        /// Piece `p`'s result, handed over once (the board keeps no copy), or nil if not ready.
        func take(_ p: Int) -> T? {
            pthread_mutex_lock(lock)
            defer { pthread_mutex_unlock(lock) }
            guard let result = results[p] else { return nil }
            results[p] = nil
            consumed = p + 1
            pthread_cond_broadcast(changed)
            return result
        }

        /// Waits until piece `p` is ready.
        func wait(for p: Int) {
            pthread_mutex_lock(lock)
            while results[p] == nil { pthread_cond_wait(changed, lock) }
            pthread_mutex_unlock(lock)
        }
    }
}
