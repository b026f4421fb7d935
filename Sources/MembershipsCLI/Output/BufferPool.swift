import Synchronization

/// Buffers handed back once their bytes are written, for the next piece of rows: a view of a
/// million rows writes a hundred megabytes and more, and fresh memory for each piece cost a
/// page fault and a miss to memory per line written; a few buffers taken in turn stay in
/// the caches. Freed with the pool.
final class BufferPool: Sendable {
    private let free = Mutex<[Buffer]>([])

    /// A buffer no piece holds (only the pool reaches it).
    private struct Buffer: @unchecked Sendable {
        let base: UnsafeMutablePointer<UInt8>
        let capacity: Int
    }

    init() {}

    /// A buffer of at least `capacity` bytes (the last one handed back, when it is large
    /// enough), and its capacity.
    func take(_ capacity: Int) -> (UnsafeMutablePointer<UInt8>, Int) {
        let reused = free.withLock { list -> (UnsafeMutablePointer<UInt8>, Int)? in
            guard let last = list.last, last.capacity >= capacity else { return nil }
            list.removeLast()
            return (last.base, last.capacity)
        }
        return reused ?? (.allocate(capacity: capacity), capacity)
    }

    /// Hands back a buffer of `capacity` bytes.
    func put(_ base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        free.withLock { $0.append(Buffer(base: base, capacity: capacity)) }
    }

    deinit {
        free.withLock { list in for buffer in list { buffer.base.deallocate() } }
    }
}
