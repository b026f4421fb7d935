#if canImport(Glibc)
import Glibc
#endif

/// Test hooks for the crash and lock tests, in debug builds only (release builds ignore them):
///
/// - `MEMBERSHIPS_FAULT=partial-write:N` makes an append write only the first N bytes of its
///   batch (all but the last −N when N is negative) and then kill itself with SIGKILL, before
///   any `fsync` and before anything is printed — the crash a power cut or a killed process
///   can cause in the middle of a write;
/// - `MEMBERSHIPS_FAULT=hang-after-lock` makes an append hang once it holds the writers' lock,
///   as a writer stuck on a slow disk would;
/// - `MEMBERSHIPS_FAULT=cache-write:lines` (or `cache-write:rest`) makes the writing of a
///   writer's cache file fail in its per-line sections, written on another core (or in the
///   rest of the file), as a full disk would.
enum FaultPoint {
    /// The fault asked for, in a debug build.
    private static var fault: String? {
        #if DEBUG
        return getenv("MEMBERSHIPS_FAULT").map { String(cString: $0) }
        #else
        return nil
        #endif
    }

    /// Whether writing `half` of a writer's cache file (`"lines"` or `"rest"`) is to fail.
    static func cacheWriteFails(_ half: String) -> Bool {
        fault == "cache-write:" + half
    }

    /// Called once an append holds the lock. Never returns when asked to hang.
    static func afterLock() {
        guard fault == "hang-after-lock" else { return }
        while true { sleep(60) }
    }

    /// Called just before an append writes its batch. Returns only when no fault is asked for.
    static func beforeWrite(fd: Int32, _ bytes: [UInt8], path: String) throws(LedgerError) {
        guard let text = fault, text.hasPrefix("partial-write:"), let n = Int(text.dropFirst("partial-write:".count)) else { return }
        let count = n >= 0 ? min(n, bytes.count) : max(0, bytes.count + n)
        try FileIO.writeAll(fd: fd, Array(bytes.prefix(count)), path: path)
        raise(SIGKILL)
    }
}
