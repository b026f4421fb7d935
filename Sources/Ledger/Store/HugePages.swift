#if canImport(Glibc)
import Glibc
#endif

/// Large arrays backed by 2 MB pages where the kernel offers them (Linux's transparent huge
/// pages in `madvise` mode): a replay of ten million events keeps arrays of hundreds of
/// megabytes that it reads in random order, and with 4 KB pages it spends its time in page
/// faults (each zeroing 4 KB) and address-translation misses. Elsewhere this does nothing.
package enum HugePages {
    /// Arrays smaller than this are left alone.
    package static let threshold = 8 << 20

    /// Advises the kernel to back the storage of `array` (its whole capacity, as far as it
    /// is made of whole 2 MB pages) with huge pages. Call it right after reserving the
    /// capacity, before the elements are written: pages already touched stay small.
    package static func advise<Element>(_ array: inout [Element]) {
        let capacity = array.capacity
        array.withUnsafeMutableBufferPointer { advise(UnsafeMutableBufferPointer(start: $0.baseAddress, count: capacity)) }
    }

    /// Advises the kernel to back `buffer` (not yet written) with huge pages, when it is
    /// not smaller than `threshold`.
    package static func advise<Element>(_ buffer: UnsafeMutableBufferPointer<Element>) {
        let bytes = buffer.count * MemoryLayout<Element>.stride
        guard bytes >= threshold, let base = buffer.baseAddress else { return }
        advise(UnsafeMutableRawPointer(base), bytes: bytes)
    }

    /// An array of `count` elements left unwritten, its storage advised onto huge pages
    /// before anything touches it: for trivial elements that the caller writes, each before
    /// it is read (what is never written must not be read).
    package static func unwritten<Element: BitwiseCopyable>(count: Int) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            advise(buffer)
            initialized = count
        }
    }

    /// Advises the kernel to back `bytes` bytes at `start` with huge pages (the whole 2 MB
    /// pages inside them).
    package static func advise(_ start: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        let huge = 2 << 20
        let first = (Int(bitPattern: start) + huge - 1) / huge * huge
        let end = (Int(bitPattern: start) + bytes) / huge * huge
        guard end > first, let pointer = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(pointer, end - first, MADV_HUGEPAGE)
        #endif
    }

    /// Has the kernel map and zero the pages of `array`'s whole capacity now, on another
    /// thread, while the caller fills it: the caller then writes to memory that is ready
    /// instead of stopping at each new page (zeroing fresh pages was a fifth of the main
    /// thread's time in a replay of ten million events). The contents are not touched, so
    /// the caller may write at the same time. Where the kernel cannot (Linux before 5.14,
    /// other systems, arrays under `threshold`) this does nothing and returns nil. Wait for
    /// the result before the array is freed or grown.
    package static func populate<Element>(_ array: inout [Element]) -> Background<Void>? {
        #if os(Linux)
        guard let (first, end) = wholePages(&array) else { return nil }
        return Background { populate(first, end) }
        #else
        return nil
        #endif
    }

    /// `populate`, done on the calling thread before it returns: for a thread that makes an
    /// array ready for another one to fill.
    package static func populateNow<Element>(_ array: inout [Element]) {
        #if os(Linux)
        if let (first, end) = wholePages(&array) { populate(first, end) }
        #endif
    }

    #if os(Linux)
    /// The whole 4 KB pages of `array`'s capacity, as addresses, when it is not under `threshold`.
    private static func wholePages<Element>(_ array: inout [Element]) -> (first: Int, end: Int)? {
        let bytes = array.capacity * MemoryLayout<Element>.stride
        guard bytes >= threshold else { return nil }
        let start = array.withUnsafeMutableBufferPointer { Int(bitPattern: $0.baseAddress) }
        let page = 4096
        let first = (start + page - 1) / page * page
        let end = (start + bytes) / page * page
        return end > first ? (first, end) : nil
    }

    /// Maps and zeroes the pages from `first` to `end`, 2 MB at a time: the kernel holds the
    /// process's memory map while it populates, and any thread that maps memory meanwhile (a
    /// decoder allocating its piece) waits; one call over hundreds of megabytes stalled every
    /// other thread.
    private static func populate(_ first: Int, _ end: Int) {
        let chunk = 2 << 20
        var lower = first
        while lower < end {
            let upper = min(end, lower + chunk)
            _ = madvise(UnsafeMutableRawPointer(bitPattern: lower), upper - lower, populateWrite)
            lower = upper
        }
    }
    #endif

    #if os(Linux)
    /// `MADV_POPULATE_WRITE` (Linux 5.14), spelled out for C libraries that predate it.
    private static let populateWrite: Int32 = 23
    #endif
}
