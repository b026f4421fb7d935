#if canImport(Glibc)
import Glibc
#endif
import Prefetch
import Synchronization

/// Every network slug the process has met, each kept once, for as long as the process runs:
/// a `NetworkID` is the number of its slug here (and the slug's key), not a `String`.
///
/// A log names a few hundred networks on a million lines, and the validator copies each
/// line's network into several lists (`LedgerIndex.Mark`). As a `String`, every copy counted
/// the slug's storage up and down, and comparing two slugs compared their bytes: a tenth of
/// `verify`'s checking thread, for a few hundred distinct values. As a number, a network is
/// copied and compared like an integer.
///
/// Slugs are added under a lock and never removed or moved. A slug already kept is found
/// without the lock, through a direct-mapped table of recent keys whose words are published
/// only once their entry is written. The memory kept grows with the distinct network slugs
/// the process meets (a few hundred in a real log; a fuzzer's random slugs are kept too).
final class NetworkSlugs: @unchecked Sendable {
    /// The process's slugs.
    static let shared = NetworkSlugs()

    /// One slug: its text, and its bytes (never freed, so compared without a copy).
    struct Entry {
        let text: String
        let bytes: UnsafeBufferPointer<UInt8>
    }

    /// Entries live in chunks that never move: chunk `c` holds `firstChunk << c` entries.
    private static let firstChunk = 256
    private static let chunkCount = 24
    private let chunks: UnsafeMutablePointer<UnsafeMutablePointer<Entry>?>

    /// The lock-free way in: word `key & (recentCount - 1)` holds the high half of a key
    /// and the number of its slug + 1 (0: empty), published after the entry is written.
    private static let recentCount = 4096
    private let recent: UnsafeMutablePointer<UInt64>

    /// Under the lock: every slug's number, by its bytes (one text, one number, whatever
    /// key a caller gives it), and how many there are.
    private struct Book {
        var numbers: [[UInt8]: UInt32] = [:]
        var count = 0
    }
    private let book = Mutex(Book())

    private init() {
        chunks = .allocate(capacity: Self.chunkCount)
        chunks.initialize(repeating: nil, count: Self.chunkCount)
        recent = .allocate(capacity: Self.recentCount)
        recent.initialize(repeating: 0, count: Self.recentCount)
    }

    /// The chunk of slug `number` and its place in it.
    @inline(__always)
    private static func place(_ number: UInt32) -> (chunk: Int, offset: Int) {
        let biased = Int(number) + firstChunk
        let chunk = (Int.bitWidth - 1 - biased.leadingZeroBitCount) - (firstChunk.trailingZeroBitCount)
        return (chunk, biased - (firstChunk << chunk))
    }

    /// The entry of slug `number` (one this process made).
    @inline(__always)
    func entry(_ number: UInt32) -> UnsafePointer<Entry> {
        let (chunk, offset) = Self.place(number)
        return UnsafePointer(chunks[chunk].unsafelyUnwrapped + offset)
    }

    /// The number of the slug whose bytes are `bytes` and whose key is `key`
    /// (`IdentifierKey`), kept now if it was not.
    func number(of bytes: UnsafeBufferPointer<UInt8>, key: UInt64) -> UInt32 {
        let word = recent + Int(truncatingIfNeeded: key & UInt64(Self.recentCount - 1))
        let seen = published_load(word)
        if seen != 0, seen >> 32 == key >> 32 {
            let number = UInt32(truncatingIfNeeded: seen) - 1
            if Self.equal(entry(number).pointee.bytes, bytes) { return number }
        }
        let number = book.withLock { book -> UInt32 in
            let asKey = Array(bytes)
            if let known = book.numbers[asKey] { return known }
            let number = UInt32(book.count)
            precondition(book.count < (Self.firstChunk << Self.chunkCount) - Self.firstChunk, "too many network slugs")
            let (chunk, offset) = Self.place(number)
            if chunks[chunk] == nil { chunks[chunk] = .allocate(capacity: Self.firstChunk << chunk) }
            let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
            _ = copy.initialize(from: bytes)
            (chunks[chunk]! + offset).initialize(to: Entry(text: String(decoding: bytes, as: UTF8.self),
                                                           bytes: UnsafeBufferPointer(copy)))
            book.numbers[asKey] = number
            book.count += 1
            return number
        }
        published_store(word, (key >> 32) << 32 | UInt64(number + 1))
        return number
    }

    @inline(__always)
    private static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let pa = a.baseAddress, let pb = b.baseAddress else { return true }
        return memcmp(pa, pb, a.count) == 0
    }
}
