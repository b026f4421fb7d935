#if canImport(Glibc)
import Glibc
#endif

/// A test hook for the crash tests, in debug builds only (release builds ignore it):
/// `MEMBERSHIPS_FAULT=partial-write:N` makes an append write only the first N bytes of its
/// batch (all but the last −N when N is negative) and then kill itself with SIGKILL, before
/// any `fsync` and before anything is printed — the crash a power cut or a killed process
/// can cause in the middle of a write.
enum FaultPoint {
    /// Called just before an append writes its batch. Returns only when no fault is asked for.
    static func beforeWrite(fd: Int32, _ bytes: [UInt8], path: String) throws(LedgerError) {
        #if DEBUG
        guard let text = getenv("MEMBERSHIPS_FAULT").map({ String(cString: $0) }), text.hasPrefix("partial-write:"),
              let n = Int(text.dropFirst("partial-write:".count)) else { return }
        let count = n >= 0 ? min(n, bytes.count) : max(0, bytes.count + n)
        try FileIO.writeAll(fd: fd, Array(bytes.prefix(count)), path: path)
        raise(SIGKILL)
        #endif
    }
}
